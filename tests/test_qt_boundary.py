"""Only evidencekit.gui may import Qt: every other package and module loads no PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evidencekit"


def test_non_gui_packages_load_no_qt() -> None:
    # Every package but gui, found rather than listed, so a new one (receive/, capture/…) is
    # covered the day it appears; and every top-level module.
    modules = [f"evidencekit.{path.stem}" for path in sorted(PACKAGE.glob("*.py"))
               if path.stem not in ("__init__", "__main__")]
    folders = sorted(p.name for p in PACKAGE.iterdir()
                     if p.is_dir() and (p / "__init__.py").exists() and p.name != "gui")
    assert {"core", "importers", "dossier", "commands", "capture", "receive"} <= set(folders)
    for folder in folders:
        for path in sorted((PACKAGE / folder).glob("*.py")):
            if path.name != "__init__.py":
                modules.append(f"evidencekit.{folder}.{path.stem}")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from evidencekit.cli import build_parser\n"
        "build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_qt_import_statement_outside_gui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6", "import shiboken6")):
                offenders.append(f"{path}: {stripped}")
    assert offenders == []
