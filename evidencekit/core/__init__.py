"""The vault, evidence model, custody log, hashing and time. Never imports Qt."""
