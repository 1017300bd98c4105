"""packaging/rthook_child_env.py: system programs get the user's library path; our own children
(the capture browser and its QtWebEngineProcess) keep the bundle's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HOOK = Path(__file__).resolve().parents[1] / "packaging" / "rthook_child_env.py"
RUN = ("import json, os, runpy, sys; runpy.run_path(os.environ['HOOK']); "
       "print(json.dumps({k: os.environ.get(k) for k in "
       "('LD_LIBRARY_PATH', 'LD_LIBRARY_PATH_ORIG', 'PYINSTALLER_RESET_ENVIRONMENT')}))")


def _after_hook(*argv: str, orig: str | None) -> dict[str, str | None]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LD_LIBRARY_PATH")}
    env["LD_LIBRARY_PATH"] = "/opt/evidencekit/_internal"  # what the bootloader sets
    env["HOOK"] = str(HOOK)  # argv stays the app's own: the hook looks at sys.argv[1]
    if orig is not None:
        env["LD_LIBRARY_PATH_ORIG"] = orig
    out = subprocess.run([sys.executable, "-c", RUN, *argv], env=env,
                         capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out))


def test_system_programs_get_the_user_value_back() -> None:
    env = _after_hook("ocr", orig="/home/me/lib")
    assert env["LD_LIBRARY_PATH"] == "/home/me/lib" and env["LD_LIBRARY_PATH_ORIG"] is None


def test_no_user_value_means_none() -> None:
    assert _after_hook(orig=None)["LD_LIBRARY_PATH"] is None


def test_our_own_children_start_fresh_and_the_capture_child_keeps_the_bundle() -> None:
    env = _after_hook("_capture-browser", orig=None)
    assert env["LD_LIBRARY_PATH"] == "/opt/evidencekit/_internal"
    assert env["PYINSTALLER_RESET_ENVIRONMENT"] == "1"
    assert _after_hook("ocr", orig=None)["PYINSTALLER_RESET_ENVIRONMENT"] == "1"
