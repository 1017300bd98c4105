"""`author`: record the presumed author of a case (name, traces, relationship) from a script.

The relationship is a choice, not free text, because the dossier reasons on it: a current or
former partner brings C. pén. 222-33-2-1 and 132-80 in France and CP 447-3 in Morocco.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict, replace

from evidencekit.cliio import emit_json, out
from evidencekit.core.db import Connection
from evidencekit.core.errors import UsageError
from evidencekit.core.evidence import find_case
from evidencekit.i18n import _

FIELDS = ("name", "pseudonyms", "profile_urls", "phones", "emails", "relationship", "relation")
Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(command: Command) -> None:
    from evidencekit.dossier.victim import RELATIONS

    p = command("author", cmd_author, _("record the presumed author of a case for its dossiers"))
    p.add_argument("--case", help=_("the case (default: the only one)"))
    p.add_argument("--name")
    p.add_argument("--pseudonyms", help=_("pseudonyms and handles, separated by commas"))
    p.add_argument("--profile-urls", dest="profile_urls")
    p.add_argument("--phones")
    p.add_argument("--emails")
    p.add_argument("--relationship", help=_("how you know them, in your words"))
    p.add_argument("--relation", choices=RELATIONS[1:],
                   help=_("the relationship as a choice (a former partner changes the offences)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))


def _case_id(conn: Connection, name: str | None) -> int:
    if name is not None:
        return find_case(conn, name)
    rows = conn.execute("SELECT id FROM cases ORDER BY id").fetchall()
    if len(rows) != 1:
        raise UsageError(_("The vault holds several cases (or none); choose one with --case."))
    return int(rows[0][0])


def cmd_author(args: argparse.Namespace) -> int:
    from evidencekit.commands.common import unlock
    from evidencekit.dossier.victim import Author, load_info, save_info

    changes = {f: getattr(args, f) for f in FIELDS if getattr(args, f) is not None}
    with unlock(args) as vault:
        case_id = _case_id(vault.conn, args.case)
        info = load_info(vault.conn, case_id)
        if changes:  # the first author is the one the dossier's letter names
            first = replace(info.authors[0] if info.authors else Author(), **changes)
            info = replace(info, authors=(first, *info.authors[1:]))
            save_info(vault, case_id, info)
        if args.json:
            emit_json({"authors": [asdict(a) for a in info.authors]})
            return 0
        for author in info.authors:
            out(" · ".join(f"{k}: {v}" for k, v in asdict(author).items() if v) or "—")
    return 0
