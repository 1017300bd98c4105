"""The settings dialog: language, time zone, auto-lock, OCR, timestamp authority, keys."""
