"""Bringing evidence in: drop, file dialog, clipboard paste and screen capture."""
