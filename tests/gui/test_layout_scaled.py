"""The layout check at a real 200 % scale: QT_SCALE_FACTOR=2 in a child process.

test_layout_fits.py checks 683×384 logical pixels in this process; this runs the whole tour
(with an export saved and the replace question) where Qt really scales by two, and reads the
problems the screenshots script prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_stop_fits_at_200_percent(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2",
               HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path))
    (tmp_path / "home").mkdir()
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.gui.screenshots", str(tmp_path / "shots"), "fr",
         "683x384"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    shots = [line for line in lines if line.endswith((".png OK", "problem(s)"))]
    assert len(shots) >= 20, done.stdout
    assert all("683x384" in line for line in shots), shots
    # Scrolling the screen is allowed at this size; anything cut is not.
    cut = [line for line in lines if not line.endswith((" OK", "problem(s)"))
           and "needs scrolling" not in line]
    assert not cut, "\n".join(cut)
    assert (tmp_path / "shots" / "export-question-fr.png").is_file()
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == []
