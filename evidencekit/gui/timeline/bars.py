"""A strip of one bar per day, its height the number of items and messages that day."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidencekit.gui.text import number
from evidencekit.gui.theme import ACCENT, MUTED
from evidencekit.gui.timeline.data import Day
from evidencekit.i18n import _

BAR = 18
GAP = 4
HEIGHT = 110
ITEM_COLOUR = "#c9892b"  # items drawn on top of messages in a second, warm colour


class DayBars(QWidget):
    """Shows repetition at a glance; click a bar (or use the arrow keys) to go to that day."""

    #: the user picked the day at this position in the list of days.
    day_picked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[Day] = []
        self.current = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Number of items and messages per day"))

    def set_days(self, days: list[Day]) -> None:
        self.days = days
        self.current = -1
        self.setMinimumWidth(min(len(days) * (BAR + GAP) + GAP, 4000))
        busiest = max(days, key=lambda d: d.total) if days else None
        self.setAccessibleDescription(
            _("{n} days; the busiest is {day} with {count}.").format(
                n=number(len(days)), day=busiest.date,
                count=number(busiest.total)) if busiest else "")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(len(self.days) * (BAR + GAP) + GAP, HEIGHT)

    def _bar_rect(self, n: int) -> QRect:
        x = GAP + n * (BAR + GAP)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = self.width() - x - BAR
        return QRect(x, 6, BAR, self.height() - 24)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        highest = max((d.total for d in self.days), default=1) or 1
        for n, day in enumerate(self.days):
            rect = self._bar_rect(n)
            total_h = max(2, round(rect.height() * day.total / highest))
            item_h = round(rect.height() * day.items / highest)
            bottom = rect.bottom()
            painter.fillRect(QRect(rect.x(), bottom - total_h + 1, BAR, total_h), QColor(ACCENT))
            if item_h:
                painter.fillRect(QRect(rect.x(), bottom - item_h + 1, BAR, item_h),
                                 QColor(ITEM_COLOUR))
            if n == self.current:
                painter.setPen(QColor(MUTED))
                painter.drawRect(rect.adjusted(-2, -2, 1, 1))
        if self.hasFocus() and self.days:
            painter.setPen(QColor(ACCENT))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        for n in range(len(self.days)):
            if self._bar_rect(n).adjusted(-GAP // 2, 0, GAP // 2, 0).contains(
                    event.position().toPoint()):
                self.pick(n)
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}.get(Qt.Key(event.key()))
        if step is None or not self.days:
            super().keyPressEvent(event)
            return
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            step = -step
        self.pick(max(0, min(len(self.days) - 1, self.current + step)))

    def pick(self, n: int) -> None:
        self.current = n
        self.setToolTip(_("{day}: {items} items, {messages} messages").format(
            day=self.days[n].date, items=self.days[n].items, messages=self.days[n].messages))
        self.update()
        self.day_picked.emit(n)
