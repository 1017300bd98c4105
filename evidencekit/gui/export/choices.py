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
from evidencekit.gui.widgets import label, scrolled_column
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
Key = tuple[str, int]


class RecipientStep(QWizardPage):
    """One choice per recipient, each with a sentence saying who it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Who is the dossier for?"))
        column = scrolled_column(self)
        column.addWidget(label(_("Each recipient gets a dossier written for what they need."),
                               "muted"))
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
        column = QVBoxLayout(self)
        # In the page rather than the wizard's header, whose height does not follow wrapped
        # lines: on a small or zoomed screen the header cut the last sentence off.
        self.explanation = label(_("Untick what should stay out. Drag to change the order (or "
                                   "select one and use the buttons). Numbers, once given, stay "
                                   "the same in later dossiers."), "muted")
        column.addWidget(self.explanation)
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
        # The user's order and unticked entries, per case, in memory until the vault locks:
        # choosing another recipient must not tick again what they took out.
        self.memory: dict[int, tuple[list[Key], set[Key]]] = {}
        self.case_id: int | None = None
        self._filling = False
        for signal in (self.model.itemChanged, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.rowsMoved):
            signal.connect(lambda *_args: self.remember())

    def fill(self, items: list[tuple[int, str, str]], messages: dict[int, str],
             case_id: int | None = None) -> None:
        self._filling = True
        self.model.clear()
        self.case_id = case_id
        order, unticked = self.memory.get(case_id, ([], set())) if case_id is not None \
            else ([], set())
        entries: dict[Key, str] = {}
        for item_id, _kind, name in items:
            entries[("item", item_id)] = _("File: {name}").format(name=clean(name, limit=120))
        for message_id, text in messages.items():
            entries[("message", message_id)] = _("Message: {text}").format(text=text)
        # Remembered entries keep their place; new ones (imported since) come after, ticked.
        keys = [k for k in order if k in entries] + [k for k in entries if k not in order]
        for key in keys:
            self._add(entries[key], key, key not in unticked)
        self._filling = False
        self.remember()

    def remember(self) -> None:
        if self._filling or self.case_id is None:
            return
        order: list[Key] = []
        unticked: set[Key] = set()
        for row in range(self.model.rowCount()):
            entry = self.model.item(row)
            key = entry.data(KEY_ROLE) if entry is not None else None
            if key is None:
                continue  # a row being dragged is briefly empty
            key = (str(key[0]), int(key[1]))
            order.append(key)
            if entry.checkState() != Qt.CheckState.Checked:
                unticked.add(key)
        self.memory[self.case_id] = (order, unticked)

    def forget(self) -> None:
        self.memory.clear()
        self.case_id = None
        self.model.clear()

    def _add(self, text: str, key: Key, ticked: bool = True) -> None:
        entry = QStandardItem(text)
        entry.setData(key, KEY_ROLE)
        entry.setCheckable(True)
        entry.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
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
