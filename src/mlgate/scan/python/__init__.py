"""Python analysis: the Python detector, its static analysis of loader calls, and the cross-module pass."""
