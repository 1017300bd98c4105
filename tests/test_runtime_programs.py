"""Which outside programs the app itself may start, so the .deb depends on or recommends exactly
those (packaging/build_deb.py). Poppler's tools (pdftoppm, pdftotext…) are for the tests and for
looking at dossier pages only: the export preview draws the PDF with QtPdf."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POPPLER = ("pdftoppm", "pdftotext", "pdftocairo", "pdfinfo", "pdfimages", "pdftops", "pdfunite")


def program_names(source: str) -> set[str]:
    """Poppler program names in the string constants of a module, docstrings left out (they
    may say why a program is *not* used)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            found |= {name for name in POPPLER if name in node.value}
    return found


def test_the_check_sees_a_call() -> None:
    assert program_names('"""Uses pdftoppm? No."""\nimport subprocess\n'
                         'subprocess.run(["pdftoppm", "-png", "x.pdf"])\n') == {"pdftoppm"}
    assert program_names('"""pdftotext is for the tests."""\nX = 1\n') == set()


def test_the_app_starts_no_poppler_program() -> None:
    modules = sorted((ROOT / "evidencekit").rglob("*.py"))
    assert len(modules) > 100
    found = {str(m.relative_to(ROOT)): names for m in modules
             if (names := program_names(m.read_text(encoding="utf-8")))}
    assert found == {}, "the .deb must depend on poppler-utils again"


def test_the_package_does_not_recommend_poppler() -> None:
    text = (ROOT / "packaging" / "build_deb.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    lists = {t.id: ast.literal_eval(node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name) and t.id in ("DEPENDS", "RECOMMENDS")}
    assert set(lists) == {"DEPENDS", "RECOMMENDS"}
    assert not [p for p in lists["DEPENDS"] + lists["RECOMMENDS"] if "poppler" in p]
