"""Detectors for every kind of file other than Python: configs, TOML, shell, notebooks, Modelfiles, weights."""
