"""A fiche row saying that a chat export's messages were read again (`evidencekit reparse`).

The times a dossier prints come from the latest reading; a lawyer must be able to tell that an
earlier reading existed, with which date order and time zone each was made, and that the first
one is kept in the vault. The custody log's re-read entries record all three, so the row is
built from them, one sentence per re-read, in the dossier's language.
"""

from __future__ import annotations

from typing import Any

from evidencekit.core.reading_archive import ACTION
from evidencekit.core.timeutil import parse_iso
from evidencekit.dossier.event_dates import clock
from evidencekit.dossier.pdf import Ctx


def _options(ctx: Ctx, orders: Any, zones: Any) -> str:
    """`ordre des dates jour/mois/année, fuseau Europe/Paris`; a missing option is left out."""
    orders = [orders] if isinstance(orders, str) else orders if isinstance(orders, list) else []
    zones = [zones] if isinstance(zones, str) else zones if isinstance(zones, list) else []
    parts = []
    named = [ctx.t("order_" + str(o)) if str(o) in ("dmy", "mdy", "ymd") else str(o)
             for o in dict.fromkeys(orders) if o]
    if named:
        parts.append(ctx.t("reread_order").format(order=" / ".join(named)))
    if zones:
        parts.append(ctx.t("reread_zone").format(zone=" / ".join(str(z) for z in zones if z)))
    return ("، " if ctx.lang == "ar" else ", ").join(parts) or ctx.t("reread_unknown")


def reread_pairs(ctx: Ctx, item_id: int) -> list[tuple[str, str]]:
    """("row_reread", text) when the export was read again; nothing otherwise."""
    lines = []
    for entry in ctx.vault.custody.entries(item_id):
        if entry.action != ACTION:
            continue
        detail = entry.detail
        before, after = detail.get("previous"), detail.get("requested")
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        try:
            when = clock(parse_iso(entry.at), ctx.tz)
        except ValueError:
            when = entry.at
        lines.append(ctx.t("reread_line").format(
            when=when, n=entry.seq,
            before=_options(ctx, before.get("date_orders"), before.get("timezones")),
            after=_options(ctx, after.get("date_order"), after.get("timezone"))))
    if not lines:
        return []
    return [("row_reread", " ".join(lines) + " " + ctx.t("reread_kept"))]
