"""The messages chosen as exhibits during this session, shared by the chat viewer and the export."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from evidencekit.gui.drafts import keep_draft, peek_draft
from evidencekit.gui.session import Session

_NAME = "exhibitSelection"
#: vault meta key holding the chosen messages across a lock (inside the encrypted vault).
DRAFT_KEY = "gui_chosen_messages"


class ExhibitSelection(QObject):
    """Message ids in the order they were chosen.

    At a lock the memory copy is dropped (no decrypted data outlives a session) but the ids are
    kept inside the vault first, and chosen again after the next unlock: picking fifty messages
    is work, and an idle lock must not throw it away.
    """

    #: the set of chosen messages changed.
    changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.setObjectName(_NAME)
        # dict keeps insertion order: the export lists messages in the order they were picked.
        self._chosen: dict[int, int] = {}  # message id -> chat item id
        self.session = session
        session.about_to_lock.connect(self._keep)
        session.locked.connect(self.clear)
        session.unlocked.connect(self._restore)
        self._restore()

    def _keep(self) -> None:
        keep_draft(self.session, DRAFT_KEY, [[m, i] for m, i in self._chosen.items()])

    def _restore(self) -> None:
        kept = peek_draft(self.session, DRAFT_KEY)
        if not isinstance(kept, list):
            return
        pairs = [(p[0], p[1]) for p in kept if isinstance(p, list) and len(p) == 2
                 and all(isinstance(x, int) for x in p)]
        if not pairs:
            return
        # Only messages still in the vault: the ids come back from storage, not from the user.
        wanted = [m for m, _item in pairs][:10_000]
        marks = ",".join("?" * len(wanted))
        ids = {int(r[0]) for r in self.session.read(lambda v: v.conn.execute(
            f"SELECT id FROM messages WHERE id IN ({marks})", wanted).fetchall())}
        before = dict(self._chosen)
        for message_id, item_id in pairs:
            if message_id in ids:
                self._chosen.setdefault(message_id, item_id)
        if self._chosen != before:
            self.changed.emit()

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
