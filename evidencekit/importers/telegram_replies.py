"""Replies in a Telegram Desktop HTML export: which message each one answers, across the pages.

A reply's block holds a link, not the quoted message: `#go_to_message123` when message 123 is on
the same page, `messages2.html#go_to_message123` when it is on another page of the export.
The message's own number is its element id (`id="message123"`). The link is recorded the way
the JSON importer records it (`extra.telegram.id`, `extra.telegram.reply_to_message_id`), so one
reader (core/message_notes.py) shows both formats.

Once every page imported together has been read, each reply is looked up among them:
found, the message stores how many rows before it the answered one lies (`reply_rows_back`), so
the viewer and the dossier read that one row back instead of searching the chat (the pages are
stored in this order, one after the other); not found, it says so: the answered message is not
in the export (deleted, or older than the exported period), or sits on a page that was not
imported with this one. These are facts about the export as imported, decided here where every
page is at hand, not guessed later from what a search did not find.
"""

from __future__ import annotations

import re
from typing import Any

from evidencekit.importers.records import ParsedMessage

# Telegram's message numbers are positive 32-bit (channels: 64-bit in the API); 18 digits keep
# every real one and any value inside SQLite's integer range.
_OWN_ID = re.compile(r"message(\d{1,18})")
_LINK = re.compile(r"(messages\d{0,9}\.html)?#go_to_message(\d{1,18})")

FOUND = "reply_rows_back"  # how many rows before the reply the answered message lies
NOT_IN_EXPORT = "reply_not_in_export"  # no page imported together holds the answered message
PAGE = "reply_to_page"  # the page the link names, when it names one
PAGE_NOT_IMPORTED = "reply_page_not_imported"  # ...and that page was not imported with it


def own_id(element_id: str) -> int | None:
    """The message's number from its element id; None for a day heading (`message-1`) or
    anything else."""
    found = _OWN_ID.fullmatch(element_id)
    return int(found.group(1)) if found else None


def reply_link(href: str) -> tuple[int, str] | None:
    """(answered message's number, page named or "") from a reply link; None when the link is
    not one Telegram writes (the fact that it is a reply is kept by the caller)."""
    found = _LINK.fullmatch(href.strip())
    if found is None:
        return None
    return int(found.group(2)), found.group(1) or ""


def record_reply(extra: dict[str, Any], element_id: str, href: str | None) -> None:
    """Put the message's own number and, for a reply with a readable link, the answered
    message's number into `extra`, as the JSON importer stores them."""
    telegram: dict[str, Any] = {}
    number = own_id(element_id)
    if number is not None:
        telegram["id"] = number
    link = reply_link(href) if href is not None else None
    if link is not None:
        telegram["reply_to_message_id"] = link[0]
        if link[1]:
            extra[PAGE] = link[1]
    if telegram:
        extra["telegram"] = telegram


def _numbers(message: ParsedMessage) -> tuple[int | None, int | None]:
    telegram = message.extra.get("telegram")
    if not isinstance(telegram, dict):
        return None, None
    own, target = telegram.get("id"), telegram.get("reply_to_message_id")
    return (own if type(own) is int else None, target if type(target) is int else None)


def link_replies(pages: list[tuple[str, list[ParsedMessage]]]) -> int:
    """Look every reply up among `pages` (file name, messages), in the order they are stored;
    set FOUND, or NOT_IN_EXPORT / PAGE_NOT_IMPORTED, on each. Returns how many were found.

    Called once per page as it is parsed, then again over all the pages imported together:
    each call replaces what an earlier one decided."""
    # Rows of each number: two at most, so a number written twice (a forged page) still
    # leads a message claiming it to the other one.
    position: dict[int, list[int]] = {}
    ordered = [m for _name, messages in pages for m in messages]
    for row, message in enumerate(ordered):
        own, _target = _numbers(message)
        if own is not None:
            rows = position.setdefault(own, [])
            if len(rows) < 2:
                rows.append(row)
    names = {name for name, _messages in pages}
    found = 0
    for row, message in enumerate(ordered):
        _own, target = _numbers(message)
        extra = message.extra
        for key in (FOUND, NOT_IN_EXPORT, PAGE_NOT_IMPORTED):
            extra.pop(key, None)
        if target is None:
            continue
        at = next((r for r in position.get(target, ()) if r != row), None)
        if at is not None:
            extra[FOUND] = row - at
            found += 1
        elif extra.get(PAGE) and extra[PAGE] not in names:
            extra[PAGE_NOT_IMPORTED] = True
        else:
            extra[NOT_IN_EXPORT] = True
    return found
