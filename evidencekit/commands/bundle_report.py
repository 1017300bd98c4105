"""The bundle commands' options and output: timestamps, private facts, encryption.

Kept apart from dossiercmds so that the export and verify commands stay one screen each.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

from evidencekit.cliio import emit_json, out, warn
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _


def bundle_options(args: argparse.Namespace) -> Any:
    from evidencekit.dossier.bundle_crypt import new_passphrase
    from evidencekit.dossier.bundle_options import BundleOptions
    from evidencekit.dossier.tsa_client import TimestampError, TimestampSettings
    from evidencekit.i18n import localize

    try:
        stamping = TimestampSettings.from_choices([] if args.no_tsa else args.tsa, args.tsa_ca)
    except TimestampError as exc:
        raise UsageError(localize(exc.args[0])) from None
    if args.tsa_ca and not stamping.enabled:
        raise UsageError(_("--tsa-ca is for timestamping: give --tsa too."))
    return BundleOptions(timestamping=stamping, include_gps=args.include_gps,
                         include_notes=args.include_notes,
                         passphrase=new_passphrase() if args.encrypt else None)


def print_export(result: Any, options: Any, *, as_json: bool) -> None:
    stamps = [s.check.to_json() for o in (result.root_timestamp, result.timestamp)
              if o is not None for s in o.stamps]
    if as_json:
        emit_json({"path": str(result.path), "manifest_sha256": result.manifest_sha256,
                   "exhibits": result.exhibits, "files": result.files, "verified": True,
                   "timestamp": result.timestamp.status,
                   "timestamp_message": result.timestamp.message, "timestamps": stamps,
                   "gps_items": result.gps_items, "include_gps": options.include_gps,
                   "include_notes": options.include_notes,
                   "encrypted": result.passphrase is not None,
                   "passphrase": result.passphrase,
                   "signing_key_sha256": result.report.signing_key_sha256})
        return
    out(_("Bundle written and verified: {path}").format(path=result.path))
    out(_("{n} exhibits, {f} files; SHA-256 of manifest.json: {sha}").format(
        n=result.exhibits, f=result.files, sha=result.manifest_sha256))
    out(_("Signing key of this vault: {key}. Give it to the recipient in person or by phone, "
          "not with the bundle; the attestation page of the dossier carries it for your "
          "signature.").format(key=result.report.signing_key_sha256))
    for outcome in (result.root_timestamp, result.timestamp):
        if outcome is not None and outcome.status != "off":
            out(outcome.message)
    if result.timestamp.status == "off":
        out(result.timestamp.message)
    _gps_warning(result.gps_items, options.include_gps)
    if result.passphrase:
        out(_("The bundle is encrypted (age). Its passphrase, shown only now — give it to the "
              "recipient by phone, never in the same e-mail or on the same USB stick:"))
        out(f"    {result.passphrase}")
        out(_("The recipient opens it with `age -d FILE.zip.age > FILE.zip` or checks it with "
              "`evidencekit verify-bundle FILE.zip.age`."))


def _gps_warning(count: int, included: bool) -> None:
    if not count:
        return
    if included:
        warn(_("warning: manifest.json holds the GPS positions of {n} photo(s), as you asked. "
               "They may reveal where the photos were taken, your home for instance.")
             .format(n=count))
    else:
        warn(_("note: {n} photo(s) hold a GPS position. manifest.json leaves it out, but the "
               "original files keep their own metadata (EXIF), which may reveal where they "
               "were taken.").format(n=count))


def open_bundle(args: argparse.Namespace) -> Any:
    """Verify the bundle named by `args`, asking for its passphrase when it is encrypted."""
    from evidencekit.commands.common import secrets_of
    from evidencekit.dossier import bundle_crypt
    from evidencekit.dossier.key_trust import check_bundle

    path = Path(args.bundle).expanduser()
    tsa_ca = tuple(Path(p).expanduser() for p in args.tsa_ca)
    known = Path(args.known_keys).expanduser() if args.known_keys else None
    data = None
    if bundle_crypt.is_encrypted(path):
        passphrase = secrets_of(args).next(_("Passphrase of the encrypted bundle {path}: ")
                                           .format(path=path))
        data = io.BytesIO(bundle_crypt.decrypt_file(path, passphrase))
    return check_bundle(path, expect_key=args.expect_key, known_keys=known, tsa_ca=tsa_ca,
                        data=data)


def print_timestamps(report: Any) -> None:
    from evidencekit.dossier.tsa_verify import describe

    for entry in report.timestamps:
        out(describe(entry))


def register_timestamps(command: Any) -> None:
    t = command("timestamps", cmd_timestamps,
                _("list the timestamp requests queued while offline; with --tsa, make them now"))
    t.add_argument("--tsa", action="append", default=[], metavar="URL",
                   help=_("ask this RFC 3161 authority (repeatable; `default` for the built-in "
                          "list)"))
    t.add_argument("--tsa-ca", action="append", default=[], metavar="FILE",
                   help=_("also trust this CA certificate (PEM) for timestamp tokens"))


def cmd_timestamps(args: argparse.Namespace) -> int:
    """The queue of an offline export, and its retry once the network is back."""
    from evidencekit.commands.common import unlock
    from evidencekit.dossier import timestamp
    from evidencekit.i18n import localize

    try:
        stamping = timestamp.TimestampSettings.from_choices(args.tsa, args.tsa_ca)
    except timestamp.TimestampError as exc:
        raise UsageError(localize(exc.args[0])) from None
    with unlock(args) as vault:
        obtained = timestamp.retry_queue(vault, stamping) if stamping.enabled else 0
        waiting = timestamp.queued(vault)
    if obtained:
        out(_("{n} timestamp(s) obtained and recorded in the custody log.").format(n=obtained))
    for entry in waiting:
        out(_("waiting since {at}: {what} of {label} (SHA-256 {sha})").format(
            at=entry.get("queued_at", "?"), what=entry.get("what", "manifest.json"),
            label=entry.get("label", "?"),
            sha=entry.get("sha256") or entry.get("manifest_sha256") or "?"))
    if not waiting:
        out(_("No timestamp request is waiting."))
    elif not stamping.enabled:
        out(_("Run `evidencekit timestamps --tsa default` once the network is back."))
    return 0
