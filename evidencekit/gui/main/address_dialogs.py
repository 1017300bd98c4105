"""Content recorded by its address only: "Add by address…", and the erasure of a stored file
that shows the sexual abuse of a child (holding it is an offence, even as evidence)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.categories import CATEGORIES
from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import add_url
from evidencekit.core.export_media import erase_child_abuse, flush_erased
from evidencekit.core.model import Annotations
from evidencekit.core.timeutil import zone
from evidencekit.gui.main.abuse_help import help_label
from evidencekit.gui.main.annotations_form import PLATFORMS, normalise_time
from evidencekit.gui.session import Session
from evidencekit.gui.widgets import label
from evidencekit.i18n import _


def _description_and_help(layout: QVBoxLayout, form: QFormLayout, help_for: QLabel,
                          text: str = "") -> tuple[QPlainTextEdit, QLabel]:
    """The description field ending the form, then the help links and the status line that
    both address dialogs show: (description, status)."""
    description = QPlainTextEdit(text)
    description.setAccessibleName(_("Description"))
    description.setTabChangesFocus(True)
    form.addRow(_("Description"), description)
    layout.addLayout(form)
    layout.addWidget(help_for)
    status = label("", "error")
    layout.addWidget(status)
    return description, status


class AddressDialog(QDialog):
    """Record something seen online by its address, date seen and description; no file."""

    #: the new item's id.
    added = Signal(int)

    def __init__(self, session: Session, case: str, parent: QWidget | None = None, *,
                 category: str = "") -> None:
        super().__init__(parent)
        self.session = session
        self.case = case
        self.setWindowTitle(_("Add by address"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Keep the full address (URL) of what you saw, when you saw it "
                                 "and what it shows. No file is stored.")))
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.url.setAccessibleName(_("Address (URL)"))
        form.addRow(_("Address (URL)"), self.url)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItems(PLATFORMS)
        self.platform.setAccessibleName(_("Platform"))
        form.addRow(_("Platform"), self.platform)
        # The same words and the same plain date as the Description tab's field for this value
        # (an ISO "T…+00:00" puzzled readers); the offset is added on saving (normalise_time).
        self.seen = QLineEdit(datetime.now(zone(session.timezone)).strftime("%Y-%m-%d %H:%M"))
        self.seen.setAccessibleName(_("When you saw it"))
        form.addRow(_("When you saw it"), self.seen)
        self.category = QComboBox()
        self.category.addItem(_("(not chosen)"), "")
        for key, text in CATEGORIES.items():
            self.category.addItem(_(text), key)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.category.setAccessibleName(_("Category"))
        form.addRow(_("Category"), self.category)
        case_id = session.read(lambda v: v.conn.execute(
            "SELECT id FROM cases WHERE name = ?", (case,)).fetchone())
        self.help = help_label(session, int(case_id[0]) if case_id else None)
        self.description, self.status = _description_and_help(layout, form, self.help)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = Annotations(url=self.url.text().strip(), platform=self.platform.currentText(),
                             seen_at=normalise_time(self.seen.text(), self.session.timezone),
                             category=str(self.category.currentData() or ""),
                             description=self.description.toPlainText().strip())

        def write(vault: object) -> int:
            with vault.transaction() as tx:  # type: ignore[attr-defined]
                return add_url(tx, self.case, values)

        try:
            item_id = self.session.read(write)
        except EvidenceKitError as exc:
            self.status.setText(str(exc))
            return
        self.added.emit(item_id)
        self.accept()


class ChildAbuseDialog(QDialog):
    """Asked when a stored file is filed as child sexual abuse: erase it (and any export
    holding it) through the logged removal, keeping the address and description."""

    #: the ids whose files were erased (the item first, then the exports holding it).
    erased = Signal(list)

    def __init__(self, session: Session, item_id: int, url: str, description: str,
                 exports: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item_id = item_id
        self.setWindowTitle(_("Child sexual abuse material"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(_(
            "Holding images of the sexual abuse of a child is an offence, even to prove it. "
            "EvidenceKit will erase this file for good and keep only its fingerprint (SHA-256), "
            "its address and your description. The erasure is recorded in the history.")))
        if exports:
            layout.addWidget(label(_(
                "This file also sits inside a chat export. That export's file is erased with "
                "it; the messages already read from it are kept.") if exports == 1 else _(
                "This file also sits inside {n} chat exports. Their files are erased with it; "
                "the messages already read from them are kept.").format(n=exports)))
        form = QFormLayout()
        self.url = QLineEdit(url)
        self.url.setAccessibleName(_("Address (URL)"))
        form.addRow(_("Address (URL)"), self.url)
        case_id = session.read(lambda v: v.conn.execute(
            "SELECT case_id FROM items WHERE id = ?", (item_id,)).fetchone())
        self.help = help_label(session, int(case_id[0]) if case_id else None)
        self.description, self.status = _description_and_help(layout, form, self.help,
                                                              description)
        buttons = QDialogButtonBox()
        self.erase_button = buttons.addButton(_("Erase the file, keep the address"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.erase)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def erase(self) -> None:
        url, words = self.url.text(), self.description.toPlainText()

        def write(vault: object) -> list[int]:
            with vault.transaction() as tx:  # type: ignore[attr-defined]
                erased = erase_child_abuse(tx, self.item_id, url=url, description=words)
            flush_erased(vault)  # type: ignore[arg-type]
            return erased

        try:
            erased = self.session.read(write)
        except EvidenceKitError as exc:
            self.status.setText(str(exc))
            return
        self.erased.emit(erased)
        self.accept()


__all__ = ["AddressDialog", "ChildAbuseDialog"]
