"""The scan stage: `engine.scan(root)` finds every reference; detectors live in `python/` and `detectors/`."""
