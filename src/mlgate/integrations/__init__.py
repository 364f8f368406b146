"""Glue for the places mlgate runs besides a terminal (the GitHub Action)."""
