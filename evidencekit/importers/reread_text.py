"""What a re-read says to the person who asked for it (the command line and the app)."""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.i18n import _
from evidencekit.importers.reread import RereadResult

SHOWN = 5


def options_words(date_orders: list[str] | str | None, zones: list[str] | str | None) -> str:
    def joined(value: list[str] | str | None, words: dict[str, str]) -> str:
        if not value:
            return "—"
        codes = [value] if isinstance(value, str) else sorted(set(value))
        return ", ".join(words.get(code, code) for code in codes)

    # The codes (dmy…) are what --date-order takes; the words are what a person reads.
    orders = {"dmy": _("day/month/year (dmy)"), "mdy": _("month/day/year (mdy)"),
              "ymd": _("year/month/day (ymd)")}
    return _("date order {order}, time zone {zone}").format(order=joined(date_orders, orders),
                                                              zone=joined(zones, {}))


def _as_stored(iso: str | None) -> str:
    return iso or "—"


def summary_lines(result: RereadResult,
                  when: Callable[[str | None], str] = _as_stored) -> list[str]:
    """Sentences, most important first: what was read, what changed, which exhibits. `when`
    writes a stored time (the app shows it with its offset, isolated from right-to-left text)."""
    return _reading_lines(result, when) + ([_(
        "This export writes its dates without ambiguity (day, month and year cannot be "
        "confused), so the date order chosen has no effect on it; only the time zone "
        "applies.")] if result.order_unused else [])


def _reading_lines(result: RereadResult, when: Callable[[str | None], str]) -> list[str]:
    if not result.changed:
        return [_("Item {id} ({name}): read with {options}, it gives the same messages as now; "
                  "nothing was changed.").format(
            id=result.item_id, name=result.name,
            options=options_words(result.requested.get("date_order") or result.date_orders,
                             result.requested.get("timezone")))]
    lines = [_("Item {id} ({name}) read again with {new} (first reading: {old}).").format(
        id=result.item_id, name=result.name,
        new=options_words(result.date_orders or result.requested.get("date_order"),
                     result.requested.get("timezone")),
        old=options_words(result.previous.get("date_orders"), result.previous.get("timezones")))]
    lines.append(_("{before} messages before, {after} now; {times} of them have another "
                   "time.").format(before=result.messages_before, after=result.messages_after,
                                   times=result.instants_changed))
    for change in result.time_changes[:SHOWN]:
        lines.append(_("  message {n}: {before} → {after}").format(
            n=change.index + 1, before=when(change.before), after=when(change.after)))
    if result.gone or result.new_ids or result.texts_changed:
        lines.append(_("{gone} messages of the first reading are no longer messages of their "
                       "own (ids {ids}), {new} are new and {text} read differently.").format(
            gone=len(result.gone), ids=", ".join(map(str, result.gone[:10])) or "—",
            new=result.new_ids, text=len(result.texts_changed)))
    else:
        lines.append(_("Every message kept its id, so exhibit numbers stay the same."))
    for ex in result.exhibits:
        what = {"time": _("its time changed"), "text": _("its sender or text now reads "
                                                          "differently"),
                "gone": _("its message is no longer a message of its own in this reading; "
                          "choose the right one again before the next dossier")}[ex.change]
        lines.append(_("Exhibit {number} (case {case}, message {id}) keeps its number: "
                       "{what}.").format(number=ex.number, case=ex.case, id=ex.message_id,
                                         what=what))
    if result.archive is not None:
        lines.append(_("The first reading is kept in the vault (derived record {id}) and named "
                       "in the custody log; `evidencekit verify` checks both.").format(
            id=result.archive.derived_id))
    return lines
