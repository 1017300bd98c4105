"""Typed errors raised by the core; the CLI and the GUI word them for the user.

Each error carries a message already phrased as one sentence for a person (translatable through
`evidencekit.i18n`), naming the file or vault concerned. Nothing else should reach a user.
"""

from __future__ import annotations


class EvidenceKitError(Exception):
    """Base class: `str(err)` is one clear sentence for the user."""

    exit_code = 1


class WrongPassphrase(EvidenceKitError):
    exit_code = 4


class VaultLocked(EvidenceKitError):
    exit_code = 4


class VaultNotFound(EvidenceKitError):
    exit_code = 2


class VaultExists(EvidenceKitError):
    exit_code = 2


class VaultDamaged(EvidenceKitError):
    """The vault file is corrupt or was changed outside the app."""

    exit_code = 1


class VaultInUse(EvidenceKitError):
    exit_code = 4


class UnsupportedInput(EvidenceKitError):
    """An input file was refused; the vault was left unchanged for it."""

    exit_code = 3



class TamperDetected(EvidenceKitError):
    exit_code = 1


class Cancelled(EvidenceKitError):
    exit_code = 1


class NotFound(EvidenceKitError):
    exit_code = 2


class UsageError(EvidenceKitError):
    exit_code = 2
