"""The layout check at a real 200 % scale: QT_SCALE_FACTOR=2 in a child process.

Only vertical scrolling is allowed there: a sideways scroll bar on a screen or a form fails.

test_layout_fits.py checks 683×384 logical pixels in this process; this runs the whole tour
(with an export saved and the replace question) where Qt really scales by two, and reads the
problems the screenshots script prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "size"), [
    ("fr", "683x384"),  # a 1366×768 laptop at 200 %
    ("ar", "683x384"),
    ("fr", "944x492"),  # a 1920×1080 screen at 200 %, the window Shell.fit_to_screen picks
])
def test_every_stop_fits_at_200_percent(tmp_path: Path, language: str, size: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2",
               HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path))
    (tmp_path / "home").mkdir()
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.gui.screenshots", str(tmp_path / "shots"), language,
         size], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    shots = [line for line in lines if line.endswith((".png OK", "problem(s)"))]
    assert len(shots) >= 20, done.stdout
    assert all(size in line for line in shots), shots
    # Scrolling the screen down is allowed at this size; anything cut is not, and neither is a
    # screen or a form scrolling sideways (layout_check.sideways).
    cut = [line for line in lines if not line.endswith((" OK", "problem(s)"))
           and "needs scrolling" not in line]
    assert not cut, "\n".join(cut)
    assert (tmp_path / "shots" / f"export-question-{language}.png").is_file()
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == []
