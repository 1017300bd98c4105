"""Parse a WhatsApp chat export (`_chat.txt`, `WhatsApp Chat with X.txt`), losing no line.

Both layouts are read: Android `DATE, TIME - Author: text` and iOS `[DATE, TIME] Author: text`,
in any date order, 12 h or 24 h, with Arabic-Indic digits and the invisible marks phones insert.
Every line of the decoded text ends up in exactly one message's span; lines before the first
header are kept verbatim as one `UNPARSED` message. Stored text is the source text, unnormalised
(each message's `extra["prefix"]` holds the header and author text that precedes `text` on its first
line, so `prefix + text` gives back the source lines).

The whole file is scanned once up front (the date order needs every date, and the report's counts
must be final before the first message is stored); the message iterator then builds the
`ParsedMessage` objects lazily from compact tuples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers import whatsapp_markers as mk
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
from evidencekit.importers.textdecode import decode_export

_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"  # ASCII, Arabic-Indic and Persian digits; int() reads all
_M = "[\u200e\u200f\u061c]*"  # Arabic locales put RLM/ALM marks between date parts
_S = "[ \u00a0\u202f\u2009]"  # newer phones use U+202F before AM/PM

_HEADER = re.compile(
    "(?P<lead>[\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]*)"
    "(?P<ob>\\[)?" + _M + "(?P<date>"
    f"(?P<d1>{_D}{{4}}|{_D}{{1,2}}){_M}(?P<sep>[./-]){_M}(?P<d2>{_D}{{1,2}}){_M}(?P=sep){_M}"
    f"(?P<d3>{_D}{{4}}|{_D}{{2}}))"
    f"{_M}(?:[,\u060c]{_M}{_S}*|{_S}+(?:klo{_S}+)?){_M}"
    f"(?P<time>(?P<h>{_D}{{1,2}})(?P<tsep>[:.])(?P<mi>{_D}{{2}})(?:[:.](?P<s>{_D}{{2}}))?"
    f"(?:{_S}*{_M}(?P<ampm>[aApP]\\.?{_S}?[mM]\\.?|\u0635|\u0645))?)"
    f"{_M}(?(ob)\\]{_S}?|{_S}*(?P<term>[-\u2013](?:{_S}|$)|:{_S}))"
)

# "Author:" ends at the first colon; "Name:." is how some exports show a view-once message.
_AUTHOR = re.compile("(?P<author>[^:]{1,120}):(?:[ \u00a0]|$|(?=\\.$))")

_PM = frozenset({"p", "P", "\u0645"})
_AMPM_WORDS = frozenset({"a", "A", "p", "P", "\u0635", "\u0645"})

_ORDERS = ("dmy", "mdy", "ymd")

# First characters of the fixed system phrases (after invisible marks), to skip the regex cheaply.
_SYSTEM_LEADS = frozenset("MTYLVNA\u0627\u200e\u200f\u061c\ufeff")


def _is_header(m: re.Match[str] | None) -> bool:
    # "21.25.15: Name:" exists (dot-time locales); "21:25: x" typed in a message does not.
    return m is not None and not (m.group("term") == ": " and m.group("tsep") == ":")


def looks_like_whatsapp(head: str) -> bool:
    """True when the first ~64 KiB of decoded text holds several WhatsApp header lines."""
    lines = [line.rstrip("\r") for line in head[:65536].split("\n") if line.strip()]
    found = 0
    signal_shaped = 0
    for line in lines[:400]:
        m = _HEADER.match(line)
        if not _is_header(m):
            continue
        assert m is not None
        found += 1
        # signal-export writes "[YYYY-MM-DD, HH:MM] Name:"; WhatsApp's bracketed lines have seconds.
        if m.group("ob") and m.group("s") is None and len(m.group("d1")) == 4:
            signal_shaped += 1
    if found == 0 or signal_shaped == found:
        return False
    return found >= 2 or len(lines) == 1


def parse_whatsapp(
    stream: BinaryIO,
    *,
    source_name: str,
    timezone: ZoneInfo,
    date_order: str | None = None,
) -> ParseResult:
    """Read a WhatsApp text export; raise `UnsupportedInput` when it holds no WhatsApp line."""
    if date_order is not None and date_order not in _ORDERS:
        raise UnsupportedInput(
            f"{source_name}: the date order “{date_order}” is not one of dmy, mdy or ymd."
        )
    try:
        data = stream.read()
    except OSError as exc:
        raise UnsupportedInput(f"{source_name}: the file could not be read ({exc}).") from exc
    decoded = decode_export(bytes(data), source_name)
    try:
        scan = _Scan(decoded.text, source_name, timezone, date_order)
    except (ValueError, IndexError, OverflowError) as exc:
        # A guard for cases the scan did not foresee: the user gets a sentence, not a traceback.
        raise UnsupportedInput(
            f"{source_name}: the WhatsApp export could not be read ({exc})."
        ) from exc
    if decoded.note:
        scan.report.notes.insert(0, decoded.note)
    return ParseResult(report=scan.report, messages=scan.messages())


# A scanned message: (first line, last line, prefix length, sender, kind, attachments, time).
_Row = tuple[int, int, int, str | None, MessageKind, list[AttachmentRef], ParsedTime | None]


class _Scan:
    """One pass over the lines that finds headers, settles the date order and classifies."""

    def __init__(self, text: str, source_name: str, tz: ZoneInfo, date_order: str | None) -> None:
        self.source_name = source_name
        self.tz = tz
        self.tz_name = str(tz.key or tz)
        notes: list[str] = []
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline ending the last line does not open another line
        if "\r" in text:
            crlf = sum(1 for line in lines if line.endswith("\r"))
            if crlf:
                lines = [line[:-1] if line.endswith("\r") else line for line in lines]
                notes.append(
                    f"{crlf} line(s) ended with CR LF; line breaks are stored as LF, the original "
                    "bytes are kept unchanged."
                )
        self.lines = lines
        match = _HEADER.match
        heads = [match(line) for line in lines]
        for i, m in enumerate(heads):
            if m is not None and not _is_header(m):
                heads[i] = None
        if not any(heads):
            raise UnsupportedInput(
                f"{source_name}: no WhatsApp message line was recognised; expected lines such as "
                "“12/11/2026, 21:05 - Name: text” (Android) or “[12/11/2026, 21:05:00] Name: text” "
                "(iOS)."
            )
        self.order, reason, order_notes = _date_order(heads, text, date_order)
        notes.extend(order_notes)
        self.report = ParseReport(
            format="whatsapp",
            title=_title(source_name),
            date_order=self.order,
            date_order_reason=reason,
            notes=notes,
        )
        self.rows: list[_Row] = []
        self._dates: dict[tuple[str, str, str], tuple[int, int, int, str, bool]] = {}
        self._rules = {o: f"naive local time read in {self.tz_name} ({o})" for o in _ORDERS}
        self._classify(heads)

    def _classify(self, heads: list[re.Match[str] | None]) -> None:
        lines = self.lines
        counts = dict.fromkeys(
            ("system", "deleted", "edited", "media_omitted", "calls", "attachments", "unparsed"), 0
        )
        participants: dict[str, None] = {}
        bad_dates = gaps = folds = backwards = 0
        previous: datetime | None = None
        starts = [i for i, m in enumerate(heads) if m is not None]
        rows = self.rows
        if starts[0] > 0:
            rows.append((0, starts[0] - 1, 0, None, MessageKind.UNPARSED, [], None))
            counts["unparsed"] += 1
        ends = [s - 1 for s in starts[1:]] + [len(lines) - 1]
        time_cache: dict[str, tuple[ParsedTime, datetime | None, int]] = {}
        # Local names: this loop runs once per message and dominates the parse time.
        author_match = _AUTHOR.match
        system_author = mk.SYSTEM_IN_AUTHOR.search
        kind_of = _kind
        add_row = rows.append
        plain = MessageKind.MESSAGE
        edited = MessageKind.EDITED
        attachment_count = 0
        for start, end in zip(starts, ends, strict=True):
            m = heads[start]
            assert m is not None
            line = lines[start]
            literal = line[m.start("date") : m.end("time")]
            cached = time_cache.get(literal)
            if cached is None:
                cached = self._time(m, literal)
                time_cache[literal] = cached
            ptime, naive, status = cached
            if naive is None:
                bad_dates += 1
            else:
                if previous is not None and naive < previous:
                    backwards += 1
                previous = naive
                gaps += status == 1
                folds += status == 2
            off = m.end()
            am = author_match(line, off)
            sender: str | None = None
            if am is not None:
                author = am.group(1)
                if system_author(author) is None:
                    sender = author
                    off = am.end()
            first = line[off:]
            body = first if end == start else "\n".join([first, *lines[start + 1 : end + 1]])
            kind, attachments = kind_of(sender, body)
            if kind is plain:
                participants[sender] = None  # type: ignore[index]  # plain messages have one
            else:
                if kind is edited:
                    participants[sender] = None  # type: ignore[index]
                counts["calls" if kind is MessageKind.CALL else kind.value] += 1
            if attachments:
                attachment_count += len(attachments)
            add_row((start, end, off, sender, kind, attachments, ptime))
        counts["attachments"] = attachment_count
        report = self.report
        report.participants = list(participants)
        report.counts = {"lines": len(lines), "messages": len(rows), **counts}
        notes = report.notes
        if bad_dates:
            notes.append(
                f"{bad_dates} message(s) have a date that does not exist in {self.order} order; "
                "they are kept with their date text and no instant."
            )
        if gaps:
            notes.append(
                f"{gaps} message time(s) fall in the hour skipped when clocks went forward in "
                f"{self.tz_name}; they were read with the offset in force before the change."
            )
        if folds:
            notes.append(
                f"{folds} message time(s) fall in the hour repeated when clocks went back in "
                f"{self.tz_name}; the first occurrence was assumed."
            )
        if backwards:
            notes.append(
                f"{backwards} message(s) have an earlier time than the message before them; "
                "they are kept in source order (WhatsApp exports are not always in time order)."
            )

    def _date(self, d1: str, d2: str, d3: str) -> tuple[int, int, int, str, bool]:
        """Year, month, day and order of a header date, and whether that day has no DST change."""
        key = (d1, d2, d3)
        cached = self._dates.get(key)
        if cached is not None:
            return cached
        order = "ymd" if len(d1) == 4 else self.order
        if order == "ymd":
            year, month, day = int(d1), int(d2), int(d3)
            if len(d1) == 2:
                year += 2000
        else:
            first, second, year = int(d1), int(d2), int(d3)
            month, day = (first, second) if order == "mdy" else (second, first)
            if len(d3) == 2:
                year += 2000  # WhatsApp dates from 2009 on
        clean = False
        try:
            tz = self.tz
            offsets = {
                datetime(year, month, day, 0, 0, 0, 0, tz, fold=f).utcoffset() for f in (0, 1)
            } | {datetime(year, month, day, 23, 59, 59, 0, tz, fold=f).utcoffset() for f in (0, 1)}
            # One offset for the whole day, either fold: no time of that day is skipped or doubled.
            clean = len(offsets) == 1
        except (ValueError, OverflowError):
            pass  # an impossible date; _time reports it
        result = (year, month, day, order, clean)
        self._dates[key] = result
        return result

    def _time(self, m: re.Match[str], literal: str) -> tuple[ParsedTime, datetime | None, int]:
        """Read a header's naive time; status 0 plain, 1 in a DST gap, 2 in a DST fold."""
        d1, d2, d3, h, mi, sec, ampm = m.group("d1", "d2", "d3", "h", "mi", "s", "ampm")
        known = self._dates.get((d1, d2, d3))
        year, month, day, order, clean = known if known is not None else self._date(d1, d2, d3)
        hour, minute = int(h), int(mi)
        second = int(sec) if sec else 0
        if ampm:
            if ampm[0] in _PM:
                if hour < 12:
                    hour += 12
            elif hour == 12:
                hour = 0
        rule = self._rules[order]
        try:
            instant = datetime(year, month, day, hour, minute, second, 0, self.tz)
        except ValueError:
            return ParsedTime(literal, None, f"not a valid date or time in {order} order"), None, 0
        # Same tzinfo object on both sides: comparisons use wall time, as the backwards count wants.
        naive = instant
        status = 0
        if not clean:
            before = instant.utcoffset()
            after = instant.replace(fold=1).utcoffset()
            if before != after and before is not None and after is not None:
                # zoneinfo: fold=0 takes the offset before a transition; a smaller offset before
                # than after means the clocks went forward, so this wall time never existed.
                if before < after:
                    status = 1
                    rule += (
                        "; this time does not exist (clocks went forward), read before the change"
                    )
                else:
                    status = 2
                    rule += "; ambiguous (clocks went back), the first occurrence was assumed"
        return ParsedTime(literal, instant, rule), naive, status

    def messages(self) -> Iterator[ParsedMessage]:
        """Build each message from its scanned row, in source order."""
        lines = self.lines
        try:
            for index, (start, end, off, sender, kind, attachments, ptime) in enumerate(self.rows):
                line = lines[start]
                if end == start:
                    text = line[off:]
                else:
                    text = "\n".join([line[off:], *lines[start + 1 : end + 1]])
                extra = {"prefix": line[:off]} if off else {}
                yield ParsedMessage(
                    index=index,
                    span=SourceSpan(SpanKind.LINES, start + 1, end + 1),
                    sender=sender,
                    time=ptime,
                    text=text,
                    kind=kind,
                    attachments=attachments,
                    extra=extra,
                )
        except (ValueError, IndexError) as exc:
            raise UnsupportedInput(
                f"{self.source_name}: the WhatsApp export could not be read ({exc})."
            ) from exc


