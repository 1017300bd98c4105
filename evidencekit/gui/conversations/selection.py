"""The messages chosen as exhibits during this session, shared by the chat viewer and the export."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from evidencekit.gui.session import Session

_NAME = "exhibitSelection"


class ExhibitSelection(QObject):
    """Message ids in the order they were chosen; forgotten when the vault locks."""

    #: the set of chosen messages changed.
    changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.setObjectName(_NAME)
        # dict keeps insertion order: the export lists messages in the order they were picked.
        self._chosen: dict[int, int] = {}  # message id -> chat item id
        session.locked.connect(self.clear)

    def add(self, message_id: int, item_id: int) -> None:
        if message_id not in self._chosen:
            self._chosen[message_id] = item_id
            self.changed.emit()

    def remove(self, message_id: int) -> None:
        if self._chosen.pop(message_id, None) is not None:
            self.changed.emit()

    def toggle(self, message_id: int, item_id: int) -> bool:
        """Choose or un-choose a message; True if it is now chosen."""
        if message_id in self._chosen:
            self.remove(message_id)
            return False
        self.add(message_id, item_id)
        return True

    def contains(self, message_id: int) -> bool:
        return message_id in self._chosen

    def message_ids(self, item_ids: set[int] | None = None) -> list[int]:
        """Chosen messages, optionally only those of the given chat items."""
        return [m for m, item in self._chosen.items() if item_ids is None or item in item_ids]

    def clear(self) -> None:
        if self._chosen:
            self._chosen.clear()
            self.changed.emit()


def exhibit_selection(session: Session) -> ExhibitSelection:
    """The session's selection: a child of the session, so pages rebuilt on a language change
    keep it, and it goes away with the session (no module-level singleton)."""
    found = session.findChild(ExhibitSelection, _NAME)
    return found if isinstance(found, ExhibitSelection) else ExhibitSelection(session)
