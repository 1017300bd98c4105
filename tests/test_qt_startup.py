"""Where Qt cannot start, the user reads one sentence, never "Aborted (core dumped)".

Each case runs the real `evidencekit` entry point in a child process: without the check, Qt's
xcb plugin calls abort() (exit by SIGABRT) when the display does not answer or a library is
missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.gui import platform_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux platforms")


def run_app(tmp_path: Path, **env_changes: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE",
                        "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
                "XDG_CONFIG_HOME": str(tmp_path / "config"), "LANG": "fr_FR.UTF-8"})
    env.update(env_changes)
    return subprocess.run([sys.executable, "-m", "evidencekit"], env=env, capture_output=True,
                          text=True, timeout=60, check=False, cwd=tmp_path)


def test_no_display_at_all_is_one_translated_sentence(tmp_path: Path) -> None:
    proc = run_app(tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "affichage" in lines[0]  # French: the user's language
    assert not (tmp_path / "data").exists()  # no vault folder made on the way out


def test_a_display_that_does_not_answer_does_not_abort(tmp_path: Path) -> None:
    # :77 has no server (no socket); Qt's xcb plugin would print its plugin page and abort().
    assert not Path("/tmp/.X11-unix/X77").exists()
    proc = run_app(tmp_path, DISPLAY=":77", LANG="C.UTF-8")
    assert proc.returncode == 2, proc.stderr
    assert proc.returncode != -signal.SIGABRT
    lines = proc.stderr.strip().splitlines()
    assert lines == [lines[0]] and ":77 does not answer" in lines[0], proc.stderr
    assert "Aborted" not in proc.stderr and "qt.qpa" not in proc.stderr


def test_a_platform_plugin_that_cannot_load_names_the_missing_library(tmp_path: Path) -> None:
    # A copy of Qt's real xcb plugin, moved away from the Qt libraries its RUNPATH points to:
    # the dynamic loader fails on libQt6XcbQpa.so.6 exactly as it would on a missing system
    # library. Checked in a child so that no Qt library is already loaded.
    source = platform_check.qt_plugin_dir()
    assert source is not None and (source / "libqxcb.so").exists()
    plugins = tmp_path / "platforms"
    plugins.mkdir()
    shutil.copy2(source / "libqxcb.so", plugins / "libqxcb.so")
    code = ("import sys; from pathlib import Path; from evidencekit.gui import platform_check as p;"
            f"print(p.startup_problem({{'DISPLAY': ':0'}}, 'linux', Path({str(plugins)!r})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "libQt6XcbQpa.so.6" in proc.stdout and "incomplete" in proc.stdout


def test_a_missing_system_library_says_which_package_to_install() -> None:
    # The exact form of glibc's dlopen error, as ctypes reports it.
    error = ("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")
    soname = platform_check.missing_library(error)
    assert soname == "libxcb-cursor.so.0"
    sentence = platform_check.missing_library_sentence(soname)
    assert "sudo apt install libxcb-cursor0" in sentence and "evidencekit --help" in sentence
    assert platform_check.missing_library("some other failure") is None


def test_headless_and_wayland_choices_are_left_to_qt() -> None:
    assert platform_check.startup_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert platform_check.startup_problem(
        {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert platform_check.startup_problem({}, "win32") is None
    assert platform_check.startup_problem({}, "linux") == platform_check.no_display_sentence()


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")
def test_a_live_x_display_passes(tmp_path: Path) -> None:
    display = ":93"
    server = subprocess.Popen(["Xvfb", display, "-nolisten", "tcp", "-screen", "0", "800x600x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _attempt in range(100):
            if Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert platform_check.startup_problem({"DISPLAY": display}, "linux") is None
    finally:
        server.terminate()
        server.wait(10)
