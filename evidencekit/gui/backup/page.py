"""“Save a copy”: an encrypted one-file backup of the vault, for a USB stick kept elsewhere.

A laptop can be stolen, broken or taken by the person the victim is afraid of; a copy of the
vault elsewhere is what keeps the case. The copy is as encrypted as the vault (same passphrase)
and is checked by reading it back before it is called saved (core/backup.py). The work runs in
the generic worker: a large vault takes seconds to copy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget

from evidencekit.core.backup import BackupResult
from evidencekit.core.timeutil import parse_iso
from evidencekit.core.vault import Vault
from evidencekit.gui.backup.restore_dialog import RestoreDialog
from evidencekit.gui.main.pages import PageContext
from evidencekit.gui.session import Session
from evidencekit.gui.text import local_time
from evidencekit.gui.widgets import label, primary_button, scrolled_column
from evidencekit.i18n import _

# A copy older than this is worth renewing: evidence keeps arriving during a case.
REMIND_AFTER = timedelta(days=14)


def last_backup_at(vault: Vault) -> str | None:
    """When the last copy was written (ISO UTC), from the custody log, or None."""
    row = vault.conn.execute(
        "SELECT at FROM custody WHERE action = 'backup-written' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else None


def reminder(session: Session, now: datetime | None = None) -> str | None:
    """A gentle sentence at unlock when there is evidence and no recent copy of it."""
    vault = session.vault
    with vault.lock:
        items = vault.conn.execute("SELECT count(*) FROM items").fetchone()[0]
        last = last_backup_at(vault)
    if not items:
        return None
    now = now or datetime.now(UTC)
    if last is None:
        return _("There is no copy of your vault yet. If this computer is lost or broken, the "
                 "evidence goes with it: save a copy on a USB stick (Tools → Save a copy).")
    if now - parse_iso(last) > REMIND_AFTER:
        return _("Your last copy of the vault is from {date}. Save a new one, so that what "
                 "you added since is kept too (Tools → Save a copy).").format(
            date=local_time(last, session.timezone))
    return None


class BackupPage(QWidget):
    """One button, what it does, and when the last copy was made."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = ctx.session
        # Scrolled: narrowed by a 200 % scale, the paragraphs need more lines than the main
        # screen gives them.
        layout = scrolled_column(self)
        layout.addWidget(label(_("Save a copy of the vault"), "heading"))
        layout.addWidget(label(_(
            "The copy is one file, encrypted like the vault: it opens only with your passphrase. "
            "Keep it on a USB stick or a disk that stays somewhere else than this computer. "
            "It is checked after it is written.")))
        self.last = label("", "muted")
        layout.addWidget(self.last)
        self.save = primary_button(_("Save a copy…"))
        self.save.clicked.connect(self.choose_and_save)
        layout.addWidget(self.save)
        self.status = label("", "muted")
        layout.addWidget(self.status)
        layout.addWidget(label(_("Restore a copy"), "subheading"))
        layout.addWidget(label(_(
            "After a loss or a damaged disk: the copy is checked completely, then restored into "
            "a new folder. To put it in place of this vault, lock the app first and use "
            "“Restore a copy…” on the lock screen; the old vault is kept aside."), "muted"))
        self.restore = QPushButton(_("Restore a copy…"))
        self.restore.setAccessibleName(_("Restore a copy of the vault"))
        self.restore.clicked.connect(self.open_restore)
        layout.addWidget(self.restore)
        layout.addStretch(1)
        self.refresh()

    def open_restore(self) -> QDialog:
        window = self.window()
        opener = getattr(window, "open_restore_dialog", None)
        if callable(opener):  # the shell's, so "Open the restored vault" can switch vaults
            dialog = opener()
            assert isinstance(dialog, QDialog)
            return dialog
        dialog = RestoreDialog(self.session, self)
        dialog.show()
        return dialog

    def refresh(self) -> None:
        if not self.session.is_unlocked:
            return
        last = self.session.read(last_backup_at)
        self.last.setText(_("Last copy: {date}.").format(date=local_time(last,
                                                                         self.session.timezone))
                          if last else _("No copy has been saved yet."))

    def choose_and_save(self) -> None:
        suggested = f"evidencekit-{datetime.now().strftime('%Y-%m-%d')}.ekbackup"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save a copy of the vault"), suggested, _("EvidenceKit copies (*.ekbackup)"),
            options=QFileDialog.Option.DontUseNativeDialog)
        if name:
            self.save_to(Path(name))

    def save_to(self, out: Path) -> None:
        self.save.setEnabled(False)
        self.status.setText(_("Writing and checking the copy… keep the app open."))
        self.session.jobs.run(_write, self.session.vault, out, pass_progress=False,
                              on_finished=self._saved, on_failed=self._failed)

    def _saved(self, result: object) -> None:
        self.save.setEnabled(True)
        if isinstance(result, BackupResult):
            self.status.setText(_("Saved and checked: {path} ({mb} MB).").format(
                path=result.path, mb=max(1, round(result.size / 2**20))))
        self.refresh()

    def _failed(self, message: str) -> None:
        self.save.setEnabled(True)
        self.status.setText(message)


def _write(vault: Vault, out: Path) -> BackupResult:
    return vault.backup(out)


def make_backup_page(ctx: PageContext) -> QWidget:
    return BackupPage(ctx)
