"""Parse e-mail (.eml, one message; .mbox, many) into messages that cite each message's raw bytes.

Splitting rule for .mbox (decided here, because mboxo/mboxrd files are ambiguous): a message starts
at a line that (1) begins with exactly `From ` (no `>`), (2) is at the very start of the file or
right after an empty line, and (3) looks like an envelope line: a sender token then a weekday, a
month and an hh:mm time (`From jo@x.org Sat Jan  3 01:05:34 1996`). Python's `mailbox` splits on
any `From ` line, so an unquoted "From the start, ..." sentence in a body would cut a message
in two; with rule (3) a body line only splits if it also reads like a dated envelope line.
Body lines `>From `, `>>From `... lose one `>` (mboxrd unquoting, which is also right
for mboxo's single level); `extra["byte_range"]` always points at the untouched bytes in the file.
"""

from __future__ import annotations

import email
import email.header
import email.utils
import io
import re
import zoneinfo
from collections.abc import Iterator
from datetime import UTC
from email import policy
from email.message import Message
from html.parser import HTMLParser
from typing import BinaryIO

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
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

MAX_EML_BYTES = 256 * 1024 * 1024
MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # one message inside an mbox
MAX_PARTS = 10_000
_LINE_CAP = 1024 * 1024  # read at most this much per readline() so one huge line can't fill RAM

_WEEKDAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_ENVELOPE = re.compile(
    rb"^From \S*[ \t]+.*?\b" + _WEEKDAY + rb"\b.*?\b" + _MONTH + rb"\b.*?\d{1,2}:\d{2}",
)
_QUOTED_FROM = re.compile(rb"^>+From ")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_KNOWN_HEADERS = re.compile(
    rb"^(?:from|to|date|subject|received|message-id|return-path|mime-version|"
    rb"content-type|delivered-to|dkim-signature|reply-to|cc|x-[a-z0-9-]+)[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)


# ----------------------------------------------------------------------------- recognition


def _header_block(data: bytes) -> bytes:
    m = re.search(rb"\r?\n\r?\n", data)
    return data[: m.start()] if m else data


def looks_like_mbox(head: bytes) -> bool:
    """True when the file starts with an mbox envelope line (`From sender weekday month time`)."""
    first = head.split(b"\n", 1)[0]
    return _ENVELOPE.match(first) is not None


def looks_like_eml(head: bytes) -> bool:
    """True when the file starts with RFC 5322 headers that include a well-known e-mail header."""
    data = head.lstrip(b"\r\n")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not _HEADER_LINE.match(data):
        return False
    return _KNOWN_HEADERS.search(_header_block(data)) is not None


def looks_like_email(head: bytes) -> bool:
    """True for either an mbox or a single .eml message."""
    return looks_like_mbox(head) or looks_like_eml(head)


# ----------------------------------------------------------------------------- helpers


class _HtmlToText(HTMLParser):
    """Text of an HTML body: script/style dropped, block elements give line breaks."""

    _BLOCKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "blockquote", "pre", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlToText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; this only guards odd edge cases
        return html
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _best_body(plain: list[str], html: list[str], extra: dict[str, object]) -> str:
    """The body a reader sees: the plain-text parts, unless they are blank and HTML is not.

    Mailers often send multipart/alternative with an empty or whitespace-only text/plain part
    beside the real letter in HTML; taking "plain first" blindly would show a blank message
    in the viewer, the dossier and search.
    """
    text = "\n".join(p for p in plain if p.strip())
    if text:
        return text
    from_html = "\n".join(t for t in (html_to_text(h) for h in html) if t.strip())
    if from_html:
        extra["text_from_html"] = True
        return from_html
    return "\n".join(plain)


def _decode_words(raw: str) -> tuple[str, bool]:
    """Decode RFC 2047 words by hand (compat32 path); returns (text, lossy)."""
    lossy = False
    out: list[str] = []
    try:
        pieces = email.header.decode_header(raw)
    except Exception:  # noqa: BLE001 - broken encoded words: show the header as written
        return raw, False
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        cs = charset or "ascii"
        try:
            out.append(chunk.decode(cs))
        except (LookupError, UnicodeDecodeError):
            out.append(chunk.decode("utf-8", errors="replace"))
            lossy = True
    return "".join(out), lossy


def _parse_date(raw: str, tz: zoneinfo.ZoneInfo) -> ParsedTime | None:
    literal = raw.strip()
    if not literal:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(literal)
    except (ValueError, TypeError, OverflowError, IndexError):
        return ParsedTime(literal, None, "unreadable Date header")
    if parsed.tzinfo is not None:
        return ParsedTime(literal, parsed, "RFC 5322 date with its UTC offset")
    # parsedate_to_datetime gives a naive time both for "-0000" and for a missing zone.
    if re.search(r"-0000\b", literal):
        return ParsedTime(literal, parsed.replace(tzinfo=UTC),
                          "RFC 5322 date marked -0000 (UTC, sender's zone unknown)")
    return ParsedTime(literal, parsed.replace(tzinfo=tz),
                      f"date without a zone, read as local time in {tz.key}")


# ----------------------------------------------------------------------------- one message


class _MessageReader:
    """Turns one message's bytes into a ParsedMessage; keeps running notes for the report."""

    def __init__(self, source_name: str, tz: zoneinfo.ZoneInfo, report: ParseReport) -> None:
        self.source_name = source_name
        self.tz = tz
        self.report = report
        self.lossy_bodies = 0
        self.undecodable = 0
        self.fallback_headers = 0
        self.counts = report.counts

    def _header(self, modern: Message, name: str, compat: list[Message | None],
                data: bytes) -> str:
        try:
            value = modern.get(name)
            return "" if value is None else str(value)
        except Exception:  # noqa: BLE001 - policy.default's header parser rejected it
            self.fallback_headers += 1
            old = compat[0]
            if old is None:
                old = compat[0] = email.message_from_bytes(data, policy=policy.compat32)
            raw = old.get(name)
            if raw is None:
                return ""
            text, _charset = _decode_words(str(raw))
            return text

    @staticmethod
    def _raw_header(msg: Message, name: str) -> str:
        """The header's value exactly as written (unfolded), not the policy's re-rendering."""
        for key, value in msg.raw_items():
            if key.lower() == name.lower():
                return re.sub(r"\r?\n(?=[ \t])", "", str(value))
        return ""

    def _decode_part(self, part: Message) -> tuple[str, bool]:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        declared = part.get_content_charset()
        # 8-bit bytes with no charset (or "us-ascii") are nearly always UTF-8 in practice.
        charset = "utf-8" if declared in (None, "us-ascii", "ascii") else declared
        try:
            return payload.decode(charset), False
        except (LookupError, UnicodeDecodeError):
            pass
        try:
            return payload.decode(charset, errors="replace"), True
        except LookupError:
            return payload.decode("utf-8", errors="replace"), True

    def read(self, data: bytes, index: int, byte_range: tuple[int, int],
             envelope: str) -> ParsedMessage:
        span = SourceSpan(SpanKind.RECORD, index, index)
        if not _KNOWN_HEADERS.search(_header_block(data.lstrip(b"\r\n"))) or not _HEADER_LINE.match(
            data.lstrip(b"\r\n")
        ):
            return self._unparsed(data, span, byte_range, envelope, "no e-mail headers")
        try:
            return self._read(data, span, byte_range, envelope)
        except (RecursionError, MemoryError):
            return self._unparsed(data, span, byte_range, envelope, "structure too deep to read")
        except Exception as exc:  # noqa: BLE001 - the email package raises many types on junk
            return self._unparsed(data, span, byte_range, envelope,
                                  f"unreadable MIME structure ({type(exc).__name__})")

    def _unparsed(self, data: bytes, span: SourceSpan, byte_range: tuple[int, int],
                  envelope: str, why: str) -> ParsedMessage:
        self.counts["unparsed"] = self.counts.get("unparsed", 0) + 1
        extra: dict[str, object] = {"byte_range": byte_range, "reason": why}
        if envelope:
            extra["envelope"] = envelope
        return ParsedMessage(
            index=span.start, span=span, sender=None, time=None,
            text=data.decode("utf-8", errors="replace"), kind=MessageKind.UNPARSED, extra=extra,
        )

    def _read(self, data: bytes, span: SourceSpan, byte_range: tuple[int, int],
              envelope: str) -> ParsedMessage:
        msg = email.message_from_bytes(data, policy=policy.default)
        compat: list[Message | None] = [None]
        sender = self._header(msg, "From", compat, data)
        extra: dict[str, object] = {"byte_range": byte_range}
        for key, name in (("subject", "Subject"), ("to", "To"), ("cc", "Cc"),
                          ("message_id", "Message-ID"), ("reply_to", "Reply-To"),
                          ("in_reply_to", "In-Reply-To")):
            value = self._header(msg, name, compat, data)
            if value:
                extra[key] = value
        extra["raw_headers"] = _header_block(data).decode("utf-8", errors="replace")
        if envelope:
            extra["envelope"] = envelope
        date_raw = self._raw_header(msg, "Date")
        time = _parse_date(date_raw, self.tz) if date_raw else None

        plain: list[str] = []
        html: list[str] = []
        attachments: list[AttachmentRef] = []
        lossy = False
        stack: list[Message] = [msg]
        seen = 0
        while stack:
            part = stack.pop()
            seen += 1
            if seen > MAX_PARTS:
                extra["parts_cap"] = MAX_PARTS
                break
            ctype = part.get_content_type()
            if part.is_multipart() and ctype != "message/rfc822":
                sub = part.get_payload()
                if isinstance(sub, list):
                    stack.extend(reversed([p for p in sub if isinstance(p, Message)]))
                continue
            filename = None
            try:
                filename = part.get_filename()
            except Exception:  # noqa: BLE001 - a broken filename parameter
                filename = None
            disposition = (part.get_content_disposition() or "").lower()
            is_attachment = (
                disposition == "attachment"
                or filename is not None
                or ctype == "message/rfc822"
                or not ctype.startswith("text/")
            )
            if ctype == "text/plain" and not is_attachment:
                text, bad = self._decode_part(part)
                plain.append(text)
                lossy |= bad
            elif ctype == "text/html" and not is_attachment:
                text, bad = self._decode_part(part)
                html.append(text)
                lossy |= bad
            elif ctype.startswith("text/") and not is_attachment:
                text, bad = self._decode_part(part)
                plain.append(text)
                lossy |= bad
            else:
                if ctype == "message/rfc822":
                    inner = part.get_payload()
                    body = b""
                    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                        try:
                            body = inner[0].as_bytes(policy=policy.compat32)
                        except Exception:  # noqa: BLE001 - the raw bytes stay cited by range
                            extra["forwarded_unreadable"] = True
                    default_ext = ".eml"
                else:
                    payload = part.get_payload(decode=True)
                    body = payload if isinstance(payload, bytes) else b""
                    default_ext = ".bin"
                    written = part.get_payload(decode=False)
                    if not body and isinstance(written, str) and written.strip():
                        # Broken base64 or quoted-printable: the part is in the e-mail, only
                        # its encoding is damaged. Keep it as written (it stays cited by the
                        # message's byte range in the original) rather than call it missing.
                        body = written.encode("ascii", errors="surrogateescape")
                        default_ext = ".undecoded.txt"
                        if filename:
                            filename += ".undecoded.txt"
                        self.undecodable += 1
                name = filename or f"message-{span.start}-attachment-{len(attachments) + 1}"
                if not filename:
                    name += default_ext
                attachments.append(AttachmentRef(name=name, media_hint="file",
                                                 inline_data=body))
                self.counts["attachments"] = self.counts.get("attachments", 0) + 1
        text = _best_body(plain, html, extra)
        if lossy:
            self.lossy_bodies += 1
            extra["text_lossy"] = True
        self.counts["messages"] = self.counts.get("messages", 0) + 1
        return ParsedMessage(
            index=span.start, span=span, sender=sender or None, time=time, text=text,
            attachments=attachments, extra=extra,
            conversation=str(extra.get("subject", "")),
        )

    def finish(self) -> None:
        if self.lossy_bodies:
            self.report.notes.append(deferred(N_(
                "{n} message bodies were not valid in their declared character set; they are "
                "shown with replacement characters (\ufffd) and the raw bytes are kept "
                "unchanged."), n=self.lossy_bodies))
        if self.undecodable:
            self.report.notes.append(deferred(N_(
                "{n} attachments had a damaged transfer encoding; each is kept as written in "
                "the e-mail (name ending in .undecoded.txt), and the original e-mail holds "
                "every byte."), n=self.undecodable))
        if self.fallback_headers:
            self.report.notes.append(deferred(N_(
                "{n} headers were too broken for the strict reader and were read with the "
                "lenient one."), n=self.fallback_headers))


# ----------------------------------------------------------------------------- .eml


def parse_eml(stream: BinaryIO, *, source_name: str, timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """One message file. A file that starts with an envelope line is read as an mbox."""
    data = stream.read(MAX_EML_BYTES + 1)
    if len(data) > MAX_EML_BYTES:
        raise UnsupportedInput(
            _("{name}: the e-mail file is larger than {mb} MB; it was not imported.")
            .format(name=source_name, mb=MAX_EML_BYTES // 2**20)
        )
    if looks_like_mbox(data[:4096]):
        return parse_mbox(io.BytesIO(data), source_name=source_name, timezone=timezone)
    if not data.strip():
        raise UnsupportedInput(_("{name}: the e-mail file is empty.").format(name=source_name))
    if not looks_like_eml(data[:65536]):
        raise UnsupportedInput(
            _("{name}: the file does not start with e-mail headers (From:, Date:, ...).")
            .format(name=source_name)
        )
    report = ParseReport(format="eml", title=source_name, counts={"total": 0})
    reader = _MessageReader(source_name, timezone, report)
    msg = reader.read(data, 0, (0, len(data)), "")
    report.counts["total"] = 1
    if msg.sender:
        report.participants.append(msg.sender)
    reader.finish()
    return ParseResult(report=report, messages=iter([msg]))


# ----------------------------------------------------------------------------- .mbox


def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n", b"\r")


def _iter_mbox(stream: BinaryIO, source_name: str, reader: _MessageReader,
               report: ParseReport) -> Iterator[ParsedMessage]:
    """Read line by line, holding only the current message's bytes."""
    offset = 0
    start = 0
    envelope = ""
    body: list[bytes] = []
    size = 0
    index = 0
    prev_blank = True  # the start of the file counts as "after an empty line"
    at_line_start = True
    unquoted = 0
    preamble = True  # bytes before the first envelope line
    too_big = False

    def flush(end: int) -> ParsedMessage:
        nonlocal index
        data = b"".join(body)
        if preamble:
            msg = reader._unparsed(data, SourceSpan(SpanKind.RECORD, index, index), (start, end),
                                   "", "text before the first mbox envelope line")
        elif too_big:
            msg = reader._unparsed(b"", SourceSpan(SpanKind.RECORD, index, index), (start, end),
                                   envelope, f"message larger than {MAX_MESSAGE_BYTES} bytes")
        else:
            msg = reader.read(data, index, (start, end), envelope)
            if msg.sender and msg.sender not in report.participants and len(
                    report.participants) < 1000:
                report.participants.append(msg.sender)
        index += 1
        report.counts["total"] = index
        return msg

    while True:
        line = stream.readline(_LINE_CAP)
        if not line:
            break
        line_start = at_line_start
        at_line_start = line.endswith(b"\n")
        if line_start and prev_blank and _ENVELOPE.match(line):
            if not preamble or body:
                yield flush(offset)
            preamble = False
            too_big = False
            start = offset
            envelope = line.rstrip(b"\r\n").decode("utf-8", errors="replace")
            body = []
            size = 0
            offset += len(line)
            prev_blank = False
            continue
        offset += len(line)
        if line_start and _QUOTED_FROM.match(line):
            line = line[1:]
            unquoted += 1
        prev_blank = line_start and _is_blank(line)
        if not too_big:
            size += len(line)
            if size > MAX_MESSAGE_BYTES:
                too_big = True
                body = []
            else:
                body.append(line)
    if not preamble or body:
        yield flush(offset)
    if index == 0:
        raise UnsupportedInput(_mailbox_empty(source_name))
    if unquoted:
        report.notes.append(deferred(N_(
            "{n} body lines quoted as '>From ' had one '>' removed (mbox quoting); the raw bytes "
            "of each message are kept and cited by byte range."), n=unquoted))
    reader.finish()


def _mailbox_empty(source_name: str) -> str:
    return _("{name}: the mailbox file is empty.").format(name=source_name)


def parse_mbox(stream: BinaryIO, *, source_name: str, timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """Stream an mbox: each message is parsed when reached and then let go."""
    head = stream.read(4096)
    if not head.strip():
        raise UnsupportedInput(_mailbox_empty(source_name))
    if not looks_like_mbox(head):
        raise UnsupportedInput(
            _("{name}: the file does not start with an mbox 'From ' envelope line.")
            .format(name=source_name)
        )
    report = ParseReport(format="mbox", title=source_name, counts={"total": 0})
    report.notes.append(deferred(N_(
        "Messages were split at 'From ' envelope lines that follow an empty line and read like "
        "an envelope (sender, weekday, month, time); each message cites its byte range.")))
    reader = _MessageReader(source_name, timezone, report)
    replay: BinaryIO = _Replay(head, stream)  # type: ignore[assignment]
    messages = _iter_mbox(replay, source_name, reader, report)
    return ParseResult(report=report, messages=messages)


class _Replay:
    """A read-only stream that first replays bytes already read (to sniff), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        head = self._head
        if size is None or size < 0:
            self._head = b""
            return head + self._rest.read()
        if len(head) >= size:
            self._head = head[size:]
            return head[:size]
        self._head = b""
        return head + self._rest.read(size - len(head))

    def readline(self, limit: int = -1) -> bytes:
        if not self._head:
            return self._rest.readline(limit)
        cut = self._head.find(b"\n")
        if cut >= 0 and (limit < 0 or cut < limit):
            line, self._head = self._head[: cut + 1], self._head[cut + 1 :]
            return line
        if 0 <= limit <= len(self._head):
            line, self._head = self._head[:limit], self._head[limit:]
            return line
        line, self._head = self._head, b""
        return line + self._rest.readline(-1 if limit < 0 else limit - len(line))


def parse_email(stream: BinaryIO, *, source_name: str,
                timezone: zoneinfo.ZoneInfo) -> ParseResult:
    """An .eml or an .mbox, told apart by content (an envelope `From ` first line means mbox)."""
    head = stream.read(4096)
    replay: BinaryIO = _Replay(head, stream)  # type: ignore[assignment]
    if looks_like_mbox(head):
        return parse_mbox(replay, source_name=source_name, timezone=timezone)
    return parse_eml(replay, source_name=source_name, timezone=timezone)
