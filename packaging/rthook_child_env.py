"""PyInstaller runtime hook: give child processes the user's own library path back.

On Linux the bootloader points LD_LIBRARY_PATH at the bundle folder. The dynamic loader of
*this* process read it once at start, so changing os.environ now only affects programs we
start: tesseract (OCR) and anything a file dialog launches.
Those are system programs; loaded with our bundled copies of libstdc++, freetype, fontconfig
(built on the oldest supported distribution) they can fail on a newer system with
"version `GLIBCXX_…' not found". PyInstaller keeps the original value in *_ORIG.

Two children are ours, not the system's, and need the bundle's libraries:
 * the web capture's browser, which is this same executable (`evidencekit _capture-browser`).
   The bootloader treats a child that inherits its _PYI_* variables as a helper of the running
   app and does not set the library path up again; PYINSTALLER_RESET_ENVIRONMENT=1 makes it
   start as a fresh instance that does. System programs ignore the variable.
 * QtWebEngineProcess (Chromium's renderer, bundled), which *that* child starts. So the
   capture child keeps the bundle's library path: it starts no system program.
"""

import os
import sys


def _restore_user_library_path() -> None:
    os.environ["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    if sys.argv[1:2] == ["_capture-browser"]:
        return
    for key in ("LD_LIBRARY_PATH",):
        orig = os.environ.pop(key + "_ORIG", None)
        if orig is not None:
            os.environ[key] = orig
        else:
            os.environ.pop(key, None)


_restore_user_library_path()