def _kind(sender: str | None, body: str) -> tuple[MessageKind, list[AttachmentRef]]:
    """What a message is, from its author part and body, and which files it names."""
    if sender is None:
        return MessageKind.SYSTEM, []
    attachments: list[AttachmentRef] = []
    if len(body) <= 120:
        key = mk.marker_key(body)
        if key in mk.DELETED:
            return MessageKind.DELETED, []
        hint = mk.MEDIA_OMITTED.get(key)
        if hint is not None:
            return MessageKind.MEDIA_OMITTED, []
        if key in mk.CALLS:
            return MessageKind.CALL, []
        if key.endswith(("document omitted", "document omis", "documento omitido")):
            return MessageKind.MEDIA_OMITTED, []
    lead = body[:1]
    if (
        (lead in _SYSTEM_LEADS and mk.SYSTEM_BODY.match(body))
        or (
            lead in "\u200e\u200f"
            and body
            and body.lstrip("\u200e\u200f")[:1] not in "<‹"
            and mk.SYSTEM_MARKED_VERBS.search(body, 0, 100)
        )
        or (
            ("grou" in body or "grup" in body or "Grup" in body or "مجموعة" in body)
            and mk.SYSTEM_CREATED.match(body)
        )
    ):
        return MessageKind.SYSTEM, []
    if "<" in body or "‹" in body:
        attachments = [
            AttachmentRef(name, mk.media_hint(name)) for name in mk.ATTACHED_TAG.findall(body)
        ]
    if not attachments and "(" in body:
        fa = mk.FILE_ATTACHED.match(body)
        if fa is not None:
            name = fa.group("name")
            attachments = [AttachmentRef(name, mk.media_hint(name))]
    if (">" in body or "›" in body) and mk.EDITED.search(body):
        return MessageKind.EDITED, attachments
    return MessageKind.MESSAGE, attachments


