"""The verify page."""
