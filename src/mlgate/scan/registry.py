"""The detectors a scan runs, in order. A new detector is one module plus one line here.

Order matters for the `finish` hooks: each sees the references the previous one returned.
"""

from __future__ import annotations

from mlgate.scan.base import Detector
from mlgate.scan.detectors import artifacts, configs, modelfile, notebook, scripts, tomlfiles
from mlgate.scan.python import detector as python

DETECTORS: tuple[Detector, ...] = (
    python.DETECTOR,  # finish: loader arguments that read another module's constants
    notebook.DETECTOR,
    configs.DETECTOR,
    tomlfiles.DETECTOR,
    scripts.DETECTOR,
    modelfile.DETECTOR,
    artifacts.DETECTOR,  # finish: local model directories, which absorb their safetensors shards
)
