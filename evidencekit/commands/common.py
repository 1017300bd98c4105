"""What every command needs: the vault path, unlocking it, and telling about failed attempts."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from evidencekit.cliio import SecretSource, warn
from evidencekit.core import attempts, pending_exports, readonly
from evidencekit.core.timeutil import parse_iso
from evidencekit.core.vault import Vault, default_vault_path
from evidencekit.i18n import _


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_path()


def secrets_of(args: argparse.Namespace) -> SecretSource:
    return SecretSource(args.passphrase_file, args.passphrase_stdin)


def local_time(iso: str) -> str:
    try:
        return parse_iso(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    except ValueError:
        return iso


def unlock(args: argparse.Namespace, source: SecretSource | None = None) -> Vault:
    return unlock_with_passphrase(args, source)[0]


def unlock_with_passphrase(args: argparse.Namespace,
                           source: SecretSource | None = None) -> tuple[Vault, str]:
    """The unlocked vault and the passphrase that opened it (for commands that rewrap keys)."""
    path = vault_path(args)
    source = source or secrets_of(args)
    # Fail on a missing vault before asking for a passphrase the user cannot use.
    if not (path / "vault.db").exists():
        return Vault.open(path, b""), ""
    passphrase = source.next(_("Passphrase for {path}: ").format(path=path))
    vault = Vault.open(path, passphrase)
    report_unlock(vault)
    return vault, passphrase


def report_unlock(vault: Vault) -> None:
    failed = vault.unlock_report.failed_attempts
    if failed:
        warn(_("warning: {n} failed unlock attempt(s) since your last visit, the last at {at}. "
               "If it was not you, someone may be trying to open your vault.").format(
            n=len(failed), at=local_time(failed[-1])))
    tampered = attempts.problem_sentence(vault.unlock_report.attempts_record_problem)
    if tampered:
        warn(_("warning: {sentence}").format(sentence=tampered))
    if vault.unlock_report.log_problem:
        warn(_("warning: {problem} Run `evidencekit verify`.").format(
            problem=vault.unlock_report.log_problem))
    if vault.unlock_report.read_only:
        warn(_("warning: {sentence}").format(sentence=readonly.notice()))
    leftovers = pending_exports.leftovers_sentence(vault.unlock_report.leftovers_removed)
    if leftovers:
        warn(_("note: {sentence}").format(sentence=leftovers))
    if vault.unlock_report.recovered_pending_change:
        warn(_("note: an interrupted passphrase change was completed or undone safely."))


def now_local_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
