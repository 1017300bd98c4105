"""No god modules: every Python module of the app stays under 600 lines (house rule)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 600
PACKAGE = Path(__file__).resolve().parent.parent / "evidencekit"


def test_no_module_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE.parent)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_long, f"split these modules (lines): {too_long}"
