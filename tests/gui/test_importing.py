"""Import by drop, by clipboard paste, cancelling, and the window staying responsive."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from evidencekit.core.evidence import list_items
from tests.gui.conftest import unlock
from tests.gui.helpers import main_screen, write_images


def drop(widget: object, paths: list[Path]) -> None:
    """What a real drag does: enter (which must be accepted), then drop."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_drop_files_and_folders(make_app, qtbot, existing_vault: Path, tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    images = write_images(tmp_path / "in", 3)
    write_images(tmp_path / "folder", 2, marker="folder")
    (tmp_path / "empty.txt").write_bytes(b"")
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        drop(screen, [*images, tmp_path / "folder", tmp_path / "empty.txt", images[0]])
    summary = screen.importer.last_summary
    assert summary is not None
    assert summary.isVisible()
    assert summary.imported_label.text() == "Added to the vault: 5"
    assert summary.duplicate_label.text() == "Already in the vault (recorded again): 1"
    assert summary.refused_label.text() == "Not added: 1"
    assert "empty" in summary.details.model().stringList()[0]
    assert screen.evidence.model.total == 5
    assert screen.evidence.model.rowCount() == 5


def test_paste_an_image_from_the_clipboard(make_app, qtbot, existing_vault: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000) as blocker:
        screen.paste_action.trigger()
    outcomes = blocker.args[0]
    assert [o.status for o in outcomes] == ["imported"]
    items = app.session.read(lambda v: list(list_items(v.conn)))
    assert items[0].original is not None
    assert items[0].original.media_type == "image/png"
    assert items[0].original.source_path == "(pasted from the clipboard)"


def test_cancel_an_import_of_many_files(make_app, qtbot, existing_vault: Path,
                                        tmp_path: Path) -> None:
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    images = write_images(tmp_path / "many", 400)
    screen.importer.show_summary = True
    values: list[int] = []
    screen.progress.bar.valueChanged.connect(values.append)

    def files_started() -> int:
        found = re.match(r"Adding (\d+) of 400", screen.progress.text.text())
        return int(found.group(1)) if found else 0

    with qtbot.waitSignal(screen.importer.finished, timeout=60_000) as blocker:
        screen.importer.import_paths(images)
        assert screen.progress.isVisible()
        # "Adding 7 of 400" is shown once six files are in: cancel from there.
        qtbot.waitUntil(lambda: files_started() >= 7, timeout=20_000)
        qtbot.mouseClick(screen.progress.cancel, Qt.MouseButton.LeftButton)
    outcomes = blocker.args[0]
    statuses = [o.status for o in outcomes]
    assert len(outcomes) == 400 and statuses.count("imported") >= 6
    assert 0 < statuses.count("not-tried") < 400 - 6
    assert values == sorted(values), "the bar went back"
    assert not screen.progress.isVisible()
    summary = screen.importer.last_summary
    assert "Import stopped" in summary.findChildren(type(screen.progress.text))[0].text()
    assert summary.not_tried_label.text().startswith(
        f"Not tried, because you stopped the import: {statuses.count('not-tried')}.")
    count = app.session.read(lambda v: len(list(list_items(v.conn))))
    assert count == len([o for o in outcomes if o.status == "imported"])


def test_the_window_keeps_working_while_200_files_are_imported(make_app, qtbot,
                                                                existing_vault: Path,
                                                                tmp_path: Path) -> None:
    """The import runs off the GUI thread: the event loop keeps turning between its steps.

    How long the loop may pause is a speed figure, measured in bench/gui_bench.py; this test
    checks the structure: a 10 ms timer on the GUI thread keeps firing between the import's
    progress reports. An import on the GUI thread would deliver all of them with no tick between.
    """
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    images = write_images(tmp_path / "stall", 200)
    events: list[str] = []
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: events.append("tick"))
    screen.progress.bar.valueChanged.connect(lambda _v: events.append("progress"))
    ticker.start()
    with qtbot.waitSignal(screen.importer.finished, timeout=60_000) as blocker:
        screen.importer.import_paths(images)
    ticker.stop()
    assert len(blocker.args[0]) == 200
    during = "".join("t" if e == "tick" else "p" for e in events)
    during = during[during.index("p"):during.rindex("p") + 1]
    # Runs of progress reports separated by ticks: many, since the loop turned between them.
    assert len([run for run in during.split("t") if run]) >= 5, during


def _snapshot(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_no_plaintext_outside_the_vault(make_app, qtbot, existing_vault: Path, tmp_path: Path,
                                        settings_path: Path) -> None:
    marker = "MARKER-7f3a9c-evidence"
    sources = write_images(tmp_path / "src", 3, marker=marker)
    home = Path(os.environ["HOME"])
    temp = Path(os.environ.get("TMPDIR", "/tmp"))
    home_before, temp_before = _snapshot(home), _snapshot(temp)
    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    with qtbot.waitSignal(screen.importer.finished, timeout=20_000):
        screen.importer.import_paths(sources)
    screen.evidence.set_view("grid")
    screen.evidence.select_item(1)
    qtbot.waitUntil(lambda: screen.evidence.detail.preview.stack.currentWidget()
                    is screen.evidence.detail.preview.view, timeout=10_000)
    qtbot.wait(200)
    app.session.lock()
    new_home = _snapshot(home) - home_before
    new_temp = {p for p in _snapshot(temp) - temp_before
                if not p.is_relative_to(tmp_path)}
    allowed = {existing_vault, settings_path.parent}
    # fontconfig may write its own font cache under $HOME; it holds no evidence.
    unexpected = {p for p in new_home if not any(p.is_relative_to(a) for a in allowed)
                  and "fontconfig" not in p.parts}
    assert not unexpected, unexpected
    for path in new_home | new_temp:
        if path.is_relative_to(existing_vault) or not path.exists():
            continue
        assert marker.encode() not in path.read_bytes(), path


def test_pasted_screenshot_text_is_read_by_ocr(make_app, qtbot, existing_vault: Path) -> None:  # type: ignore[no-untyped-def]
    """With OCR on (the default), the text of a pasted screenshot becomes searchable."""
    from PySide6.QtGui import QFont, QPainter

    from evidencekit.core.evidence import list_derived
    from evidencekit.core.search import search

    app = make_app()
    unlock(app, qtbot)
    screen = main_screen(app)
    image = QImage(900, 160, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(QFont("Noto Sans", 36))
    painter.drawText(20, 100, "Je vais te menacer demain")
    painter.end()
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(screen.importer.text_read, timeout=60_000) as blocker:
        screen.paste_action.trigger()
    assert blocker.args == [1]
    item_id = app.session.read(lambda v: next(iter(list_items(v.conn))).id)
    kinds = app.session.read(lambda v: [d.kind for d in list_derived(v.conn, item_id)])
    assert kinds == ["ocr"]
    hits = app.session.read(lambda v: search(v.conn, "menacer"))
    assert [h.item_id for h in hits] == [item_id]
