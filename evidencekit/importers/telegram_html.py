"""Parsing a Telegram Desktop HTML export page (messages.html, messages2.html…) into messages."""

from __future__ import annotations

import html
import ntpath
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers.localtime import read_naive, times_without_instant
from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    ParseResult,
    SourceSpan,
    SpanKind,
)
from evidencekit.importers.telegram_replies import link_replies, record_reply
from evidencekit.importers.textdecode import decode_export

_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col"})
_INLINE_ENTITIES = frozenset({"a", "strong", "b", "em", "i", "u", "s", "code", "pre", "blockquote"})

_DATE = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:\s*UTC\s*([+-])(\d{1,2}):?(\d{2}))?"
)

# Classes Telegram puts on media blocks, most specific first.
_MEDIA_HINTS = (
    ("sticker_wrap", "sticker"),
    ("animated_wrap", "gif"),
    ("media_voice_message", "audio"),
    ("media_audio_file", "audio"),
    ("video_file_wrap", "video"),
    ("media_video", "video"),
    ("photo_wrap", "photo"),
    ("media_photo", "photo"),
    ("media_file", "file"),
    ("media_call", "call"),
)

# Layout newlines: Telegram writes a message's own line breaks as <br>, so a raw newline and the
# indentation after it are only the page's pretty-printing.
_LAYOUT = re.compile(r"[\r\n][ \t]*")


def looks_like_telegram_html(head: bytes) -> bool:
    """True when the first bytes look like a page of a Telegram Desktop HTML export."""
    text = head[:65536].decode("utf-8", errors="ignore")
    has_messages = 'class="message default clearfix' in text or 'class="message service' in text
    return has_messages and ('class="history"' in text or 'class="page_wrap"' in text)


def parse_html_date(title: str, zone: ZoneInfo | None = None) -> ParsedTime | None:
    """Read "12.11.2026 21:05:00 UTC+01:00"; a time with no offset is read in `zone`,
    or, without one, kept naive with no instant."""
    match = _DATE.search(title)
    if match is None:
        return ParsedTime(literal=title, instant=None, rule="unreadable date") if title else None
    day, month, year, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    literal = match.group(0)
    try:
        if match.group(7) is None:
            naive = datetime(year, month, day, hour, minute, second)
            if zone is not None:
                return read_naive(naive, literal, zone)
            return ParsedTime(literal=literal, instant=None, rule="naive local time (no offset)")
        sign = 1 if match.group(7) == "+" else -1
        offset = timedelta(hours=int(match.group(8)), minutes=int(match.group(9))) * sign
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:
        return ParsedTime(literal=literal, instant=None, rule="unreadable date")
    return ParsedTime(
        literal=literal,
        instant=local.astimezone(UTC),
        rule="local time with stated UTC offset (d.m.Y H:M:S UTC±hh:mm)",
    )


@dataclass
class _Draft:
    start_line: int
    element_id: str
    service: bool
    joined: bool
    end_line: int = 0
    sender: str | None = None
    date_title: str = ""
    text: list[str] = field(default_factory=list)
    has_text: bool = False
    entities: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[AttachmentRef] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)
    forwarded_from: list[str] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)
    reply_href: str | None = None  # the first link inside the reply block


@dataclass
class _Open:
    tag: str
    classes: frozenset[str]
    role: str = ""  # what the text inside this element is for
    entity: dict[str, Any] | None = None
    capture: list[str] | None = None


