"""evidencekit: an offline, encrypted evidence keeper for people targeted by cyber-harassment."""

__version__ = "0.1.0"
