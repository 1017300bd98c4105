"""Importers: one module per source format, each turning an input into originals and messages."""
