"""Screenshots of every stop of the layout tour, for a person to look at (not a test).

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \
        .venv/bin/python -m tests.gui.screenshots OUT fr
    QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 1366x768x24" ... OUT ar

(QT_QPA_PLATFORM=xcb is needed: the test fixtures this borrows choose "offscreen" otherwise.)

The window takes the size the app chooses for the screen (pass WIDTHxHEIGHT as a third argument
to force one). Each PNG is named STOP-LANG-WIDTHxHEIGHT.png and the layout problems found at
that stop are printed, so the pictures and the check can be compared. Everything is written
under OUT and a temporary folder (the vault, the settings); nothing under $HOME.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from evidencekit.gui.app import Composition, compose
from tests.gui.conftest import PASSPHRASE
from tests.gui.layout_check import clipped, sideways
from tests.gui.layout_tour import locked_tour, main_tour, settle
from tests.gui.test_pages_data import fill_vault


def main(out: Path, language: str, size: tuple[int, int] | None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        vault_path = work / "vault"
        fill_vault(vault_path, work)
        composition = compose(app, vault_path, work / "settings.json")  # type: ignore[arg-type]
        composition.apply_language(language)
        shell = composition.shell
        shell.show()
        if size is not None:
            shell.resize(*size)
        settle()

        def shoot(stop: str) -> None:
            settle()
            if stop == "export-step3":  # the preview: wait for the worker to draw the pages
                wizard = shell.main.page_widgets["export"].wizard  # type: ignore[union-attr,attr-defined]
                deadline = time.monotonic() + 60
                while wizard.preview_step.pages == 0 and time.monotonic() < deadline:
                    app.processEvents()
                    time.sleep(0.05)
                for _ in range(20):  # QPdfView draws the pages in the background
                    app.processEvents()
                    time.sleep(0.05)
            name = f"{stop}-{language}-{shell.width()}x{shell.height()}.png"
            shell.grab().save(str(out / name))
            problems: list[object] = list(clipped(shell))
            # Scrolling down is allowed on a small or zoomed screen; sideways never is.
            problems += sideways(shell)
            if shell.screen_area.verticalScrollBar().isVisible():
                problems.append("the screen needs scrolling at this size")
            print(name, "OK" if not problems else f"{len(problems)} problem(s)")
            for problem in problems:
                print("   ", problem)

        for stop in locked_tour(composition):
            shoot(stop)
        page = shell.current_screen
        page.secret.setText(PASSPHRASE)  # type: ignore[union-attr]
        page.unlock()  # type: ignore[union-attr]
        while not composition.session.is_unlocked:
            app.processEvents()
        settle()
        for stop in main_tour(composition):
            shoot(stop)
        _saved_and_asked(composition, work / "usb", shoot, out, language)
        composition.session.lock()
        composition.jobs.wait(10_000)
    return 0


def _wait(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)


def _saved_and_asked(composition: Composition, usb: Path, shoot: Callable[[str], None], out: Path,
                     language: str) -> None:
    """The save step after an export (Open / Show in folder), then the question asked when a
    second export would replace the first."""
    shell = composition.shell
    shell.main.show_page("export")  # type: ignore[union-attr]
    wizard = shell.main.page_widgets["export"].wizard  # type: ignore[union-attr,attr-defined]
    usb.mkdir()
    for _ in range(3):
        wizard.next()
    _wait(lambda: wizard.preview_step.pages > 0)
    wizard.next()
    wizard.save_step.path.setText(str(usb / "plainte.pdf"))
    wizard.save_step.bundle.setChecked(True)
    wizard.save_step.create_button.click()
    _wait(lambda: wizard.job is None and wizard.save_step.done_pdf is not None)
    shoot("export-saved")
    wizard.save_step.create_button.click()
    _wait(lambda: wizard.save_step.question is not None, 5)
    settle()
    box = wizard.save_step.question
    if box is not None:
        box.grab().save(str(out / f"export-question-{language}.png"))
        box.reject()


if __name__ == "__main__":
    forced = tuple(int(v) for v in sys.argv[3].split("x")) if len(sys.argv) > 3 else None
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], forced))  # type: ignore[arg-type]
