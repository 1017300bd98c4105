"""The vault's cases as a list model for the side bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from evidencekit.core.evidence import DEFAULT_CASE, list_cases
from evidencekit.core.model import Case
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean, number
from evidencekit.i18n import _

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_NAME_ROLE = Qt.ItemDataRole.UserRole + 2


def case_label(name: str) -> str:
    return _("My evidence") if name == DEFAULT_CASE else clean(name, limit=200)


class CasesModel(QAbstractListModel):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cases: list[Case] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.cases = self.session.read(lambda v: list_cases(v.conn)) \
            if self.session.is_unlocked else []
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.cases = []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.cases)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cases):
            return None
        case = self.cases[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _("{name} ({count})").format(name=case_label(case.name),
                                                count=number(case.item_count))
        if role == CASE_ID_ROLE:
            return case.id
        if role == CASE_NAME_ROLE:
            return case.name
        return None

    def row_of(self, case_id: int) -> int:
        for row, case in enumerate(self.cases):
            if case.id == case_id:
                return row
        return -1
