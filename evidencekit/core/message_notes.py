"""What a message's stored facts say around its text, in words: the message it replies to,
when it was edited, when it was deleted.

The importers keep these facts in the message's `extra` in their own forms (WhatsApp's backup
database: `quoted` {sender, text, key_id}, `edited_at`, `deleted_at`; Telegram's HTML export:
`reply_to`, the words of its reply block, and the numbers its link gives, stored as the JSON
export's, with where the answered message lies (importers/telegram_replies.py); Telegram's JSON
export: `telegram.reply_to_message_id`, `edited_at`). The viewer and the dossier both read them
through `reply_of` and the `*_line` functions here, so one message reads the same on screen and
on paper, whatever its format.
Times are ISO instants in the vault; they are shown in the case's zone with the zone's offset,
never as the raw milliseconds the phone stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.core.db import Connection
from evidencekit.core.timeutil import parse_iso
from evidencekit.i18n import N_, translate

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
QUOTE_MAX = 120  # characters of the quoted text shown; the whole reply is in the vault
_MAX_ROWS = 2**53  # far beyond any chat, and well inside SQLite's integers


@dataclass(frozen=True)
class Reply:
    """The message a reply points to: who wrote it and its first words, or only its number."""

    sender: str  # "me" for the vault owner's own message, "" when the source does not say
    text: str
    ref: str = ""  # the source's own id of the quoted message, when that is all it gives
    # Known at import to be missing (Telegram HTML): "export" when no page imported holds the
    # message, else the name of the page the link names, which was not imported.
    missing: str = ""


def reply_of(extra: Any) -> Reply | None:
    """The reply a message's stored facts describe, in one form for every format; None if none."""
    if not isinstance(extra, dict):
        return None
    quoted = extra.get("quoted")
    if isinstance(quoted, dict):
        sender, text = quoted.get("sender"), quoted.get("text")
        key = quoted.get("key_id")
        return Reply(sender if isinstance(sender, str) else "",
                     text if isinstance(text, str) else "",
                     key if isinstance(key, str) else "")
    telegram = extra.get("telegram")
    if isinstance(telegram, dict):
        target = telegram.get("reply_to_message_id")
        if isinstance(target, int) and not isinstance(target, bool):
            return Reply("", "", str(target), _missing(extra))
    if isinstance(extra.get("reply_to"), str):
        # Telegram's HTML reply block holds the exporter's own words ("In reply to this
        # message"), not the quoted message: the fact is kept, the words are not repeated.
        return Reply("", "")
    return None


def _missing(extra: dict[str, Any]) -> str:
    page = extra.get("reply_to_page")
    if extra.get("reply_page_not_imported") is True and isinstance(page, str) and page:
        return page
    return "export" if extra.get("reply_not_in_export") is True else ""


def _own_id(message: dict[str, Any]) -> int | None:
    extra = message.get("extra")
    telegram = extra.get("telegram") if isinstance(extra, dict) else None
    own = telegram.get("id") if isinstance(telegram, dict) else None
    return own if isinstance(own, int) and not isinstance(own, bool) else None


def resolve_replies(conn: Connection, messages: list[dict[str, Any]]) -> None:
    """Give each Telegram reply (only the quoted message's number is stored) the sender and
    words of that message in the same chat, as `quoted`, in place (`list_messages` rows);
    nothing stored changes. An HTML export's reply says where the importer found it
    (`reply_rows_back`): that one row is read. One the importer did not find is left alone.

    Telegram numbers a chat's messages in increasing order and the export keeps that order, so
    the message numbered T, quoted by the one numbered I at position j, lies between positions
    j - (I - T) and j: an indexed range of the chat, not a scan of it. A number that breaks
    that order (a hostile file) is simply not found, and the line says "reply to message T"."""
    for message in messages:
        reply = reply_of(message.get("extra"))
        own = _own_id(message)
        if reply is None or reply.text or reply.missing or not reply.ref.isdigit() or own is None:
            continue
        target, position = int(reply.ref), int(message["index"])
        if "reply_rows_back" in message["extra"]:
            back = message["extra"]["reply_rows_back"]
            # Telegram HTML: the importer found the answered message, this many rows back
            # (day headings are rows too, so the JSON range below would not hold).
            if type(back) is not int or back == 0 or not -_MAX_ROWS < back <= position:
                continue  # a stored value no import writes
            low, high = position - back, position - back + 1
        elif 0 < own - target <= position + 1:
            low, high = position - (own - target), position
        else:
            continue
        row = conn.execute(
            "SELECT sender, text FROM messages WHERE item_id = ? AND idx >= ? AND idx < ?"
            " AND conversation IS ? AND json_extract(extra, '$.telegram.id') = ? LIMIT 1",
            (message["item_id"], low, high, message.get("conversation"), target)).fetchone()
        if row is not None:
            message["extra"]["quoted"] = {"key_id": reply.ref, "sender": str(row[0] or ""),
                                          "text": str(row[1] or "")}


