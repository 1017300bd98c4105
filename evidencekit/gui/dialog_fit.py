"""Our dialogs on a low screen (a 200 % scale on a 1366×768 laptop leaves 384 pixels): they
grow to the height their wrapped text needs, and when the screen is lower than that their
content scrolls down inside them, the buttons staying in view.

Qt sizes a dialog from its layout's size hint, which does not count the extra lines of wrapped
text at the dialog's width: at 200 % the settings, restore and web-capture dialogs cut their
paragraphs and squeezed their buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLayoutItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.fit import DownScrollArea

# Room for the frame and title bar the window manager draws (as Shell.fit_to_screen).
FRAME = (16, 48)


def needed_height(dialog: QDialog, width: int) -> int:
    layout = dialog.layout()
    if layout is None:
        return dialog.height()
    if layout.hasHeightForWidth():
        return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    return max(layout.totalSizeHint().height(), layout.totalMinimumSize().height())


def _is_buttons(item: QLayoutItem) -> bool:
    """A button box, or a row holding only buttons and stretches (the dialog's actions)."""
    if isinstance(item.widget(), QDialogButtonBox):
        return True
    row = item.layout()
    if row is None:
        return False
    parts = [row.itemAt(n) for n in range(row.count())]
    widgets = [p.widget() for p in parts if p is not None and p.spacerItem() is None]
    return bool(widgets) and all(isinstance(w, QAbstractButton) for w in widgets)


def scroll_content(dialog: QDialog) -> DownScrollArea | None:
    """Move the dialog's content into a scroll area, its button box (if last) under it."""
    old = dialog.layout()
    if old is None or dialog.findChild(DownScrollArea, "dialogContent") is not None:
        return None
    last = old.itemAt(old.count() - 1) if old.count() else None
    buttons = last if last is not None and _is_buttons(last) else None
    if buttons is not None:
        old.takeAt(old.count() - 1)  # before the move: its buttons stay the dialog's
        if buttons.layout() is not None:
            buttons.layout().setParent(None)  # type: ignore[union-attr]
    body = QWidget()
    body.setLayout(old)  # takes the layout and its widgets from the dialog
    area = DownScrollArea()
    area.setObjectName("dialogContent")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area, 1)
    if buttons is not None:
        margins = old.contentsMargins()
        outer.setContentsMargins(0, 0, 0, margins.bottom())
        row = QHBoxLayout()
        row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        inner = buttons.layout()
        if inner is not None:
            row.addLayout(inner)
        elif (box := buttons.widget()) is not None:
            row.addWidget(box)
        outer.addLayout(row)
    return area


def fit_dialog(dialog: QDialog, free: QRect | None = None) -> None:
    """Grow `dialog` to the height its text needs within `free` (by default its screen's
    available area); lower than that, scroll its content."""
    if free is None:
        screen = dialog.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
    width = min(dialog.width(), free.width() - FRAME[0])
    room = free.height() - FRAME[1]
    need = needed_height(dialog, width)
    if need > room:
        scroll_content(dialog)
        dialog.setMinimumHeight(0)  # the scroll area holds what does not fit
        height = room
    else:  # as tall as its text needs, no taller than the screen
        height = min(max(need, dialog.height()), room)
    if (width, height) == (dialog.width(), dialog.height()):
        return
    dialog.resize(width, height)
    dialog.move(free.x() + max(0, (free.width() - width - FRAME[0]) // 2),
                free.y() + max(0, (free.height() - dialog.height() - FRAME[1]) // 2))


class DialogFitter(QObject):
    """Fits each of our dialogs when it is first shown (Qt's own message and file dialogs are
    left as Qt makes them)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Windows only: the export wizard is a QDialog too, laid inside its page.
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) \
                and watched.isWindow() and type(watched).__module__.startswith("evidencekit.") \
                and not watched.property("fitted"):
            watched.setProperty("fitted", True)
            dialog = watched
            # After Qt has given the dialog its first size, which this corrects.
            QTimer.singleShot(0, dialog, lambda: fit_dialog(dialog))
        return False


def install(app: QApplication) -> None:
    """Once per application (the tests compose the app many times)."""
    if app.findChild(DialogFitter) is None:
        app.installEventFilter(DialogFitter(app))
