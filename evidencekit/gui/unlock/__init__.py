"""The unlock screen and the notice of failed attempts."""
