"""Pass 2: read the export again and build each message as soon as the next header closes it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import N_, _, deferred
from evidencekit.importers import whatsapp_markers as mk
from evidencekit.importers.records import (
    AttachmentRef,
    MessageKind,
    ParsedMessage,
    ParsedTime,
    ParseReport,
    SourceSpan,
    SpanKind,
)
from evidencekit.importers.whatsapp_dates import (
    DATE,
    HEADER,
    ORDERS,
    TERM,
    TIME,
    TSEP,
    Survey,
    remember,
    settle_order,
)
from evidencekit.importers.whatsapp_source import Source, Undecodable, unreadable

# "Author:" ends at the first colon; "Name:." is how some exports show a view-once message.
_AUTHOR = re.compile("(?P<author>[^:]{1,120}):(?:[ \u00a0]|$|(?=\\.$))")

_PM = frozenset({"p", "P", "\u0645"})

# First characters of the fixed system phrases (after invisible marks), to skip the regex cheaply.
_SYSTEM_LEADS = frozenset("MTYLVNA\u0627\u200e\u200f\u061c\ufeff")

# The report's kind counts, zero in the report built before the first message, summed by pass 2.
_KIND_COUNTS = ("system", "deleted", "edited", "media_omitted", "calls")


class Scan:
    """The date order and the report, from the survey; `messages` is the second reading."""

    def __init__(
        self,
        survey: Survey,
        source: Source,
        tz: ZoneInfo,
        date_order: str | None,
        time_cache_limit: int,
    ) -> None:
        self.source = source
        # Given by the entry point (`whatsapp.TIME_CACHE_LIMIT`), where the bound is set.
        self.time_cache_limit = time_cache_limit
        self.source_name = source.name
        self.tz = tz
        self.tz_name = str(tz.key or tz)
        if survey.first_head < 0:
            raise UnsupportedInput(
                _(
                    "{name}: no WhatsApp message line was recognised; expected lines such as "
                    "“12/11/2026, 21:05 - Name: text” (Android) or “[12/11/2026, 21:05:00] Name: "
                    "text” (iOS)."
                ).format(name=source.name)
            )
        notes: list[str] = [source.note] if source.note else []
        if survey.crlf:
            notes.append(deferred(N_(
                "{count} line(s) ended with CR LF; line breaks are stored as LF, the original "
                "bytes are kept unchanged."), count=survey.crlf))
        self.order, reason, order_notes = settle_order(survey, date_order)
        notes.extend(order_notes)
        self.lines = survey.lines
        unparsed = int(survey.first_head > 0)
        self.messages_expected = survey.headers + unparsed
        self.report = ParseReport(
            format="whatsapp",
            title=_title(source.name),
            date_order=self.order,
            date_order_reason=reason,
            notes=notes,
            # Lines and messages are final now; `messages` completes the other counts.
            counts={
                "lines": survey.lines,
                "messages": self.messages_expected,
                **dict.fromkeys(_KIND_COUNTS, 0),
                "attachments": 0,
                "unparsed": unparsed,
            },
        )
        self._dates: dict[str, tuple[int, int, int, str, bool]] = {}
        self._clocks: dict[str, tuple[int, int, int]] = {}
        # Time rules are stored with each message, like the custody log: English, untranslated.
        self._rules = {o: f"naive local time read in {self.tz_name} ({o})" for o in ORDERS}

    def messages(self) -> Iterator[ParsedMessage]:
        """Read the text again and build each message, in source order.

        The report's kind counts, participants and date notes are completed when the iterator
        is exhausted.
        """
        try:
            yield from self._messages()
        except Undecodable as exc:
            raise self._changed() from exc
        except (ValueError, IndexError, OverflowError) as exc:
            raise unreadable(self.source_name, exc) from exc

    def _changed(self) -> UnsupportedInput:
        # The second reading must see the bytes the first one counted: a stream that gives
        # other bytes (a damaged store, a file rewritten meanwhile) is refused, not half-read.
        return UnsupportedInput(
            _(
                "{name}: the export read differently the second time (its bytes changed while it "
                "was imported); nothing of it was kept."
            ).format(name=self.source_name)
        )

    def _groups(self) -> Iterator[tuple[re.Match[str] | None, str, list[str], int, int]]:
        """Each message's lines: its header (None for the lines before the first header), its
        first line, the lines after it, and its span as 0-based first line and end line."""
        match = HEADER.match
        head: re.Match[str] | None = None
        first = ""
        more: list[str] = []
        start = lineno = 0
        for _block, lines in self.source.blocks():
            for line in lines:
                m = match(line)
                if m is not None and (m.group(TERM) != ": " or m.group(TSEP) != ":"):
                    if lineno:
                        yield head, first, more, start, lineno
                    head, first, more, start = m, line, [], lineno
                elif lineno:
                    more.append(line)
                else:
                    first = line  # the first line of the text before the first header
                lineno += 1
        if lineno:
            yield head, first, more, start, lineno
        if lineno != self.lines:
            raise self._changed()

    def _messages(self) -> Iterator[ParsedMessage]:
        # Local names: this loop runs once per message and dominates the parse time.
        author_match = _AUTHOR.match
        system_author = mk.SYSTEM_IN_AUTHOR.search
        kind_of = _kind
        read_time = self._time
        time_cache_limit = self.time_cache_limit
        plain = MessageKind.MESSAGE
        edited = MessageKind.EDITED
        call = MessageKind.CALL
        lines_kind = SpanKind.LINES
        counts = dict.fromkeys(_KIND_COUNTS, 0)
        participants: dict[str, None] = {}
        attachment_count = 0
        bad_dates = gaps = folds = backwards = 0
        previous: datetime | None = None
        # Equal time literals share one ParsedTime (the store formats each once); bounded, as
        # a chat's distinct minutes grow with its length.
        time_cache: dict[str, tuple[ParsedTime, datetime | None, int]] = {}
        index = 0
        for head, first, more, start, end in self._groups():
            if head is None:
                yield _preface(first, more, end)
                index += 1
                continue
            literal = first[head.start(DATE) : head.end(TIME)]
            cached = time_cache.get(literal)
            if cached is None:
                cached = remember(time_cache, literal, read_time(head, literal), time_cache_limit)
            ptime, naive, status = cached
            if naive is None:
                bad_dates += 1
            else:
                if previous is not None and naive < previous:
                    backwards += 1
                previous = naive
                gaps += status == 1
                folds += status == 2
            off = head.end()
            am = author_match(first, off)
            sender: str | None = None
            if am is not None:
                author = am.group(1)
                if system_author(author) is None:
                    sender = author
                    off = am.end()
            text = "\n".join([first[off:], *more]) if more else first[off:]
            kind, attachments = kind_of(sender, text)
            if kind is plain:
                participants[sender] = None  # type: ignore[index]  # plain messages have one
            else:
                if kind is edited:
                    participants[sender] = None  # type: ignore[index]
                counts["calls" if kind is call else kind.value] += 1
            if attachments:
                attachment_count += len(attachments)
            # Positional arguments: half the cost of keywords, once per message.
            yield ParsedMessage(
                index,
                SourceSpan(lines_kind, start + 1, end),
                sender,
                ptime,
                text,
                kind,
                attachments,
                "",
                "",
                {"prefix": first[:off]} if off else {},
            )
            index += 1
        if index != self.messages_expected:
            raise self._changed()
        self._complete_report(counts, participants, attachment_count)
        self._date_notes(bad_dates, gaps, folds, backwards)

    def _complete_report(
        self, counts: dict[str, int], participants: dict[str, None], attachments: int
    ) -> None:
        report = self.report
        report.participants = list(participants)
        report.counts.update(counts)
        report.counts["attachments"] = attachments

    def _date_notes(self, bad_dates: int, gaps: int, folds: int, backwards: int) -> None:
        notes = self.report.notes
        if bad_dates:
            notes.append(deferred(N_(
                "{count} message(s) have a date that does not exist in {order} order; they are "
                "kept with their date text and no instant."), count=bad_dates, order=self.order))
        if gaps:
            notes.append(deferred(N_(
                "{count} message time(s) fall in the hour skipped when clocks went forward in "
                "{timezone}; they were read with the offset in force before the change."),
                count=gaps, timezone=self.tz_name))
        if folds:
            notes.append(deferred(N_(
                "{count} message time(s) fall in the hour repeated when clocks went back in "
                "{timezone}; the first occurrence was assumed."),
                count=folds, timezone=self.tz_name))
        if backwards:
            notes.append(deferred(N_(
                "{count} message(s) have an earlier time than the message before them; they are "
                "kept in source order (WhatsApp exports are not always in time order)."),
                count=backwards))

    def _date(self, m: re.Match[str]) -> tuple[int, int, int, str, bool]:
        """Year, month, day and order of a header date, and whether that day has no DST change."""
        d1, d2, d3 = m.group("d1", "d2", "d3")
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
        return year, month, day, order, clean

    def _time(self, m: re.Match[str], literal: str) -> tuple[ParsedTime, datetime | None, int]:
        """Read a header's naive time; status 0 plain, 1 in a DST gap, 2 in a DST fold."""
        # A chat has few distinct dates and clock times: each is read once (a date's text and a
        # clock's text each give one reading, as their digits are runs between non-digits).
        date, clock = m.group(DATE, TIME)
        known = self._dates.get(date)
        if known is None:
            known = remember(self._dates, date, self._date(m))
        year, month, day, order, clean = known
        hms = self._clocks.get(clock)
        if hms is None:
            hms = remember(self._clocks, clock, _clock(m))
        hour, minute, second = hms
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


def _clock(m: re.Match[str]) -> tuple[int, int, int]:
    """Hour (0-23), minute and second of a header's time."""
    h, mi, sec, ampm = m.group("h", "mi", "s", "ampm")
    hour, minute = int(h), int(mi)
    second = int(sec) if sec else 0
    if ampm:
        if ampm[0] in _PM:
            if hour < 12:
                hour += 12
        elif hour == 12:
            hour = 0
    return hour, minute, second



def _preface(first: str, more: list[str], end: int) -> ParsedMessage:
    """The lines before the first header, kept verbatim as one message."""
    return ParsedMessage(
        index=0,
        span=SourceSpan(SpanKind.LINES, 1, end),
        sender=None,
        time=None,
        text="\n".join([first, *more]) if more else first,
        kind=MessageKind.UNPARSED,
        attachments=[],
        extra={},
    )


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



def _title(source_name: str) -> str:
    base = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    m = mk.TITLE_FROM_NAME.search(base)
    return m.group("title") if m else ""
