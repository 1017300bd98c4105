"""The form describing an item (where it was seen, who posted it, …), saved to the vault."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.categories import CATEGORIES, CSAM
from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.evidence import annotate
from evidencekit.core.model import Annotations, Item
from evidencekit.core.timeutil import zone
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean, local_time
from evidencekit.gui.widgets import label, primary_button
from evidencekit.i18n import _

# Vault meta key of the one description draft kept across a lock (inside the encrypted vault).
DRAFT_KEY = "gui_annotation_draft"

PLATFORMS = ("", "Instagram", "Snapchat", "TikTok", "WhatsApp", "Facebook", "Messenger", "X",
             "Telegram", "Discord", "YouTube", "SMS", "E-mail")
_LINE_FIELDS = ("title", "url", "author", "author_url", "seen_at", "published_at",
                "online_checked_at")


_TIME_FIELDS = ("seen_at", "online_checked_at")


def normalise_time(text: str, timezone: str) -> str:
    """ISO 8601 with the offset when the user typed a date we can read; else the text as typed."""
    text = text.strip()
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(timezone))
    return moment.isoformat(timespec="minutes")


class AnnotationsForm(QWidget):
    """Edits one item's annotations; Save writes them in one transaction with a custody entry."""

    #: the item's annotations were saved (item id).
    saved = Signal(int)
    #: a stored file was filed as child sexual abuse (item id, address, description): it must
    #: be erased, never annotated, so the owner asks the user (see address_dialogs).
    child_abuse_chosen = Signal(int, str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item_id: int | None = None
        session.about_to_lock.connect(self.keep_draft)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        # Long labels (and Arabic or 200% text) go above their field instead of widening the pane.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        names = {
            "title": _("Title"), "url": _("Address (URL)"), "author": _("Posted by"),
            "author_url": _("Profile address of the author"),
            "seen_at": _("When you saw it"), "published_at": _("Published (as shown)"),
            "online_checked_at": _("Checked on"),
        }
        for key in ("title",):
            self.fields[key] = self._line(names[key])
            form.addRow(names[key], self.fields[key])
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("Description"))
        self.description.setMaximumHeight(80)
        form.addRow(_("Description"), self.description)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItems(PLATFORMS)
        self.platform.setAccessibleName(_("Platform"))
        form.addRow(_("Platform"), self.platform)
        for key in ("url", "author", "author_url", "seen_at", "published_at"):
            self.fields[key] = self._line(names[key])
            form.addRow(names[key], self.fields[key])
        self.fields["seen_at"].setPlaceholderText("2026-03-02 21:05")
        self.fields["published_at"].setPlaceholderText(_("as the site shows it"))
        self.category = QComboBox()
        self.category.addItem(_("(not chosen)"), "")
        for key, text in CATEGORIES.items():
            self.category.addItem(_(text), key)
        self.category.setAccessibleName(_("Category"))
        # The pane beside the list is narrow: long category names stay in the open list, and
        # the check box has a short label with its meaning beneath (check boxes do not wrap).
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(16)
        form.addRow(_("Category"), self.category)
        self.sensitive = QCheckBox(_("Sensitive image"))
        self.sensitive.setAccessibleName(_("Sensitive image"))
        self.sensitive.setAccessibleDescription(_("The image stays hidden until you choose to see "
                                                  "it."))
        form.addRow("", self.sensitive)
        form.addRow("", label(_("The image stays hidden until you choose to see it."), "muted"))
        online_row = QHBoxLayout()
        self.online = QComboBox()
        for code, text in (("", _("not checked")), ("online", _("still online")),
                           ("removed", _("removed")), ("unknown", _("unknown"))):
            self.online.addItem(text, code)
        self.online.setAccessibleName(_("Still online?"))
        self.online.currentIndexChanged.connect(self._online_changed)
        self.fields["online_checked_at"] = self._line(names["online_checked_at"])
        online_row.addWidget(self.online)
        online_row.addWidget(self.fields["online_checked_at"])
        form.addRow(_("Still online?"), online_row)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setMaximumHeight(100)
        form.addRow(_("Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.status = label("", "muted")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        self.revert = QPushButton(_("Undo changes"))
        self.revert.clicked.connect(self._reload)
        self.save = primary_button(_("Save"))
        self.save.clicked.connect(self.save_changes)
        row.addWidget(self.revert)
        row.addWidget(self.save)
        layout.addLayout(row)
        layout.addStretch(1)
        self._current = Annotations()
        self._shown: dict[str, Any] = {}
        self._plain_times: dict[str, tuple[str, str]] = {}
        self.setEnabled(False)

    @staticmethod
    def _line(name: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setMaxLength(4000)
        return field

    def _online_changed(self) -> None:
        field = self.fields["online_checked_at"]
        if self.online.currentData() in ("online", "removed") and not field.text():
            field.setText(datetime.now(zone(self.session.timezone)).strftime("%Y-%m-%d %H:%M"))

    def clear(self) -> None:
        self.item_id = None
        self.show_annotations(Annotations())
        self.status.setText("")
        self.setEnabled(False)

    def show_item(self, item: Item) -> None:
        if self.item_id is not None and self.item_id != item.id and self.has_unsaved_changes():
            self._offer_to_save()
        self.item_id = item.id
        self.has_file = item.original is not None and item.removal is None
        self.status.setText("")
        self.show_annotations(item.annotations)
        self.setEnabled(item.removal is None)
        self._restore_draft(item.id)

    # -- unsaved work -----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        # Compared with what the fields showed (cleaned of control characters), not with the
        # stored values: an annotation holding a control character is not an unsaved change.
        return self.item_id is not None and self.values() != self._shown

    def _offer_to_save(self) -> None:
        answer = QMessageBox.question(
            self, _("Unsaved description"),
            _("You changed the description of the item you were looking at and did not save "
              "it. Save it now?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save_changes()

    def keep_draft(self) -> None:
        """Before a lock: unsaved changes go into the vault (encrypted), not into thin air."""
        if not self.has_unsaved_changes() or not self.session.is_unlocked:
            return
        draft = json.dumps({"item_id": self.item_id, "values": self.values()})

        def write(vault: Any) -> None:
            with vault.transaction() as tx:
                tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                           (DRAFT_KEY, draft))

        self.session.read(write)

    def _restore_draft(self, item_id: int) -> None:
        raw = self.session.read(lambda v: v.meta(DRAFT_KEY, ""))
        try:
            draft = json.loads(raw) if raw else None
        except ValueError:
            draft = None
        if not isinstance(draft, dict) or draft.get("item_id") != item_id:
            return
        values = draft.get("values")
        if isinstance(values, dict):
            known = {k: v for k, v in values.items() if hasattr(self._current, k)}
            saved, shown = self._current, self._shown
            try:
                self.show_annotations(replace(saved, **known))
            except (TypeError, ValueError):
                return
            # What is in the vault; the fields show the draft, so it counts as unsaved.
            self._current, self._shown = saved, shown
            self._say(_("Changes you had not saved before the vault locked were kept: save "
                        "them, or press “Undo changes”."), "muted")
        self._forget_draft()

    def _forget_draft(self) -> None:
        def delete(vault: Any) -> None:
            if vault.meta(DRAFT_KEY, ""):
                with vault.transaction() as tx:
                    tx.execute("DELETE FROM meta WHERE key = ?", (DRAFT_KEY,))

        self.session.read(delete)

    def show_annotations(self, values: Annotations) -> None:
        self._current = values
        for key, field in self.fields.items():
            field.setText(clean(getattr(values, key), limit=4000))
        # Moments shown as the placeholder asks them ("2026-03-02 21:05", in the user's zone),
        # not as stored ("…T21:05:00+01:00"); left untouched, the stored value is kept as is.
        self._plain_times = {}
        for key in _TIME_FIELDS:
            stored = getattr(values, key)
            shown = local_time(stored, self.session.timezone) if stored else ""
            self.fields[key].setText(shown)
            self._plain_times[key] = (shown, stored)
        for field in self.fields.values():
            # The start of a long address ("https://…") in view, not its end.
            field.setCursorPosition(0)
        self.description.setPlainText(clean(values.description, multiline=True, limit=20000))
        self.notes.setPlainText(clean(values.notes, multiline=True, limit=20000))
        self.platform.setCurrentText(clean(values.platform))
        index = self.category.findData(values.category)
        self.category.setCurrentIndex(max(0, index))
        self.sensitive.setChecked(values.sensitive)
        self.online.blockSignals(True)
        self.online.setCurrentIndex(max(0, self.online.findData(values.online_status)))
        self.online.blockSignals(False)
        self._shown = self.values()

    def _reload(self) -> None:
        self._forget_draft()
        self.show_annotations(self._current)
        self.status.setText("")

    def values(self) -> dict[str, Any]:
        timezone = self.session.timezone
        values: dict[str, Any] = {key: field.text().strip() for key, field in self.fields.items()}
        for key in _TIME_FIELDS:
            shown, stored = self._plain_times.get(key, (None, ""))
            values[key] = stored if values[key] == shown else normalise_time(values[key], timezone)
        values["description"] = self.description.toPlainText()
        values["notes"] = self.notes.toPlainText()
        values["platform"] = self.platform.currentText().strip()
        values["category"] = str(self.category.currentData() or "")
        values["sensitive"] = self.sensitive.isChecked()
        values["online_status"] = str(self.online.currentData() or "")
        return values

    def save_changes(self) -> None:
        if self.item_id is None:
            return
        item_id = self.item_id
        values = self.values()
        changes = {k: v for k, v in values.items() if getattr(self._current, k) != v}
        if not changes:
            self.status.setText(_("Nothing to save."))
            return
        if changes.get("category") == CSAM and getattr(self, "has_file", False):
            self.child_abuse_chosen.emit(item_id, values["url"], values["description"])
            return
        try:
            def write(vault: Any) -> Annotations:
                with vault.transaction() as tx:
                    return annotate(tx, item_id, **changes)

            self._current = self.session.read(write)
            self._shown = values
            self._forget_draft()
        except EvidenceKitError as exc:
            self._say(str(exc), "error")
            return
        now = datetime.now(zone(self.session.timezone)).strftime("%H:%M")
        self._say(_("Saved at {time}. The change is recorded in the item's history.")
                  .format(time=now), "muted")
        self.saved.emit(item_id)

    def _say(self, text: str, style: str) -> None:
        self.status.setObjectName(style)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)
