"""ML-BOM writers and readers."""
