"""The detectors a scan runs. A new detector is one module plus one line here."""

from __future__ import annotations

from mlgate.scan import configs, python
from mlgate.scan.base import Detector

DETECTORS: tuple[Detector, ...] = (
    python.DETECTOR,
    configs.DETECTOR,
)