def _hint(classes: frozenset[str]) -> str:
    for cls, hint in _MEDIA_HINTS:
        if cls in classes:
            return hint
    return "file"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.message_depth = -1

    def _inside(self, role: str) -> bool:
        return any(entry.role == role for entry in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = frozenset(attributes.get("class", "").split())
        line = self.getpos()[0]
        if tag == "br":
            self._add_text("\n", raw=False)
            return
        if tag in _VOID:
            return
        entry = _Open(tag, classes)
        draft = self.current
        if draft is None:
            if tag == "div" and "message" in classes and ({"default", "service"} & classes):
                self.current = _Draft(
                    start_line=line,
                    element_id=attributes.get("id", ""),
                    service="service" in classes,
                    joined="joined" in classes,
                )
                self.message_depth = len(self.stack)
                entry.role = "message"
        elif self._inside("text") and tag in _INLINE_ENTITIES | {"span"}:
            entity: dict[str, Any] = {"type": tag, "text": ""}
            if classes:
                entity["class"] = " ".join(sorted(classes))
            if attributes.get("href"):
                entity["href"] = attributes["href"]
            entry.entity = entity
            draft.entities.append(entity)
        elif tag == "a" and self._inside("reply"):
            if draft.reply_href is None:
                draft.reply_href = attributes.get("href", "")
        elif "forwarded" in classes:
            entry.role = "forwarded"
        elif "reply_to" in classes:
            entry.role = "reply"
            entry.capture = draft.reply_to
        elif "from_name" in classes:
            if self._inside("forwarded"):
                entry.role = "forwarded_name"
                entry.capture = draft.forwarded_from
            else:
                entry.role = "from"
                entry.capture = []
        elif "date" in classes and "details" in classes and attributes.get("title"):
            if not self._inside("forwarded") and not draft.date_title:
                draft.date_title = attributes["title"]
        elif "text" in classes and tag == "div":
            entry.role = "text"
            draft.has_text = True
        elif draft.service and "body" in classes and "details" in classes:
            entry.role = "text"
            draft.has_text = True
        elif tag == "a" and attributes.get("href") and self._inside("media_wrap"):
            href = attributes["href"]
            if not href.startswith(("#", "javascript:")):
                draft.attachments.append(AttachmentRef(name=href, media_hint=_hint(classes)))
            entry.role = "media_link"
        elif "media_wrap" in classes:
            entry.role = "media_wrap"
        elif "media" in classes and self._inside("media_wrap") and not self._inside("media_link"):
            # A media block that is not a link: the file was left out of the export.
            entry.role = "missing_media"
            entry.capture = []
            entry.entity = {"media_hint": _hint(classes)}
        self.stack.append(entry)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1].tag == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        # Tolerate broken nesting: close up to the nearest matching open element, if any.
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position].tag == tag:
                break
        else:
            return
        while len(self.stack) > position:
            self._close(self.stack.pop())

    def _close(self, entry: _Open) -> None:
        draft = self.current
        if draft is None:
            return
        if entry.role == "from" and entry.capture is not None:
            name = " ".join("".join(entry.capture).split())
            draft.sender = name or None
        elif entry.role == "missing_media" and entry.capture is not None:
            hint = entry.entity["media_hint"] if entry.entity else "file"
            description = " ".join("".join(entry.capture).split())
            draft.missing.append({"media_hint": hint, "placeholder": description})
            draft.attachments.append(AttachmentRef(name=description, media_hint=hint))
        if len(self.stack) == self.message_depth:
            draft.end_line = self.getpos()[0]
            self.drafts.append(draft)
            self.current = None
            self.message_depth = -1

    def _add_text(self, data: str, *, raw: bool) -> None:
        draft = self.current
        if draft is None:
            return
        piece = _LAYOUT.sub("", data) if raw else data
        if not piece:
            return
        for entry in reversed(self.stack):
            if entry.capture is not None:
                entry.capture.append(piece)
                break
            if entry.role == "text":
                draft.text.append(piece)
                for inner in self.stack:
                    if inner.entity is not None and inner.role == "":
                        inner.entity["text"] += piece
                break

    def handle_data(self, data: str) -> None:
        self._add_text(data, raw=True)

    def finish(self, last_line: int) -> None:
        while self.stack:
            self._close(self.stack.pop())
        if self.current is not None:
            self.current.end_line = last_line
            self.drafts.append(self.current)
            self.current = None


