"""Screen capture: the whole screen or a framed part, in memory only."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from evidencekit.gui.importing import capture
from evidencekit.gui.importing.capture import CaptureDialog
from evidencekit.gui.importing.region import KEY_STEP, RegionOverlay
from evidencekit.i18n import set_language


def pattern(width: int, height: int, ratio: float = 1.0) -> QImage:
    """Every pixel tells where it is: red = x % 256, green = y % 256, blue = the high bits."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for y in range(height):
        for x in range(width):
            image.setPixelColor(x, y, QColor(x % 256, y % 256, (x // 256) * 16 + y // 256))
    image.setDevicePixelRatio(ratio)
    return image


def same_pixels(a: QImage, b: QImage) -> bool:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    a.setDevicePixelRatio(1.0)
    b.setDevicePixelRatio(1.0)
    return bool(a.size() == b.size() and a == b)


def drag(qtbot: object, widget: RegionOverlay, start: QPoint, end: QPoint) -> None:
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(widget, left, pos=start)  # type: ignore[attr-defined]
    middle = (start + end) / 2
    qtbot.mouseMove(widget, middle)  # type: ignore[attr-defined]
    qtbot.mouseMove(widget, end)  # type: ignore[attr-defined]
    qtbot.mouseRelease(widget, left, pos=end)  # type: ignore[attr-defined]


@pytest.fixture
def overlay_of(qtbot: object):  # type: ignore[no-untyped-def]
    def build(image: QImage) -> RegionOverlay:
        overlay = RegionOverlay(image)
        qtbot.addWidget(overlay)  # type: ignore[attr-defined]
        overlay.show()
        qtbot.waitExposed(overlay)  # type: ignore[attr-defined]
        return overlay
    return build


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_dragging_returns_exactly_the_framed_pixels(qtbot: object, overlay_of: object,
                                                   ratio: float) -> None:
    image = pattern(int(300 * ratio), int(200 * ratio), ratio)
    overlay = overlay_of(image)  # type: ignore[operator]
    assert (overlay.width(), overlay.height()) == (300, 200)
    with qtbot.waitSignal(overlay.selected, timeout=2000) as got:  # type: ignore[attr-defined]
        drag(qtbot, overlay, QPoint(40, 30), QPoint(140, 90))
    part = got.args[0]
    r = int(ratio)
    expected = QRect(40 * r, 30 * r, 100 * r, 60 * r)
    assert part.size() == expected.size()
    assert same_pixels(part, image.copy(expected))
    assert part.pixelColor(0, 0) == QColor(40 * r, 30 * r, 0)
    assert part.devicePixelRatio() == ratio
    assert not overlay.isVisible()


def test_dragging_backwards_and_off_screen_is_kept_inside(qtbot: object,
                                                          overlay_of: object) -> None:
    image = pattern(300, 200)
    overlay = overlay_of(image)  # type: ignore[operator]
    with qtbot.waitSignal(overlay.selected, timeout=2000) as got:  # type: ignore[attr-defined]
        drag(qtbot, overlay, QPoint(250, 150), QPoint(200, 120))
    assert same_pixels(got.args[0], image.copy(QRect(200, 120, 50, 30)))


def test_escape_cancels_without_a_picture(qtbot: object, overlay_of: object) -> None:
    overlay = overlay_of(pattern(300, 200))  # type: ignore[operator]
    chosen: list[object] = []
    overlay.selected.connect(chosen.append)
    with qtbot.waitSignal(overlay.cancelled, timeout=2000):  # type: ignore[attr-defined]
        qtbot.mousePress(overlay, Qt.MouseButton.LeftButton,  # type: ignore[attr-defined]
                         pos=QPoint(10, 10))
        qtbot.mouseMove(overlay, QPoint(60, 60))  # type: ignore[attr-defined]
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton,  # type: ignore[attr-defined]
                       pos=QPoint(60, 60))
    QApplication.processEvents()
    assert chosen == []
    assert not overlay.isVisible()


def test_keyboard_moves_resizes_and_confirms(qtbot: object, overlay_of: object) -> None:
    image = pattern(300, 200)
    overlay = overlay_of(image)  # type: ignore[operator]
    assert overlay.source_rect() == QRect(75, 50, 150, 100)  # centred, half the screen
    qtbot.keyClick(overlay, Qt.Key.Key_Right)  # type: ignore[attr-defined]
    qtbot.keyClick(overlay, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    qtbot.keyClick(overlay, Qt.Key.Key_Left,  # type: ignore[attr-defined]
                   Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(overlay, Qt.Key.Key_Up,  # type: ignore[attr-defined]
                   Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    for _n in range(40):  # cannot leave the screen
        qtbot.keyClick(overlay, Qt.Key.Key_Right)  # type: ignore[attr-defined]
    expected = QRect(300 - (150 - KEY_STEP), 50 + KEY_STEP, 150 - KEY_STEP, 100 - 1)
    assert overlay.source_rect() == expected
    with qtbot.waitSignal(overlay.selected, timeout=2000) as got:  # type: ignore[attr-defined]
        qtbot.keyClick(overlay, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert same_pixels(got.args[0], image.copy(expected))


def test_instructions_follow_the_language(qtbot: object) -> None:
    set_language("fr")
    try:
        overlay = RegionOverlay(pattern(40, 30))
        qtbot.addWidget(overlay)  # type: ignore[attr-defined]
        assert "Échap" in overlay.instructions
        assert "Entrée" in overlay.instructions
    finally:
        set_language("en")


@pytest.fixture
def no_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return home, temp


def screen_picture() -> QImage:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    ratio = screen.devicePixelRatio()
    size = screen.geometry().size() * ratio
    return pattern(size.width(), size.height(), ratio)


def test_part_mode_emits_the_framed_region(qtbot: object, monkeypatch: pytest.MonkeyPatch,
                                           no_disk: tuple[Path, Path]) -> None:
    picture = screen_picture()
    monkeypatch.setattr(capture, "grab_screen", lambda: picture)
    monkeypatch.setattr(capture, "HIDE_SETTLE_MS", 0)
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.show()
    qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
    dialog.part.setChecked(True)
    dialog.delay.setValue(0)
    got: list[object] = []
    dialog.captured.connect(got.append)
    dialog.begin()
    assert not dialog.isVisible()  # not in its own picture
    qtbot.waitUntil(lambda: dialog.overlay is not None  # type: ignore[attr-defined]
                    and dialog.overlay.isVisible(), timeout=3000)
    overlay = dialog.overlay
    assert overlay is not None
    ratio = picture.devicePixelRatio()
    drag(qtbot, overlay, QPoint(10, 20), QPoint(110, 70))
    qtbot.waitUntil(lambda: len(got) == 1, timeout=3000)  # type: ignore[attr-defined]
    expected = QRect(round(10 * ratio), round(20 * ratio), round(100 * ratio), round(50 * ratio))
    assert isinstance(got[0], QImage)
    assert same_pixels(got[0], picture.copy(expected))
    assert dialog.result() == CaptureDialog.DialogCode.Accepted
    assert dialog.overlay is None
    home, temp = no_disk
    assert list(home.rglob("*")) == []
    assert list(temp.rglob("*")) == []


def test_whole_mode_emits_the_screen_and_restores_windows(
        qtbot: object, monkeypatch: pytest.MonkeyPatch, no_disk: tuple[Path, Path]) -> None:
    picture = pattern(64, 48)
    monkeypatch.setattr(capture, "grab_screen", lambda: picture)
    monkeypatch.setattr(capture, "HIDE_SETTLE_MS", 0)
    from PySide6.QtWidgets import QMainWindow

    main = QMainWindow()
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.show()
    qtbot.waitExposed(main)  # type: ignore[attr-defined]
    dialog = CaptureDialog(main)
    dialog.show()
    qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
    dialog.delay.setValue(1)
    with qtbot.waitSignal(dialog.captured, timeout=4000) as got:  # type: ignore[attr-defined]
        dialog.begin()
        assert main.windowHandle() is not None and not main.windowHandle().isVisible()
        assert dialog.isVisible()  # keeps the countdown on screen
    assert same_pixels(got.args[0], picture)
    assert main.windowHandle().isVisible()
    home, temp = no_disk
    assert list(home.rglob("*")) == [] and list(temp.rglob("*")) == []


def test_escape_on_the_overlay_cancels_the_capture(
        qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(capture, "grab_screen", screen_picture)
    monkeypatch.setattr(capture, "HIDE_SETTLE_MS", 0)
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.show()
    dialog.part.setChecked(True)
    dialog.delay.setValue(0)
    got: list[object] = []
    dialog.captured.connect(got.append)
    dialog.begin()
    qtbot.waitUntil(lambda: dialog.overlay is not None, timeout=3000)  # type: ignore[attr-defined]
    assert dialog.overlay is not None
    qtbot.keyClick(dialog.overlay, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    QApplication.processEvents()
    assert got == []
    assert dialog.result() == CaptureDialog.DialogCode.Rejected
    assert dialog.overlay is None
