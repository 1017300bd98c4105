"""`evidencekit _selftest-preview FILE.pdf`: the packaged app checks its own export preview.

Hidden, for packaging/smoke_test.sh. A frozen build can leave QtPdf out without any error at
build time; the export wizard then breaks only when a user reaches its preview step. This entry
loads a dossier into the wizard's real PreviewStep (QPdfDocument + QPdfView, from memory as the
wizard does), paints it, and exits 0 only when pages were read and something was drawn.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtGui import qGray
from PySide6.QtWidgets import QApplication

from evidencekit.gui.export.preview_step import PreviewStep


def _dark_pixels(step: PreviewStep) -> int:
    """Pixels of the view darker than its grey frame: the text of a rendered page."""
    image = step.view.grab().toImage()
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if qGray(image.pixel(x, y)) < 100)


def run_selftest(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: evidencekit _selftest-preview FILE.pdf [SCREENSHOT.png]\n")
        return 2
    data = Path(argv[0]).read_bytes()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    step = PreviewStep()
    step.resize(700, 900)
    step.show()
    step.show_pdf(data, 0)
    step.show_pdf(data, step.pages)  # again, now that the page count is known, for the status
    # QPdfView renders pages in the background: wait (20 s at most) for text to appear.
    deadline = time.monotonic() + 20
    while (dark := _dark_pixels(step)) == 0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    if len(argv) > 1:
        step.grab().save(argv[1])
    sys.stdout.write(f"preview: {step.pages} pages, {dark} dark pixels drawn\n")
    return 0 if step.pages > 0 and dark > 0 else 1