def parse_telegram_html(stream: BinaryIO, *, source_name: str,
                        zone: ZoneInfo | None = None) -> ParseResult:
    """Parse one page of a Telegram HTML export; `joined` messages inherit the previous sender."""
    decoded = decode_export(stream.read(), source_name)
    parser = _PageParser()
    try:
        parser.feed(decoded.text)
        parser.close()
    except Exception:  # html.parser may fail on pathological markup; report it as one sentence
        raise UnsupportedInput(_("{name}: the HTML page could not be read.")
                               .format(name=source_name)) from None
    parser.finish(decoded.text.count("\n") + 1)
    if not parser.drafts:
        raise UnsupportedInput(_("{name}: the page holds no Telegram message blocks.")
                               .format(name=source_name))

    messages: list[ParsedMessage] = []
    participants: list[str] = []
    previous_sender: str | None = None
    for draft in parser.drafts:
        extra: dict[str, Any] = {}
        if draft.element_id:
            extra["html_id"] = draft.element_id
        sender = draft.sender
        if draft.service:
            kind = MessageKind.SYSTEM
            sender = None
            if draft.element_id.startswith("message-"):
                extra["date_separator"] = True  # Telegram's day headings have negative ids
        else:
            kind = MessageKind.MESSAGE
            if draft.joined and sender is None:
                sender = previous_sender
                extra["joined"] = True
            previous_sender = sender
        if any(a.media_hint == "call" for a in draft.attachments) and not draft.has_text:
            kind = MessageKind.CALL
        time = parse_html_date(draft.date_title, zone)
        if "edited" in draft.date_title.lower():
            extra["edited"] = True
            extra["date_title"] = draft.date_title
        if draft.entities:
            extra["entities"] = draft.entities
        if draft.missing:
            extra["missing_from_export"] = draft.missing
        if draft.forwarded_from:
            extra["forwarded_from"] = " ".join("".join(draft.forwarded_from).split())
        if draft.reply_to:
            extra["reply_to"] = " ".join("".join(draft.reply_to).split())
        record_reply(extra, draft.element_id, draft.reply_href)
        if sender is not None and sender not in participants:
            participants.append(sender)
        messages.append(
            ParsedMessage(
                index=len(messages),
                span=SourceSpan(SpanKind.LINES, draft.start_line, max(draft.end_line, 1)),
                sender=sender,
                time=time,
                text="".join(draft.text),
                kind=kind,
                attachments=draft.attachments,
                extra=extra,
            )
        )

    # Replies answered on this page; the importers look again across every page imported.
    link_replies([(ntpath.basename(source_name), messages)])  # "/" and "\\" alike
    notes: list[str] = []
    if decoded.note:
        notes.append(decoded.note)
    naive, read_in_zone = times_without_instant(messages)
    if naive:
        notes.append(deferred(N_(
            "{name}: {n} date(s) carry no UTC offset or could not be read; they are kept as "
            "written (device-local time)."), name=source_name, n=naive))
    if read_in_zone:
        notes.append(deferred(N_(
            "{name}: {n} date(s) carry no UTC offset; they were read as the time in {zone}, "
            "the time zone chosen for this import, and each date as written is kept beside "
            "it."), name=source_name, n=read_in_zone, zone=zone.key if zone else ""))
    if any("missing_from_export" in m.extra for m in messages):
        notes.append(deferred(N_("{name}: some files were left out of the export by its "
                                 "settings."), name=source_name))
    notes.append(deferred(N_(
        "{name}: the HTML export is one page of a chat; line breaks come from <br> and page "
        "indentation is not part of the text."), name=source_name))
    title = _page_title(decoded.text)
    report = ParseReport(
        format="telegram_html",
        title=title,
        participants=participants,
        notes=notes,
        counts={"records": len(messages)},
    )
    return ParseResult(report=report, messages=iter(messages))


_PAGE_NAME = re.compile(r"messages(\d*)\.html", re.IGNORECASE)


def page_number(file_name: str) -> int | None:
    """messages.html is page 1, messages2.html page 2…; None for any other name."""
    found = _PAGE_NAME.fullmatch(file_name)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else 1


def carry_senders_across_pages(
        pages: list[tuple[int, list[ParsedMessage], ParseReport]]) -> int:
    """Give a page's opening "joined" messages the sender of the page before; returns how many.

    Telegram splits a chat into pages (messages.html, messages2.html…) and drops the sender's
    name on every message that follows one of the same sender, even across the page break;
    read alone, such a page opens with messages of unknown sender. `pages` are (page number,
    messages, report) in order. A sender is carried only from page n to page n + 1: when a
    page is missing, the messages stay without a sender (a wrong name is worse than none) and
    the report says why.
    """
    carried = 0
    previous: str | None = None
    previous_page = 0
    for number, messages, report in pages:
        contiguous = number == previous_page + 1
        if not contiguous:
            previous = None
        opening = True
        for message in messages:
            if message.kind is MessageKind.SYSTEM:
                continue
            if message.sender is None and message.extra.get("joined"):
                if previous is not None:
                    message.sender = previous
                    message.extra["sender_from_previous_page"] = True
                    if previous not in report.participants:
                        report.participants.append(previous)
                    carried += 1
                elif opening and not contiguous:
                    report.notes.append(deferred(N_(
                        "Page {n} of the export opens with messages whose sender is named on "
                        "the page before, which is missing; their sender is left unknown."),
                        n=number))
                    opening = False
            else:
                opening = False
            if message.sender is not None:
                previous = message.sender
        previous_page = number
    return carried


_HEADER = re.compile(
    r'<div class="page_header">.*?<div class="text bold">\s*(.*?)\s*</div>', re.DOTALL
)


def _page_title(text: str) -> str:
    """The chat name shown in the page header, if present."""
    match = _HEADER.search(text[:65536])
    if match is None:
        return ""
    return html.unescape(match.group(1)).strip()
