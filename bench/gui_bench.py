"""The desktop app's responsiveness, in the real app offscreen (design.md's GUI targets).

- Opening a case of 100,000 items: from the click on the case to the first page shown.
- The longest event-loop gap while 200 files are imported, and while a 40-exhibit dossier is
  written, both through the worker exactly as the app does it. A 10 ms timer ticks on the GUI
  thread; any gap between ticks is time the window could not repaint or answer a click.
Usage: python bench/gui_bench.py [items] [files] [exhibits]
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Row, emit, scratch  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from evidencekit.core.evidence import ensure_case  # noqa: E402
from evidencekit.core.kdf import TEST_PARAMS  # noqa: E402
from evidencekit.core.timeutil import now_iso  # noqa: E402
from evidencekit.core.vault import Vault  # noqa: E402
from evidencekit.dossier.request import DossierRequest  # noqa: E402
from evidencekit.gui.app import Composition, compose  # noqa: E402
from evidencekit.gui.export.output_steps import export_job  # noqa: E402
from evidencekit.gui.main.main_window import MainScreen  # noqa: E402

PASS = "gui bench passphrase"


def wait(app: QApplication, condition, seconds: float = 600) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.001)


class GapMeter:
    """A 10 ms timer on the GUI thread; records the time between its ticks."""

    def __init__(self) -> None:
        self.gaps: list[int] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.gaps.append(self.clock.restart()))

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> tuple[int, int]:
        self.timer.stop()
        gaps = self.gaps[1:] or [0]
        return max(gaps), sum(1 for g in gaps if g >= 100)


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    exhibits = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    app = QApplication([])
    rows: list[Row] = []
    with scratch("gui") as work:
        vault, _key = Vault.create(work / "vault", PASS, kdf=TEST_PARAMS)
        with vault.transaction() as tx:
            big = ensure_case(tx, "Big")
            stamp = now_iso()
            tx.executemany("INSERT INTO items (case_id, kind, parent_id, created_at)"
                           " VALUES (?, 'url', NULL, ?)", ((big, stamp) for _ in range(items)))
        vault.close()
        composition: Composition = compose(app, work / "vault", work / "settings.json")
        composition.shell.resize(1200, 760)
        composition.shell.show()
        page = composition.shell.current_screen
        page.secret.setText(PASS)  # type: ignore[attr-defined]
        page.unlock()  # type: ignore[attr-defined]
        wait(app, lambda: isinstance(composition.shell.current_screen, MainScreen))
        screen = composition.shell.current_screen
        assert isinstance(screen, MainScreen)

        row = screen.cases_model.row_of(big)
        started = time.perf_counter()
        screen.case_list.setCurrentIndex(screen.cases_model.index(row))
        wait(app, lambda: screen.evidence.model.total == items
             and screen.evidence.model.rowCount() > 0 and screen.evidence.table.isVisible())
        app.processEvents()  # the first paint of the page
        opened = time.perf_counter() - started
        rows.append(Row("gui", f"open a case of {items:,} items (first page shown)",
                        opened * 1000, "ms", target="< 1 s", ok=opened < 1.0))

        images = work / "images"
        images.mkdir()
        for n in range(files):
            Image.new("RGB", (1080, 1920), (n % 256, 90, 200)).save(
                images / f"capture-{n:04d}.png", compress_level=1)
        screen.importer.show_summary = False
        meter = GapMeter()
        done: list[object] = []
        screen.importer.finished.connect(done.append)
        meter.start()
        started = time.perf_counter()
        screen.importer.import_paths([images])
        wait(app, lambda: bool(done))
        took = time.perf_counter() - started
        worst, late = meter.stop()
        rows.append(Row("gui", f"longest event-loop gap, importing {files} screenshots "
                        f"({took:.1f} s; {late} gaps ≥ 100 ms)", worst, "ms",
                        target="< 100 ms", ok=worst < 100))
        wait(app, lambda: composition.session.jobs.pool.activeThreadCount() == 0)  # OCR

        ids = tuple(int(r[0]) for r in composition.session.vault.conn.execute(
            "SELECT item_id FROM originals ORDER BY item_id LIMIT ?", (exhibits,)))
        request = DossierRequest("police", lang="fr", case="Big", item_ids=ids)
        result: list[object] = []
        meter.start()
        started = time.perf_counter()
        composition.session.jobs.run(export_job, composition.session.vault, request,
                                     work / "dossier.pdf", True, on_finished=result.append,
                                     on_failed=result.append)
        wait(app, lambda: bool(result))
        took = time.perf_counter() - started
        worst, late = meter.stop()
        if isinstance(result[0], str):
            raise SystemExit(f"the export failed: {result[0]}")
        rows.append(Row("gui", f"longest event-loop gap, writing a {len(ids)}-exhibit dossier "
                        f"and bundle ({took:.1f} s; {late} gaps ≥ 100 ms)", worst, "ms",
                        target="< 100 ms", ok=worst < 100))
        composition.session.lock()
        composition.jobs.wait(30_000)
    emit(rows)


if __name__ == "__main__":
    main()
