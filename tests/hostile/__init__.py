"""Hostile input and failing networks: mlgate keeps working, loses nothing, leaks nothing."""
