"""PyInstaller runtime hook: give child processes the user's own library path back.

On Linux the bootloader points LD_LIBRARY_PATH at the bundle folder. The dynamic loader of
*this* process read it once at start, so changing os.environ now only affects programs we
start: pdftocairo (export previews), tesseract (OCR) and anything a file dialog launches.
Those are system programs; loaded with our bundled copies of libstdc++, freetype, fontconfig
(built on the oldest supported distribution) they can fail on a newer system with
"version `GLIBCXX_…' not found". PyInstaller keeps the original value in *_ORIG.
"""

import os

for _key in ("LD_LIBRARY_PATH",):
    _orig = os.environ.pop(_key + "_ORIG", None)
    if _orig is not None:
        os.environ[_key] = _orig
    else:
        os.environ.pop(_key, None)
