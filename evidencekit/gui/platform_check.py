"""Can Qt start here? Answered before any Qt library is loaded, in one sentence if not.

When Qt cannot load its platform plugin (no display, or a system library such as
libxcb-cursor0 missing) it prints a page of plugin messages and calls abort(): the user sees
"Aborted (core dumped)". This module asks the same questions first, without importing Qt: it
loads the platform plugin with the dynamic loader (which names the first missing library) and
opens a connection to the X display, then says what is missing and how to install it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from evidencekit.i18n import _

# Platforms that need no display server at all.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"})

# Shared-object names Qt's xcb plugin and Qt's own libraries need on Linux, with the Debian and
# Ubuntu package that provides each (same names on both). Qt 6.5 and later need libxcb-cursor0,
# the usual cause of "could not load the Qt platform plugin xcb" on a fresh desktop.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def missing_library(loader_error: str) -> str | None:
    """The shared-object name in a dynamic-loader error ("libX.so.0: cannot open …")."""
    found = _MISSING.search(loader_error)
    return found.group(1) if found else None


def missing_library_sentence(soname: str) -> str:
    """What to tell the user when `soname` cannot be loaded."""
    package = DEBIAN_PACKAGES.get(soname)
    if package:
        return _("the desktop app cannot start: the system library {library} is missing. "
                 "Install it (on Debian or Ubuntu: sudo apt install {package}) and start "
                 "again; the command line works meanwhile: evidencekit --help").format(
                     library=soname, package=package)
    if soname.startswith(("libQt6", "libpyside6", "libshiboken6")):
        return _("the desktop app cannot start: its own library {library} is missing, so "
                 "this installation is incomplete. Reinstall evidencekit; the command line "
                 "works meanwhile: evidencekit --help").format(library=soname)
    return _("the desktop app cannot start: the system library {library} is missing. Install "
             "the package that provides it with your package manager and start again; the "
             "command line works meanwhile: evidencekit --help").format(library=soname)


def no_display_sentence() -> str:
    return _("no graphical display was found, so the desktop app cannot start; the command "
             "line works: evidencekit --help")


def unreachable_display_sentence(display: str) -> str:
    return _("the desktop app cannot start: the graphical display {display} does not answer. "
             "Start it from your desktop session; the command line works meanwhile: "
             "evidencekit --help").format(display=display)


def qt_plugin_dir() -> Path | None:
    """Qt's platform-plugin folder, found without importing (and so loading) Qt."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "PySide6" / "Qt" / "plugins" / "platforms"
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms"


def load_problem(library: Path) -> str | None:
    """None if the dynamic loader can load `library`; else the sentence naming what is missing."""
    try:
        ctypes.CDLL(str(library))
    except OSError as exc:
        soname = missing_library(str(exc))
        if soname is None:
            return _("the desktop app cannot start: {reason}").format(reason=exc)
        return missing_library_sentence(soname)
    return None


def display_problem(display: str) -> str | None:
    """None if the X server `display` accepts a connection (as Qt's xcb plugin will try)."""
    name = ctypes.util.find_library("xcb")
    if name is None:
        return missing_library_sentence("libxcb.so.1")
    xcb = ctypes.CDLL(name)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        if xcb.xcb_connection_has_error(connection):
            return unreachable_display_sentence(display)
    finally:
        xcb.xcb_disconnect(connection)
    return None


def startup_problem(environ: Mapping[str, str] | None = None,
                    platform: str | None = None,
                    plugin_dir: Path | None = None) -> str | None:
    """None when Qt can start its platform plugin; else one sentence for the user."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None  # Windows and macOS plugins need no display server or extra library
    chosen = [p.strip().split(":")[0] for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [p for p in chosen if p]
    if chosen and chosen[0] in HEADLESS_PLATFORMS:
        return None
    wants_wayland = chosen[:1] == ["wayland"] or (
        not chosen and env.get("XDG_SESSION_TYPE") == "wayland")
    if wants_wayland and env.get("WAYLAND_DISPLAY"):
        # Qt falls back to xcb by itself when Wayland fails; the Wayland client libraries are
        # part of every Wayland desktop.
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return no_display_sentence()
    folder = plugin_dir if plugin_dir is not None else qt_plugin_dir()
    if folder is not None and (folder / "libqxcb.so").exists():
        problem = load_problem(folder / "libqxcb.so")
        if problem:
            return problem
    return display_problem(display)
