"""Turning low-level SQLCipher errors into one sentence a person can act on."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from evidencekit.core.db import in_use_message
from evidencekit.core.errors import EvidenceKitError, VaultDamaged, VaultInUse
from evidencekit.i18n import _

# Primary SQLite result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

DAMAGE_CODES = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})
# What SQLCipher says when a page fails its HMAC or a b-tree is broken, for builds whose
# exceptions carry no result code.
DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "vtable constructor failed",
                "corrupt")


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return int(code) & 0xFF if isinstance(code, int) else None


def is_damage(exc: BaseException) -> bool:
    """True when the error means that part of the database file no longer decrypts or parses."""
    if not isinstance(exc, sqlcipher3.DatabaseError):
        return False
    code = _code(exc)
    if code is not None:
        return code in DAMAGE_CODES
    return any(word in str(exc).lower() for word in DAMAGE_WORDS)


def damaged_sentence(folder: Path | None = None) -> str:
    where = _("The vault at {path}").format(path=folder) if folder else _("The vault")
    return _("{where} is damaged: part of its database file no longer decrypts correctly, so "
             "nothing was read from that part and nothing was changed; run `evidencekit verify` "
             "to see what is affected, then restore a backup (`evidencekit restore`) or copy "
             "what is still readable to a new vault (`evidencekit rescue --to NEW_FOLDER`)."
             ).format(where=where)


def first_page_note() -> str:
    """Added to "wrong passphrase": the key file opened, the database did not (see vault.py)."""
    return _(" (or the vault file is damaged: this passphrase opens the vault's key file but "
             "not its database, whose first page may be damaged; if you are sure of the "
             "passphrase, restore a backup with `evidencekit restore`)")


def is_write_failure(exc: BaseException) -> bool:
    """True when SQLite could not write the file: a full disk, a file-size limit, an I/O error."""
    if not isinstance(exc, sqlcipher3.DatabaseError):
        return False
    text = str(exc).lower()
    return _code(exc) in (SQLITE_FULL, SQLITE_IOERR) or "disk is full" in text \
        or "disk i/o error" in text


def vault_error(exc: BaseException, folder: Path | None = None) -> EvidenceKitError | None:
    """The user-facing error for a SQLCipher exception, or None if it is not about the file."""
    if not isinstance(exc, sqlcipher3.DatabaseError):
        return None
    code = _code(exc)
    text = str(exc).lower()
    if is_damage(exc):
        return VaultDamaged(damaged_sentence(folder))
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return VaultInUse(in_use_message())
    if code == SQLITE_FULL or "disk is full" in text:
        return EvidenceKitError(_("The disk holding the vault is full; the last step was rolled "
                                  "back and the vault is as it was before it. Free some space "
                                  "and try again."))
    if code == SQLITE_IOERR or "disk i/o error" in text:
        return VaultDamaged(_("The vault's database could not be written to or read from the "
                              "disk (an input/output error); the last step was rolled back. The "
                              "disk may be full, the vault may have reached the largest file its "
                              "file system allows (4 GB on a FAT32 USB stick), or the disk may "
                              "be failing: free some space or move the vault, and keep a copy "
                              "of your latest backup elsewhere."))
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN) or "readonly" in text:
        return VaultInUse(_("The vault's files cannot be written (read-only disk or missing "
                            "permission); nothing was changed."))
    return None
