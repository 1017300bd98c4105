"""The command line: a thin layer over core, importers and dossier (design.md's contract).

Exit codes: 0 success; 1 verification found a problem; 2 usage error; 3 input refused;
4 wrong passphrase or locked vault. Errors are one line on stderr starting with `error:`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from evidencekit import __version__
from evidencekit.cliio import error_line
from evidencekit.core.categories import CATEGORIES
from evidencekit.core.errors import EvidenceKitError
from evidencekit.core.hardening import harden_process
from evidencekit.i18n import _, set_language, system_language

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        error_line(message)
        raise SystemExit(2)


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))


def build_parser() -> argparse.ArgumentParser:
    from evidencekit.commands import evidencecmds as ev
    from evidencekit.commands import logcmds as lg
    from evidencekit.commands import vaultcmds as vc

    parser = _Parser(
        prog="evidencekit",
        description=_("Keep proof of cyber-harassment safe: an encrypted vault of originals, a "
                      "tamper-evident log, and dossiers for the people who can act."),
        epilog=_("With no command, the desktop app starts. Exit codes: 0 success, 1 a "
                 "verification found a problem, 2 usage error, 3 input refused, 4 wrong "
                 "passphrase or vault locked."),
    )
    parser.add_argument("--version", action="version", version=f"evidencekit {__version__}")
    parser.add_argument("--vault", metavar="PATH",
                        help=_("the vault folder (default: your user data folder)"))
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--passphrase-file", metavar="FILE",
                        help=_("read the passphrase from the first line of FILE"))
    secret.add_argument("--passphrase-stdin", action="store_true",
                        help=_("read the passphrase from the first line of standard input"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("init", vc.cmd_init, _("create a vault (refuses to overwrite one)"))
    rk = p.add_mutually_exclusive_group()
    rk.add_argument("--recovery-key", dest="recovery_key", action="store_true", default=None,
                    help=_("also create a recovery key, shown once"))
    rk.add_argument("--no-recovery-key", dest="recovery_key", action="store_false",
                    help=_("do not create a recovery key"))
    _add_json(p)

    p = command("import", ev.cmd_import, _("store files, folders and exports in the vault"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--case", default="Default", help=_("the case to file them under"))
    p.add_argument("--timezone", metavar="TZ",
                   help=_("timezone of naive times in chat exports (default: the vault's)"))
    p.add_argument("--date-order", choices=("dmy", "mdy", "ymd"),
                   help=_("date order of a chat export when the file cannot tell"))
    p.add_argument("--platform", help=_("where it was published (instagram, whatsapp…)"))
    p.add_argument("--url", help=_("the full address of the content"))
    p.add_argument("--author", help=_("the author's pseudonym or handle"))
    p.add_argument("--category", help=_("one of: {c}").format(c=", ".join(CATEGORIES)))
    p.add_argument("--title", help=_("a short title"))
    p.add_argument("--sensitive", action="store_true",
                   help=_("intimate or shocking: blurred in dossiers"))
    p.add_argument("--no-ocr", action="store_true",
                   help=_("do not read the text in imported images (OCR)"))
    intimate = p.add_mutually_exclusive_group()
    intimate.add_argument("--intimate", dest="intimate", action="store_true", default=None,
                          help=_("the files may hold intimate images: mark every image or "
                                 "video imported, alone or from an export, sensitive "
                                 "(blurred)"))
    intimate.add_argument("--not-intimate", dest="intimate", action="store_false",
                          help=_("the exports hold no intimate image (no hint is printed)"))
    _add_json(p)

    p = command("ocr", ev.cmd_ocr, _("read the text in images (OCR) that have none yet"))
    p.add_argument("items", nargs="*", type=int, metavar="ID")

    p = command("list", ev.cmd_list, _("list the items"))
    p.add_argument("--case")
    _add_json(p)

    p = command("cases", ev.cmd_cases, _("list the cases"))
    _add_json(p)

    p = command("show", ev.cmd_show, _("one item: hashes, times, annotations, links, history"))
    p.add_argument("id", type=int)
    _add_json(p)

    p = command("annotate", ev.cmd_annotate, _("describe an item (the original is untouched)"))
    p.add_argument("id", type=int, nargs="?")
    p.add_argument("--message", type=int, metavar="ID",
                   help=_("a message (id from `messages`) instead of an item: --translation only"))
    p.add_argument("--translation", metavar="TEXT",
                   help=_("your translation of the content (not sworn); empty to remove it"))
    for field in ev.ANNOTATE_FIELDS:
        p.add_argument("--" + field.replace("_", "-"), dest=field)
    sens = p.add_mutually_exclusive_group()
    sens.add_argument("--sensitive", dest="sensitive", action="store_true", default=None)
    sens.add_argument("--not-sensitive", dest="sensitive", action="store_false")

    p = command("journal", ev.cmd_journal,
                _("write a dated account of an incident (text from FILE or standard input)"))
    p.add_argument("--case", default="Default")
    p.add_argument("--at", help=_("when it happened (ISO 8601; default: now)"))
    p.add_argument("--title")
    p.add_argument("--text-file", metavar="FILE")
    p.add_argument("--pasted", action="store_true",
                   help=_("the text was copied from a conversation, not written by you"))

    p = command("add-url", ev.cmd_add_url,
                _("record content by its address and a description only, without its file"))
    p.add_argument("url")
    p.add_argument("--case", default="Default")
    p.add_argument("--description")
    p.add_argument("--category")
    p.add_argument("--platform")
    p.add_argument("--author")
    p.add_argument("--title")

    p = command("remove", ev.cmd_remove,
                _("erase an item's bytes for good; the log keeps its hash and your reason"))
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)

    p = command("messages", lg.cmd_messages, _("messages parsed from chat exports"))
    p.add_argument("--item", type=int)
    p.add_argument("--case")
    _add_json(p)

    from evidencekit.commands import rereadcmd

    rereadcmd.register(command)

    p = command("search", lg.cmd_search, _("full text over messages, notes and OCR text"))
    p.add_argument("query")
    _add_json(p)

    p = command("log", lg.cmd_log, _("the custody log"))
    p.add_argument("--item", type=int)
    _add_json(p)

    p = command("verify", lg.cmd_verify,
                _("re-hash every original and walk the custody chain; exit 1 if anything is off"))
    p.add_argument("--accept-log", action="store_true",
                   help=_("after reading a warning that the log contradicts this computer's "
                          "record of it: keep the log as it is now as the new reference (the "
                          "decision is logged)"))
    _add_json(p)

    p = command("passwd", vc.cmd_passwd,
                _("change the passphrase (re-encrypts the vault under a fresh key)"))
    p.add_argument("--recovery", action="store_true",
                   help=_("unlock with the recovery key instead of the old passphrase"))

    p = command("recovery-key", vc.cmd_recovery_key,
                _("create a new recovery key (the old one stops working) or remove it"))
    p.add_argument("--remove", action="store_true")
    _add_json(p)

    _register_extensions(command)
    return parser


def _register_extensions(command: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """Commands from the importer and dossier layers, registered where they live."""
    from evidencekit.commands import capturecmd, maintcmds, receivecmd

    maintcmds.register(command)  # backup, restore, rescue: core only, always available
    receivecmd.register(command)  # receive from a phone (LocalSend)
    capturecmd.register(command)  # the only command that reaches the internet, and it says so
    try:
        from evidencekit.commands import dossiercmds
    except ImportError:
        return
    dossiercmds.register(command)


def start_gui() -> int:
    # platform_check loads no Qt: it is asked first because a Qt that cannot start its platform
    # plugin aborts the whole process instead of raising.
    from evidencekit.gui import platform_check

    problem = platform_check.startup_problem()
    if problem:
        error_line(problem)
        return 2
    try:
        from evidencekit.gui.app import run
    except ImportError as exc:
        soname = platform_check.missing_library(str(exc))
        if soname:
            error_line(platform_check.missing_library_sentence(soname))
            return 2
        error_line(_("the desktop app could not start ({reason}); use the commands below.")
                   .format(reason=exc))
        build_parser().print_help()
        return 2
    return run()


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    set_language(system_language())
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        return start_gui()
    if args_list[0] == "_capture-browser":  # hidden: the web capture's browser child
        from evidencekit.gui.capture.browser import run_child

        return run_child()
    if args_list[0] == "_selftest-preview":  # hidden: packaging/smoke_test.sh checks QtPdf
        from evidencekit.gui.export.selftest import run_selftest

        return run_selftest(args_list[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        return start_gui()
    try:
        return int(args.handler(args))
    except EvidenceKitError as exc:
        error_line(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        error_line(_("interrupted; the current step was rolled back."))
        return 130
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches a user
        # ENOSPC (disk full) or EFBIG (file-size limit, e.g. FAT32's 4 GB) while writing a file.
        if isinstance(exc, OSError) and exc.errno in (28, 27):
            error_line(_("the disk is full; nothing was changed. Free some space and try "
                         "again."))
            return 1
        from evidencekit.core.damage import vault_error

        mapped = vault_error(exc)  # a SQLCipher error met while reading: damage, busy, full
        if mapped is not None:
            error_line(str(mapped))
            return mapped.exit_code
        error_line(_("unexpected problem ({kind}: {reason}); the vault was left as it was.")
                   .format(kind=type(exc).__name__, reason=exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
