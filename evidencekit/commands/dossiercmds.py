"""Commands that hand proof over: export dossier, export bundle, verify-bundle, demo."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from evidencekit.cliio import emit_json, error_line, out
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]
# Kept here as well as in dossier.request so `verify-bundle` and `--help` work even when the
# PDF layer cannot load (a broken font install must not stop a lawyer from checking a bundle).
RECIPIENTS = ("pharos", "police", "lawyer", "emc", "eblagh", "ma-police")
LANGS = ("fr", "en", "ar")


def register(command: Command) -> None:
    p = command("export", _cmd_export_help, _("write a dossier (PDF) or a verifiable bundle (zip)"))
    sub = p.add_subparsers(dest="export_what", metavar="WHAT", parser_class=type(p))

    d = sub.add_parser("dossier", help=_("a PDF dossier written for one recipient"),
                       description=_("a PDF dossier written for one recipient"))
    d.set_defaults(handler=cmd_export_dossier)
    _request_args(d, required_recipient=True)
    d.add_argument("--items", metavar="1,2,3", help=_("only these items, in this order"))
    d.add_argument("--out", required=True, metavar="FILE.pdf")
    d.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))

    b = sub.add_parser("bundle", help=_("a zip with the dossier, the originals, a signed "
                                        "manifest and the custody log"),
                       description=_("a zip with the dossier, the originals, a signed manifest "
                                     "and the custody log"))
    b.set_defaults(handler=cmd_export_bundle)
    _request_args(b, required_recipient=False)
    b.add_argument("--items", metavar="1,2,3", help=_("only these items, in this order"))
    b.add_argument("--out", required=True, metavar="FILE.zip")
    b.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))
    _bundle_args(b)

    v = command("verify-bundle", cmd_verify_bundle,
                _("check an exported bundle; needs no vault and no passphrase"))
    v.add_argument("bundle", metavar="FILE.zip")
    v.add_argument("--against", metavar="EARLIER.zip",
                   help=_("also check that this bundle's custody log extends the log of an "
                          "earlier bundle of the same vault"))
    v.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))
    v.add_argument("--expect-key", metavar="FINGERPRINT",
                   help=_("the SHA-256 fingerprint of the signing key the sender gave you; "
                          "another key fails the check"))
    v.add_argument("--known-keys", metavar="FILE",
                   help=_("the list of keys seen before (default: known-keys.json in this "
                          "program's settings folder)"))
    v.add_argument("--tsa-ca", action="append", default=[], metavar="FILE",
                   help=_("also trust this CA certificate (PEM) for timestamp tokens"))

    from evidencekit.commands.bundle_report import register_timestamps

    register_timestamps(command)

    m = command("demo", cmd_demo, _("build a demo vault with sample evidence and its dossiers"))
    m.add_argument("folder", metavar="DIR")

    from evidencekit.commands import authorcmd

    authorcmd.register(command)
    from evidencekit.commands import protectcmds

    protectcmds.register(command)


def _bundle_args(b: argparse.ArgumentParser) -> None:
    stamp = b.add_mutually_exclusive_group()
    stamp.add_argument("--tsa", action="append", default=[], metavar="URL",
                       help=_("timestamp the bundle with this RFC 3161 authority (repeatable; "
                              "`default` for the built-in list). Off unless given: the app "
                              "reaches the network only when asked"))
    stamp.add_argument("--no-tsa", action="store_true",
                       help=_("no timestamp, no network (the default)"))
    b.add_argument("--tsa-ca", action="append", default=[], metavar="FILE",
                   help=_("also trust this CA certificate (PEM) for timestamp tokens"))
    b.add_argument("--include-gps", action="store_true",
                   help=_("put the GPS positions read from photos into manifest.json"))
    b.add_argument("--include-notes", action="store_true",
                   help=_("put your private notes and descriptions into the bundle"))
    b.add_argument("--encrypt", action="store_true",
                   help=_("write an encrypted bundle (age); a passphrase is made and shown once"))


def _request_args(p: argparse.ArgumentParser, *, required_recipient: bool) -> None:
    p.add_argument("--recipient", choices=RECIPIENTS, required=required_recipient,
                   default=None if required_recipient else "police")
    p.add_argument("--lang", choices=LANGS, default="fr")
    p.add_argument("--case", help=_("the case to export (default: the only one)"))
    p.add_argument("--timezone", metavar="TZ",
                   help=_("time zone the dossier's dates are shown in (default: the vault's, else "
                          "Europe/Paris, or Africa/Casablanca for EMC and e-Blagh)"))
    p.add_argument("--messages", metavar="12,15",
                   help=_("chosen messages of a chat (ids from `messages`), each an exhibit"))


def _cmd_export_help(args: argparse.Namespace) -> int:
    raise UsageError(_("say what to export: `export dossier …` or `export bundle …`."))


def _item_ids(text: str | None, option: str = "--items") -> tuple[int, ...] | None:
    if not text:
        return None
    problem = _("{option} takes numbers separated by commas, like 3,1,7.").format(option=option)
    try:
        ids = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise UsageError(problem) from None
    if not ids:
        raise UsageError(problem)
    return ids


def _request(args: argparse.Namespace) -> object:
    from evidencekit.dossier.request import DossierRequest

    return DossierRequest(recipient=args.recipient, lang=args.lang, case=args.case,
                          item_ids=_item_ids(args.items),
                          message_ids=_item_ids(args.messages, "--messages") or (),
                          timezone=args.timezone)


def cmd_export_dossier(args: argparse.Namespace) -> int:
    from evidencekit.commands.common import unlock
    from evidencekit.dossier.bundle import default_renderer

    request = _request(args)
    target = Path(args.out).expanduser()
    with unlock(args) as vault:
        result = default_renderer()(vault, request, target)
    extra = [str(p) for p in result.extra_files]
    if args.json:
        emit_json({"path": str(result.pdf_path), "pages": result.pages,
                   "exhibits": [{"number": e.number, "item_id": e.item_id,
                                 "message_id": e.message_id, "title": e.title,
                                 "sha256": e.sha256} for e in result.exhibits],
                   "extra_files": extra})
        return 0
    out(_("Dossier written: {path} ({pages} pages, {n} exhibits).").format(
        path=result.pdf_path, pages=result.pages, n=len(result.exhibits)))
    for path in extra:
        out(_("Also written: {path}").format(path=path))
    return 0


def cmd_export_bundle(args: argparse.Namespace) -> int:
    from evidencekit.commands.bundle_report import bundle_options, print_export
    from evidencekit.commands.common import unlock
    from evidencekit.dossier.bundle import export_bundle

    request = _request(args)
    options = bundle_options(args)
    with unlock(args) as vault:
        result = export_bundle(vault, request, Path(args.out), options=options)
    print_export(result, options, as_json=args.json)
    return 0


def cmd_verify_bundle(args: argparse.Namespace) -> int:
    """Deliberately never unlocks anything: the recipient has no vault and no passphrase."""
    from evidencekit.commands.bundle_report import open_bundle, print_timestamps

    if args.against:
        return _verify_against(args)
    report = open_bundle(args)
    if args.json:
        emit_json(report.to_json())
        return 0 if report.ok else 1
    if report.ok:
        out(_("intact: {path}").format(path=report.path))
        out(_("{n} files checked, {e} exhibits; custody log: {c} entries, Merkle root {root}.")
            .format(n=len(report.files), e=report.exhibits, c=report.custody_entries,
                    root=report.merkle_root))
        out(_("Signed with the key {key}; SHA-256 of manifest.json: {sha}.").format(
            key=report.signing_key_sha256, sha=report.manifest_sha256))
        print_timestamps(report)
        for size, root in report.log_extends:
            # An earlier dossier prints these two figures: a reader holding it can match them.
            out(_("Its log provably extends the log an earlier export showed: {n} entries, "
                  "Merkle root {root}.").format(n=size, root=root))
        if report.key_trust:
            out(report.key_trust["message"])
        return 0
    # Every file intact, but signed by another key than the one expected or seen before.
    key_only = report.key_trust is not None and not report.key_trust["ok"] and \
        not report.general and list(report.bad.values()) == [[report.key_trust["message"]]]
    out((_("NOT signed by the expected key: {path}") if key_only else
         _("NOT intact: {path}")).format(path=report.path))
    if report.signing_key_sha256:
        out(_("Signing key in the bundle: {key}").format(key=report.signing_key_sha256))
    if report.key_trust and report.key_trust["ok"]:
        out(report.key_trust["message"])
    for name, reasons in sorted(report.bad.items()):
        error_line(f"{name}: {'; '.join(reasons)}")
    for problem in report.general:
        error_line(problem)
    return 1


def _verify_against(args: argparse.Namespace) -> int:
    from evidencekit.dossier.bundle_against import compare

    result = compare(Path(args.bundle).expanduser(), Path(args.against).expanduser(),
                     expect_key=args.expect_key,
                     known_keys=Path(args.known_keys).expanduser() if args.known_keys else None)
    if args.json:
        emit_json(result.to_json())
        return 0 if result.ok else 1
    for report in (result.new, result.old):
        if not report.ok:
            out(_("NOT intact: {path}").format(path=report.path))
            for name, reasons in sorted(report.bad.items()):
                error_line(f"{name}: {'; '.join(reasons)}")
            for problem in report.general:
                error_line(problem)
    for problem in result.problems:
        error_line(problem)
    if not result.ok:
        return 1
    out(_("intact: {path}").format(path=result.new.path))
    out(_("Its custody log ({n} entries, Merkle root {root}) extends the log of {old} ({m} "
          "entries, Merkle root {old_root}): RFC 9162 consistency proof verified, same vault, "
          "same key {key}.").format(
        n=result.new.custody_entries, root=result.new.merkle_root, old=result.old.path,
        m=result.old.custody_entries, old_root=result.old.merkle_root,
        key=result.new.signing_key_sha256))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from evidencekit.dossier.demo import build_demo

    result = build_demo(Path(args.folder).expanduser(), say=out)
    out(_("Demo vault: {path}").format(path=result.vault))
    out(_("Its passphrase: {p}").format(p=result.passphrase))
    for path in result.outputs:
        out(f"  {path}")
    return 0
