"""Commands that keep a vault alive: backup, restore and rescue."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from evidencekit.cliio import emit_json, out, warn
from evidencekit.commands.common import report_unlock, secrets_of, vault_path
from evidencekit.core.vault import Vault
from evidencekit.i18n import _, localize

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def register(command: Command) -> None:
    p = command("backup", cmd_backup,
                _("write an encrypted one-file copy of the vault (works while the app is open)"))
    p.add_argument("--out", required=True, metavar="FILE",
                   help=_("the backup file to write (outside the vault folder)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))

    p = command("restore", cmd_restore,
                _("check a backup, then restore it as the vault (the passphrase is the one the "
                  "vault had when the backup was written)"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--to", metavar="PATH",
                   help=_("the vault folder to restore into (default: --vault or your usual "
                          "vault)"))
    p.add_argument("--replace", action="store_true",
                   help=_("replace an existing vault there; it is kept aside as "
                          "PATH.before-restore-TIME, never deleted"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))

    p = command("rescue", cmd_rescue,
                _("copy what is still readable from a damaged vault into a new vault; exit 1 "
                  "if something was lost"))
    p.add_argument("--to", required=True, metavar="NEWPATH",
                   help=_("a new folder for the rescued vault (same passphrase)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))


def cmd_backup(args: argparse.Namespace) -> int:
    from evidencekit.core.backup import inspect_backup

    path = vault_path(args)
    source = secrets_of(args)
    if not (path / "vault.db").exists():
        Vault.open(path, b"")  # the usual "there is no vault at …" sentence
    passphrase = source.next(_("Passphrase for {path}: ").format(path=path))
    with Vault.open(path, passphrase) as vault:
        report_unlock(vault)
        result = vault.backup(Path(args.out))
    # The strongest read-back: the file alone, with the passphrase, opens and checks out.
    with tempfile.TemporaryDirectory(prefix=".check-", dir=result.path.parent) as staging:
        inspect_backup(result.path, passphrase, Path(staging))
    if args.json:
        emit_json({"path": str(result.path), "sha256": result.sha256, "size": result.size,
                   "created_at": result.created_at, "custody_entries": result.custody_entries,
                   "verified": True})
        return 0
    out(_("Backup written and checked: {path} ({size} bytes).").format(
        path=result.path, size=result.size))
    out(_("SHA-256: {sha}. It opens with the vault's current passphrase; keep it somewhere "
          "other than this computer.").format(sha=result.sha256))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from evidencekit.core.backup import restore_backup

    target = Path(args.to).expanduser() if args.to else vault_path(args)
    passphrase = secrets_of(args).next(_("Passphrase of the backup: "))
    result = restore_backup(Path(args.file), passphrase, target, replace=args.replace)
    if args.json:
        emit_json({"vault": str(result.vault), "moved_aside": str(result.moved_aside or "")
                   or None, "backup_sha256": result.info.sha256,
                   "backup_created_at": result.info.created_at,
                   "custody_entries": result.info.custody_entries})
        return 0
    out(_("Backup checked and restored to {path} (written {at}, {n} custody entries).").format(
        path=result.vault, at=result.info.created_at, n=result.info.custody_entries))
    if result.moved_aside:
        out(_("The vault that was there is kept, untouched, at {path}.").format(
            path=result.moved_aside))
    return 0


def cmd_rescue(args: argparse.Namespace) -> int:
    from evidencekit.core.rescue import rescue_vault

    source = vault_path(args)
    if not (source / "vault.db").exists():
        Vault.open(source, b"")
    passphrase = secrets_of(args).next(_("Passphrase for {path}: ").format(path=source))
    warn(_("Reading everything that still decrypts; this may take a while…"))
    report = rescue_vault(source, passphrase, Path(args.to))
    if args.json:
        emit_json({"vault": str(report.target), "old_vault_id": report.old_vault_id,
                   "items_kept": report.items_kept,
                   "lost": [lost.to_json() for lost in report.lost],
                   "derived_lost": report.derived_lost,
                   "custody_entries_carried": report.custody_carried,
                   "custody_entries_unreadable": report.custody_unreadable,
                   "damaged_tables": report.damaged_tables, "complete": report.complete})
        return 0 if report.complete else 1
    out(_("Rescued vault: {path} ({n} items, each checked against its SHA-256).").format(
        path=report.target, n=report.items_kept))
    for lost in report.lost:
        out(_("LOST: item {id} {name} (SHA-256 {sha}): {reason}.").format(
            id=lost.item_id, name=lost.name or "?", sha=lost.sha256 or "?",
            reason=localize(lost.reason)))
    if report.derived_lost:
        out(_("{n} derived object(s) (OCR text, thumbnails, copies) could not be read.").format(
            n=report.derived_lost))
    if report.custody_unreadable:
        out(_("{n} custody log entries could not be read.").format(
            n=len(report.custody_unreadable)))
    out(_("The new vault's custody log records what was kept and what was lost. The damaged "
          "vault was not changed."))
    return 0 if report.complete else 1
