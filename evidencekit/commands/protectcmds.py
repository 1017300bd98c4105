"""`victim` (the birth date that tells a dossier she is a minor) and `erase-child-abuse`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace

from evidencekit.cliio import out
from evidencekit.i18n import _

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(command: Command) -> None:
    p = command("victim", cmd_victim, _("record the victim's birth date: intimate images of a "
                                        "minor are then left out of every dossier and bundle"))
    p.add_argument("--case", help=_("the case (default: the only one)"))
    p.add_argument("--birth", metavar="YYYY-MM-DD",
                   help=_("date of birth; an empty value forgets it"))
    p = command("erase-child-abuse", cmd_erase_child_abuse,
                _("erase a stored file showing the sexual abuse of a child, and any export "
                  "holding it; only its fingerprint, address and description stay (logged)"))
    p.add_argument("id", type=int)
    p.add_argument("--url", help=_("where the content was seen"))
    p.add_argument("--description")


def cmd_victim(args: argparse.Namespace) -> int:
    from evidencekit.commands.authorcmd import _case_id
    from evidencekit.commands.common import unlock
    from evidencekit.dossier.victim import load_info, save_info

    with unlock(args) as vault:
        case_id = _case_id(vault.conn, args.case)
        info = load_info(vault.conn, case_id)
        if args.birth is not None:
            info = replace(info, birth_date=args.birth.strip())
            save_info(vault, case_id, info)
        out(_("Date of birth: {d}").format(d=info.birth_date or "—"))
    return 0


def cmd_erase_child_abuse(args: argparse.Namespace) -> int:
    from evidencekit.commands.common import unlock
    from evidencekit.core.export_media import erase_child_abuse, flush_erased

    with unlock(args) as vault:
        with vault.transaction() as conn:
            erased = erase_child_abuse(conn, args.id, url=args.url or "",
                                       description=args.description or "")
        flush_erased(vault)
        for item_id in erased:
            out(_("Item {id}: its file was erased; the log keeps its SHA-256.").format(id=item_id))
        out(_("Item {id} is kept as an address and a description only. Report the content to "
              "Pharos (internet-signalement.gouv.fr) or call 3018.").format(id=args.id))
    return 0
