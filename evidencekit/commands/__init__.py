"""Command implementations behind `evidencekit.cli`, one module per group of commands."""
