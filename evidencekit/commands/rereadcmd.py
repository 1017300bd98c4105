"""`reparse`: read a stored chat export again with another date order or time zone (logged)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from evidencekit.cliio import emit_json, one_line, out
from evidencekit.commands.common import unlock
from evidencekit.i18n import _
from evidencekit.importers.reread import RereadRequest, check_request, reread
from evidencekit.importers.reread_text import summary_lines
from evidencekit.importers.whatsapp_dates import ORDERS

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(command: Command) -> None:
    p = command("reparse", cmd_reparse,
                _("read a chat export already in the vault again, with another date order or "
                  "time zone; the first reading is kept and the change logged"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--date-order", choices=ORDERS,
                   help=_("how the export writes dates (default: as the current reading)"))
    p.add_argument("--timezone", metavar="TZ",
                   help=_("time zone of the phone that wrote the export (default: as the "
                          "current reading)"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only say what the new reading would change"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))


def cmd_reparse(args: argparse.Namespace) -> int:
    request = RereadRequest(timezone=args.timezone, date_order=args.date_order)
    check_request(request)  # an unknown zone is refused before the passphrase is asked
    with unlock(args) as vault:
        result = reread(vault, args.id, request, dry_run=args.dry_run)
    if args.json:
        emit_json(result.to_json() | {"dry_run": bool(args.dry_run),
                                      "samples": [s.to_json() for s in result.samples]})
        return 0
    if args.dry_run and result.changed:
        out(_("Dry run: nothing was changed. The new reading would give:"))
    for line in summary_lines(result):
        out(one_line(line) if not line.startswith("  ") else "  " + one_line(line.strip()))
    return 0
