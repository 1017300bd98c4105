"""Creating a vault and managing its keys: init, passwd, recovery-key."""

from __future__ import annotations

import argparse
import os

from evidencekit.cliio import SecretSource, ask_yes_no, emit_json, out, warn
from evidencekit.commands.common import (
    report_unlock,
    secrets_of,
    unlock,
    unlock_with_passphrase,
    vault_path,
)
from evidencekit.core.errors import UsageError, VaultExists
from evidencekit.core.kdf import INSECURE_TEST_ENV, calibrate
from evidencekit.core.strength import rate
from evidencekit.core.vault import Vault
from evidencekit.i18n import _


def _new_passphrase(source: SecretSource, what: str) -> str:
    """Ask for a new passphrase twice (interactive) and rate it; weak ones are refused."""
    while True:
        first = source.next(_("New {what}: ").format(what=what))
        strength = rate(first)
        if source.interactive:
            second = source.next(_("Repeat the new {what}: ").format(what=what))
            if first != second:
                warn(_("The two entries differ; try again."))
                continue
        warn(_("Strength: {label} (time to guess offline: {time}).").format(
            label=_(strength.label), time=strength.crack_time))
        if not first:
            raise UsageError(_("The passphrase cannot be empty."))
        if strength.acceptable:
            return first
        if strength.advice:
            warn(strength.advice)
        if not source.interactive:
            raise UsageError(_("This passphrase is too easy to guess for a vault of evidence; "
                               "choose a longer one (four or five unrelated words)."))
        warn(_("This passphrase is too easy to guess; choose a longer one."))


def _show_recovery_key(key: str) -> None:
    out("")
    out(_("RECOVERY KEY — shown only this once. Write it on paper or print it, and keep it away "
          "from this computer. It opens the vault if the passphrase is forgotten:"))
    out("")
    out("    " + key)
    out("")


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_path(args)
    source = secrets_of(args)
    if (path / "vault.db").exists() or (path / "keyslots.json").exists():
        raise VaultExists(_("A vault already exists at {path}; it was not overwritten.")
                          .format(path=path))
    passphrase = _new_passphrase(source, _("passphrase"))
    if args.recovery_key is None:
        want_recovery = source.interactive and ask_yes_no(
            _("Create a recovery key (a second key you write down, in case you forget the "
              "passphrase)?"), True)
    else:
        want_recovery = args.recovery_key
    if os.environ.get(INSECURE_TEST_ENV) == "1":
        warn(_("warning: {env}=1 — this vault uses test-only key derivation and is easy to "
               "break. Never keep real evidence in it.").format(env=INSECURE_TEST_ENV))
    else:
        warn(_("Measuring this computer to set the key derivation cost (about a second)…"))
    vault, recovery = Vault.create(path, passphrase, kdf=calibrate(),
                                   with_recovery_key=want_recovery)
    with vault:
        if args.json:
            emit_json({"vault": str(vault.folder), "vault_id": vault.vault_id,
                       "recovery_key": recovery})
            return 0
        out(_("Vault created at {path}.").format(path=vault.folder))
        out(_("It is one folder: copy the whole folder (while evidencekit is closed) to keep a "
              "backup."))
        if recovery:
            _show_recovery_key(recovery)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    path = vault_path(args)
    source = secrets_of(args)
    if args.recovery:
        key = source.next(_("Recovery key: "))
        vault = Vault.open(path, recovery_key=key)
        report_unlock(vault)
    else:
        vault = unlock(args, source)
    with vault:
        new = _new_passphrase(source, _("passphrase"))
        warn(_("Re-encrypting the vault under a fresh key…"))
        vault.change_passphrase(new, kdf=calibrate())
        out(_("Passphrase changed; the vault was re-encrypted under a new key. The old "
              "passphrase no longer opens it."))
        if vault.has_recovery_key:
            out(_("Your recovery key still works; replace it with `evidencekit recovery-key` "
                  "if someone else may have seen it."))
    return 0


def cmd_recovery_key(args: argparse.Namespace) -> int:
    vault, passphrase = unlock_with_passphrase(args)
    with vault:
        warn(_("Re-encrypting the vault under a fresh key…"))
        if args.remove:
            vault.remove_recovery_key(passphrase, kdf=calibrate())
            out(_("The recovery key was removed and the vault re-encrypted under a new key; "
                  "only the passphrase opens it now."))
            out(_("Copies of the vault folder made before today still open with the old "
                  "recovery key: delete them, or keep them where nobody else can reach."))
            return 0
        key = vault.new_recovery_key(passphrase, kdf=calibrate())
        if args.json:
            emit_json({"recovery_key": key})
            return 0
        out(_("A new recovery key replaces the old one, which no longer opens this vault (it "
              "was re-encrypted under a new key). Copies of the vault folder made before today "
              "still open with the old key: delete them, or keep them where nobody else can "
              "reach."))
        _show_recovery_key(key)
    return 0
