"""Wizard steps one to three: who the dossier is for, in which language, and which exhibits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from evidencekit.core.vault import Vault
from evidencekit.dossier.request import RECIPIENTS
from evidencekit.gui.language import NAMES
from evidencekit.gui.text import clean, message_time
from evidencekit.gui.widgets import label
from evidencekit.i18n import N_, _, current_language

RECIPIENT_TEXT = {
    "pharos": (N_("Pharos"), N_("To report public content online to the French national "
                                "platform; you can stay anonymous.")),
    "police": (N_("Police or procureur"), N_("To file a complaint (plainte) in France, at a "
                                             "police station or by letter to the procureur.")),
    "lawyer": (N_("A lawyer"), N_("For your lawyer: every exhibit numbered, with the list of "
                                  "exhibits (bordereau) ready for the court.")),
    "emc": (N_("EMC-Helpline (Morocco)"), N_("To ask Espace Maroc Cyberconfiance to remove "
                                             "content and support you; you can stay "
                                             "anonymous.")),
    "eblagh": (N_("e-Blagh (Morocco)"), N_("To report online to the Moroccan national police "
                                           "(DGSN), as a victim or a witness; you can stay "
                                           "anonymous.")),
    "ma-police": (N_("Procureur du Roi or police (Morocco)"), N_(
        "To file a complaint in Morocco: a letter to the procureur du Roi in Arabic with the "
        "French beside it, citing Moroccan law.")),
}
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # ("item", id) or ("message", id)


class RecipientStep(QWizardPage):
    """One choice per recipient, each with a sentence saying who it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Who is the dossier for?"))
        self.setSubTitle(_("Each recipient gets a dossier written for what they need."))
        column = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for n, key in enumerate(RECIPIENTS):
            title, sentence = RECIPIENT_TEXT[key]
            button = QRadioButton(_(title))
            button.setAccessibleName(_(title))
            button.setAccessibleDescription(_(sentence))
            self.group.addButton(button, n)
            self.buttons[key] = button
            column.addWidget(button)
            hint = label(_(sentence), "muted")
            hint.setIndent(28)
            column.addWidget(hint)
        self.buttons["police"].setChecked(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of the dossier"))
        for code in ("fr", "en", "ar"):
            self.language.addItem(NAMES[code], code)
        self.language.setCurrentIndex(("fr", "en", "ar").index(current_language()))
        form.addRow(_("Language of the dossier"), self.language)
        column.addLayout(form)
        column.addStretch(1)

    @property
    def recipient(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())

    @property
    def lang(self) -> str:
        return str(self.language.currentData())


def case_exhibits(vault: Vault, case_id: int) -> list[tuple[int, str, str]]:
    rows = vault.conn.execute(
        "SELECT i.id, i.kind, COALESCE(NULLIF(a.title, ''), o.original_name, a.url, '#' || i.id)"
        " FROM items i LEFT JOIN originals o ON o.item_id = i.id"
        " LEFT JOIN annotations a ON a.item_id = i.id LEFT JOIN removals r ON r.item_id = i.id"
        " WHERE i.case_id = ? AND i.parent_id IS NULL AND r.item_id IS NULL ORDER BY i.id",
        (case_id,)).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def message_labels(vault: Vault, message_ids: list[int]) -> dict[int, str]:
    out = {}
    for message_id in message_ids:
        row = vault.conn.execute(
            "SELECT sender, sent_at_source, text, sent_at FROM messages WHERE id = ?",
            (message_id,)).fetchone()
        if row:
            when = message_time(row[1], row[3], vault.timezone)
            out[message_id] = f"{clean(row[0] or '', limit=40)} · {clean(when, limit=40)}: " \
                              f"{clean(row[2], limit=80)}"
    return out


class ExhibitsStep(QWizardPage):
    """Checkable exhibits in order; drag them, or use the buttons, to change the order."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Which exhibits, in which order?"))
        self.setSubTitle(_("Untick what should stay out. Drag to change the order (or select "
                           "one and use the buttons). Numbers, once given, stay the same in "
                           "later dossiers."))
        column = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Exhibits"))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        column.addWidget(self.view, 1)
        row = QHBoxLayout()
        for text, step in ((_("Move up"), -1), (_("Move down"), 1)):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _checked=False, s=step: self.move_current(s))
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.model.itemChanged.connect(lambda _item: self.completeChanged.emit())

    def fill(self, items: list[tuple[int, str, str]], messages: dict[int, str]) -> None:
        self.model.clear()
        for item_id, _kind, name in items:
            self._add(_("File: {name}").format(name=clean(name, limit=120)), ("item", item_id))
        for message_id, text in messages.items():
            self._add(_("Message: {text}").format(text=text), ("message", message_id))

    def _add(self, text: str, key: tuple[str, int]) -> None:
        entry = QStandardItem(text)
        entry.setData(key, KEY_ROLE)
        entry.setCheckable(True)
        entry.setCheckState(Qt.CheckState.Checked)
        entry.setEditable(False)
        entry.setDropEnabled(False)  # dropping onto an entry would nest it; only between
        self.model.appendRow(entry)

    def move_current(self, step: int) -> None:
        row = self.view.currentIndex().row()
        target = row + step
        if row < 0 or not 0 <= target < self.model.rowCount():
            return
        entry = self.model.takeRow(row)
        self.model.insertRow(target, entry)
        self.view.setCurrentIndex(self.model.index(target, 0))

    def chosen(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(item ids, message ids) ticked, in the order shown."""
        items: list[int] = []
        messages: list[int] = []
        for row in range(self.model.rowCount()):
            entry = self.model.item(row)
            if entry.checkState() != Qt.CheckState.Checked:
                continue
            kind, key = entry.data(KEY_ROLE)
            (items if kind == "item" else messages).append(int(key))
        return tuple(items), tuple(messages)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        items, messages = self.chosen()
        return bool(items or messages)
