"""Import errors re-exported for parsers, so they depend on one small module only."""

from evidencekit.core.errors import UnsupportedInput

__all__ = ["UnsupportedInput"]
