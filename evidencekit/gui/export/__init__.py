"""The export page."""
