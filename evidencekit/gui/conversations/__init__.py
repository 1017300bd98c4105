"""The conversations page."""
