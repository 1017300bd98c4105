"""A page that loads its content when shown, and again when shown after its data changed."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class LazyPage(QWidget):
    """Hidden pages do no work: a change only marks them, and showing them reloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def mark_dirty(self, *_args: object) -> None:
        """Slot for "the data changed" signals (case changed, import finished…)."""
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError
