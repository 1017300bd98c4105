"""Reading a conversation's export again with another date order or time zone.

The user picks the order and the zone, sees the first dates as they are and as they would be
(a dry run in the worker: nothing is kept), then confirms. The re-read runs in the worker too;
the dialog then says what changed (exhibit numbers included) and the page reloads the chat.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.core.timeutil import parse_iso
from evidencekit.core.vault import Vault
from evidencekit.gui.session import Session
from evidencekit.gui.text import clean
from evidencekit.i18n import _
from evidencekit.importers.message_identity import SAMPLES
from evidencekit.importers.reread import RereadRequest, RereadResult, current_reading, reread
from evidencekit.importers.reread_text import options_words, summary_lines


def _current(vault: Vault, item_id: int) -> tuple[dict[str, Any], str]:
    """The current reading's options, and the zone to offer (its one zone, else the vault's)."""
    now = current_reading(vault.conn, item_id)
    zones = now["timezones"]
    return now, zones[0] if len(zones) == 1 else vault.timezone


def shown(iso: str | None) -> str:
    """`2026-11-12 21:05:01 (UTC+01:00)`: the instant as stored, offset said, like dossiers."""
    if not iso:
        return "—"
    try:
        value = parse_iso(iso)
    except ValueError:
        return clean(iso, limit=60)
    offset = value.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{value:%Y-%m-%d %H:%M:%S} ({zone})"


def _reread_job(vault: Vault, item_id: int, request: RereadRequest, dry_run: bool,
                progress: object = None, cancel: threading.Event | None = None) -> RereadResult:
    """The worker's call: `cancel` (set when the vault locks) stops the reading between
    batches of messages, and the transaction then keeps nothing."""
    return reread(vault, item_id, request, cancel=cancel, dry_run=dry_run)


def _order_names() -> dict[str, str]:
    return {"dmy": _("Day first: 31/12/2026 (dmy)"),
            "mdy": _("Month first: 12/31/2026 (mdy)"),
            "ymd": _("Year first: 2026/12/31 (ymd)")}


class RereadDialog(QDialog):
    """Window-modal and non-blocking, like every question of the window."""

    #: the conversation was read again (item id): the page reloads it.
    reread_done = Signal(int)

    def __init__(self, session: Session, item_id: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.item_id = item_id
        self.outcome: RereadResult | None = None
        self.working = False
        self.setWindowTitle(_("Read the conversation again"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "{name} is read again from the copy kept in the vault. The first reading is kept "
            "too, in the vault and in the item's history; each message keeps its number where "
            "it is the same message.").format(name=clean(name, limit=120)))
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        now, zone_now = session.read(lambda v: _current(v, item_id))
        current = QLabel(_("Read now with {options}.").format(
            options=options_words(now["date_orders"], now["timezones"])))
        current.setTextFormat(Qt.TextFormat.PlainText)
        current.setWordWrap(True)
        layout.addWidget(current)
        form = QFormLayout()
        self.order = QComboBox()
        orders = sorted(set(now["date_orders"]))
        if orders:
            for key, text in _order_names().items():
                self.order.addItem(text, key)
            self.order.setCurrentIndex(self.order.findData(orders[0]))
        else:  # dates written with their month as a word, or as instants: nothing to choose
            self.order.addItem(_("Not needed: the export's dates are not ambiguous"), None)
            self.order.setEnabled(False)
        self.order.setAccessibleName(_("Date order"))
        form.addRow(_("Date order"), self.order)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        completer = QCompleter(sorted(available_timezones()), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.zone.setCurrentText(zone_now)
        self.zone.setAccessibleName(_("Time zone of the phone"))
        form.addRow(_("Time zone of the phone"), self.zone)
        layout.addLayout(form)
        self.preview_button = QPushButton(_("Preview the first dates"))
        self.preview_button.clicked.connect(self.preview)
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Now"), _("After reading again")])
        self.table.setAccessibleName(_("The first dates, now and read again"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(40 + 30 * SAMPLES)
        layout.addWidget(self.table)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton(_("Read again"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setObjectName("primary")
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.order.currentIndexChanged.connect(lambda _i: self.table.setRowCount(0))
        self.zone.currentTextChanged.connect(lambda _t: self.table.setRowCount(0))

    def request(self) -> RereadRequest:
        return RereadRequest(timezone=self.zone.currentText().strip() or None,
                             date_order=self.order.currentData())

    def _busy(self, busy: bool, text: str = "") -> None:
        self.working = busy
        self.preview_button.setEnabled(not busy)
        self.run_button.setEnabled(not busy)
        # Closed while reading, the dialog would be gone when the worker reports back.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.status.setText(text)

    def reject(self) -> None:
        if not self.working:  # Escape while reading waits for the reading to end
            super().reject()

    def preview(self) -> None:
        self._busy(True, _("Reading…"))
        self.session.jobs.run(_reread_job, self.session.vault, self.item_id, self.request(),
                              True, on_finished=self._previewed, on_failed=self._failed)

    def _previewed(self, result: RereadResult) -> None:
        self._busy(False)
        self.table.setRowCount(len(result.samples))
        for row, sample in enumerate(result.samples):
            for column, value in enumerate((sample.before, sample.after)):
                self.table.setItem(row, column, QTableWidgetItem(shown(value)))
        if not result.changed:
            self.status.setText(_("This reading gives the same messages as now."))
        else:
            self.status.setText(_("{n} of {total} messages would have another time.").format(
                n=result.instants_changed, total=result.messages_after))

    def run(self) -> None:
        self._busy(True, _("Reading again…"))
        self.session.jobs.run(_reread_job, self.session.vault, self.item_id, self.request(),
                              False, on_finished=self._done, on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self._busy(False, message)

    def _done(self, result: RereadResult) -> None:
        self.outcome = result
        # The name comes from the export (untrusted): cleaned before the sentences are built, so
        # that the isolates around each time (right-to-left text) are the app's own.
        lines = summary_lines(replace(result, name=clean(result.name, limit=120)),
                              when=lambda iso: "\u2066" + shown(iso) + "\u2069")
        self.status.setText("\n".join(line.strip() for line in lines))
        for done_with in (self.preview_button, self.table, self.run_button):
            done_with.hide()
        self.order.setEnabled(False)
        self.zone.setEnabled(False)
        self.working = False
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(_("Close"))
        close.setEnabled(True)
        self.adjustSize()
        if result.changed:
            self.reread_done.emit(self.item_id)
