"""`python -m mlgate` runs the command-line interface."""

from mlgate.cli import main

main()