def _first_words(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_MAX else flat[:QUOTE_MAX - 1] + "…"


def _isolated(text: str) -> str:
    """The text without control or bidi characters of its own, in one direction isolate: a
    "+33…" number then stays whole inside an Arabic sentence, and hostile text cannot reorder
    the words around it."""
    return "\u2068" + _CONTROL.sub("", text) + "\u2069" if text else ""


def reply_line(extra: Any, lang: str | None = None, *, isolate: bool = False) -> str:
    """"↪ reply to +33612345678: Tu vas voir ce soir" in `lang` (default: the UI's); "" if
    the message replies to nothing. `isolate` (for Qt, which honours Unicode isolates; the
    PDF writer has its own bidi handling) wraps the sender and the quoted words."""
    reply = reply_of(extra)
    if reply is None:
        return ""
    sender = reply.sender
    words = _first_words(reply.text)
    if isolate:
        sender = sender if sender == "me" else _isolated(sender)
        words = _isolated(words)
    if sender == "me":  # the phone owner's own message: no name or number stands for it
        return translate(N_("↪ reply to the phone owner's message: {text}"), lang).format(
            text=words or "…")
    if words and sender:
        return translate(N_("↪ reply to {sender}: {text}"), lang).format(sender=sender,
                                                                         text=words)
    if words:
        return translate(N_("↪ reply to: {text}"), lang).format(text=words)
    if reply.missing == "export":
        return translate(N_("↪ reply to a message not in this export"), lang)
    if reply.missing:
        page = _isolated(reply.missing) if isolate else _CONTROL.sub("", reply.missing)
        return translate(N_("↪ reply to a message on {page}, a page of the export that was not "
                            "imported"), lang).format(page=page)
    if reply.ref:
        return translate(N_("↪ reply to message {ref}"), lang).format(ref=reply.ref)
    return translate(N_("↪ reply to an earlier message"), lang)


def shown_instant(iso: Any, tz: ZoneInfo) -> str:
    """`2024-11-12 21:05 (UTC+01:00)` in the case's zone; "" for a value that is no instant."""
    if not isinstance(iso, str) or not iso:
        return ""
    try:
        moment = parse_iso(iso)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return clock_label(moment, tz)


def clock_label(moment: datetime, tz: ZoneInfo) -> str:
    try:
        here = moment.astimezone(tz)
    except (OverflowError, ValueError):  # a hostile year 9999 with an offset
        return moment.isoformat(timespec="minutes")
    offset = f"{here:%z}" or "+0000"
    return f"{here:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def shown_time(source: Any, sent_at: Any, tz: ZoneInfo) -> str:
    """The time as the export wrote it, unless that is a machine's count of (milli)seconds
    (a phone database, a JSON export's unixtime): then a date in the case's zone."""
    literal = str(source or "")
    if literal.isdigit() and len(literal) >= 9 and sent_at:
        return shown_instant(str(sent_at), tz) or literal
    return literal


def change_line(kind: str, extra: Any, tz: ZoneInfo, lang: str | None = None) -> str:
    """"edited at …" / "deleted for everyone at …" with the time when the source kept it."""
    facts = extra if isinstance(extra, dict) else {}
    if kind == "deleted":
        when = shown_instant(facts.get("deleted_at"), tz)
        admin = facts.get("deleted_by_admin")
        if isinstance(admin, str) and admin:
            text = (translate(N_("deleted for everyone by the group admin {admin} at {time}"),
                              lang).format(admin=admin, time=when) if when else
                    translate(N_("deleted for everyone by the group admin {admin}"),
                              lang).format(admin=admin))
            return text
        return (translate(N_("deleted for everyone at {time}"), lang).format(time=when) if when
                else translate(N_("deleted for everyone"), lang))
    when = shown_instant(facts.get("edited_at"), tz)
    if kind == "edited" or facts.get("edited") is True or when:
        return (translate(N_("edited at {time}"), lang).format(time=when) if when
                else translate(N_("edited"), lang))
    return ""


__all__ = ["QUOTE_MAX", "Reply", "change_line", "clock_label", "reply_line", "reply_of",
           "resolve_replies", "shown_instant", "shown_time"]
