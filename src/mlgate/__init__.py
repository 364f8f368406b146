"""mlgate: a license compliance gate for ML supply chains."""

__version__ = "0.1.0"