def _date_order(
    heads: list[re.Match[str] | None], text: str, given: str | None
) -> tuple[str, str, list[str]]:
    """Settle d/m vs m/d from every header date, then locale cues, then the caller's choice."""
    dmy = mdy = ymd = total = 0
    dmy_example = mdy_example = ""
    for m in heads:
        if m is None:
            continue
        total += 1
        d1, d2 = m.group("d1", "d2")
        if len(d1) == 4:
            ymd += 1
        elif int(d1) > 12:
            dmy += 1
            dmy_example = dmy_example or m.group("date")
        elif int(d2) > 12:
            mdy += 1
            mdy_example = mdy_example or m.group("date")
    notes: list[str] = []
    if ymd == total:
        order = "ymd"
        reason = "Every header date starts with a four-digit year, so dates were read year first."
        evidence = True
    elif dmy or mdy:
        order = "dmy" if dmy >= mdy else "mdy"
        if order == "dmy":
            reason = (
                f"{dmy} header date(s) start with a number above 12 (such as “{dmy_example}”), "
                "so dates were read day first (dmy)."
            )
        else:
            reason = (
                f"{mdy} header date(s) have a second number above 12 (such as “{mdy_example}”), "
                "so dates were read month first (mdy)."
            )
        if dmy and mdy:
            notes.append(
                f"The dates disagree: {dmy} read only as day first and {mdy} only as month first; "
                f"the majority ({order}) was used, and dates that cannot exist in it have no "
                "instant."
            )
        evidence = True
    else:
        evidence = False
        order = ""
        reason = ""
    if evidence:
        if given is not None and given != order:
            notes.append(
                f"The date order {given} that was asked for contradicts the dates in the file; "
                f"they were read as {order}."
            )
            reason += f" The requested order {given} was not followed: the dates rule it out."
        return order, reason, notes
    if given is not None:
        return given, f"No date in the file settles the order; read as requested ({given}).", notes
    cue = mk.DAY_FIRST_CUES.search(text)
    if cue is not None and cue.lastgroup is not None:
        lang = mk.CUE_LANGUAGE[cue.lastgroup]
        return (
            "dmy",
            f"No date in the file settles the order; it contains {lang} text or markers "
            f"(“{cue.group(0)}”), a day-first locale, so dates were read day first (dmy).",
            notes,
        )
    for m in heads:
        if m is not None and m.group("sep") == ".":
            return (
                "dmy",
                "No date in the file settles the order; the dates are written with dots, which "
                "day-first locales use, so dates were read day first (dmy).",
                notes,
            )
    notes.append(
        "The date order could not be told from the file and none was given; dates were read day "
        "first (dmy). If they look wrong, import again with --date-order mdy."
    )
    return (
        "dmy",
        "No date in the file settles the order and none was given; dates were read day first "
        "(dmy), the usual order in France and Morocco.",
        notes,
    )


def _title(source_name: str) -> str:
    base = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    m = mk.TITLE_FROM_NAME.search(base)
    return m.group("title") if m else ""
