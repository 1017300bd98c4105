"""Quick exit, auto-lock, screen-lock detection and clipboard hygiene."""
