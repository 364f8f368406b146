"""The detectors a scan runs. A new detector is one module plus one line here."""

from __future__ import annotations

from mlgate.scan import artifacts, configs, modelfile, notebook, python, shell, tomlfiles
from mlgate.scan.base import Detector

DETECTORS: tuple[Detector, ...] = (
    python.DETECTOR,
    notebook.DETECTOR,
    configs.DETECTOR,
    tomlfiles.DETECTOR,
    shell.DETECTOR,
    modelfile.DETECTOR,
    artifacts.DETECTOR,
)
