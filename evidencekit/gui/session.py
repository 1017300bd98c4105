"""The unlocked vault and the app's preferences, shared by the screens (passed, never global)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from evidencekit.core.errors import VaultLocked
from evidencekit.core.vault import Vault
from evidencekit.gui.settings import (
    SAFETY_META_KEY,
    Settings,
    SettingsStore,
    safety_fingerprint,
    safety_notice,
)
from evidencekit.gui.worker import JobRunner
from evidencekit.i18n import _

T = TypeVar("T")


#: how long a lock waits for running jobs to notice their cancellation.
LOCK_WAIT_MS = 60_000

class Session(QObject):
    """Owns the open vault; every screen reaches the vault through it."""

    #: the vault was unlocked or created; screens may read it now.
    unlocked = Signal()
    #: the vault is about to lock, or the screens to be rebuilt in another language (the vault
    #: is still open): screens keep unsaved work inside it.
    about_to_lock = Signal()
    #: the vault was locked: screens must drop models, previews and any decrypted text.
    locked = Signal()
    #: the preferences changed (the new Settings object).
    settings_changed = Signal(object)

    def __init__(self, vault_path: Path, store: SettingsStore, jobs: JobRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault_path = vault_path
        self.store = store
        self.settings = store.load()
        self.jobs = jobs
        self._vault: Vault | None = None
        self.last_lock_reason = ""

    @property
    def vault_exists(self) -> bool:
        return (self.vault_path / "vault.db").exists()

    @property
    def vault(self) -> Vault:
        if self._vault is None or not self._vault.is_open:
            raise VaultLocked(_("The vault is locked."))
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None and self._vault.is_open

    @property
    def read_only(self) -> bool:
        """The vault opened read-only (a full disk, core/readonly.py): nothing may change it."""
        return self.is_unlocked and bool(self._vault and self._vault.read_only)

    @property
    def timezone(self) -> str:
        if self.settings.timezone:
            return self.settings.timezone
        return self._vault.timezone if self.is_unlocked and self._vault else "UTC"

    def set_vault(self, vault: Vault) -> None:
        self._vault = vault
        self.unlocked.emit()

    def read(self, fn: Callable[[Vault], T]) -> T:
        """Run a short read on the GUI thread, serialised with the worker's transactions."""
        vault = self.vault
        with vault.lock:
            return fn(vault)

    def lock(self, reason: str = "manual") -> None:
        """Cancel running jobs, close the database (zeroing the key), and tell every screen.

        `reason` ("manual", "idle", "screen", "quit") is kept for the unlock screen to say why
        the vault closed: a lock the user did not ask for should never look like a crash.
        """
        was_open = self._vault is not None
        if was_open:
            self.last_lock_reason = reason
            self.about_to_lock.emit()
        self.jobs.cancel_all()
        # A job still reading the vault on a worker thread must end before the connection
        # closes: SQLite closed under a running statement crashes the whole process (seen with
        # the export preview at a lock). Jobs poll `cancel`, so this is short.
        self.jobs.wait(LOCK_WAIT_MS)
        if self._vault is not None:
            self._vault.close()
            self._vault = None
        if was_open:
            self.locked.emit()

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.store.save(settings)
        self.remember_safety_settings()
        self.settings_changed.emit(settings)

    def remember_safety_settings(self) -> None:
        """Keep the digest of the protection settings inside the vault (see settings.py)."""
        if self._vault is None or self._vault.read_only:
            return  # a vault opened read-only (full disk) is told again at the next unlock
        digest = safety_fingerprint(self.settings)
        with self._vault.lock:
            if self._vault.meta(SAFETY_META_KEY, "") != digest:
                with self._vault.transaction() as tx:
                    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               (SAFETY_META_KEY, digest))

    def safety_notice(self) -> str | None:
        if self._vault is None:
            return None
        with self._vault.lock:
            remembered = self._vault.meta(SAFETY_META_KEY, "") or None
        notice = safety_notice(self.settings, remembered)
        if remembered is None:
            self.remember_safety_settings()  # first unlock with this app version
        return notice
