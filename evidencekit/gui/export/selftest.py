"""`evidencekit _selftest-preview FILE.pdf`: the packaged app checks its own export preview.

Hidden, for packaging/smoke_test.sh. A frozen build can leave QtPdf out without any error at
build time; the export wizard then breaks only when a user reaches its preview step. This entry
loads a dossier into the wizard's real PreviewStep (QPdfDocument + QPdfView, from memory as the
wizard does), paints it, and exits 0 only when pages were read and something was drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from evidencekit.gui.export.preview_step import PreviewStep


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
    for _round in range(50):  # QPdfView renders pages in the background; let it finish
        app.processEvents()
    image = step.view.grab().toImage()
    # A blank view is one colour; a rendered page has text, i.e. more than one colour.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    if len(argv) > 1:
        step.grab().save(argv[1])
    sys.stdout.write(f"preview: {step.pages} pages, {len(colours)} colours drawn\n")
    return 0 if step.pages > 0 and len(colours) > 1 else 1
