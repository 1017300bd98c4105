"""Parse a WhatsApp chat export (`_chat.txt`, `WhatsApp Chat with X.txt`), losing no line.

Both layouts are read: Android `DATE, TIME - Author: text` and iOS `[DATE, TIME] Author: text`,
in any date order, 12 h or 24 h, with Arabic-Indic digits and the invisible marks phones insert.
Every line of the decoded text ends up in exactly one message's span; lines before the first
header are kept verbatim as one `UNPARSED` message. Stored text is the source text, unnormalised
(each message's `extra["prefix"]` holds the header and author text that precedes `text` on its first
line, so `prefix + text` gives back the source lines).

The export is read twice from its byte stream (the stream is seekable, see `records`), decoding a
block of whole lines at a time, so memory stays flat however long the chat is: a first pass
settles the date order (it needs every header date) and counts lines and messages; the message
iterator then reads the text again and builds each `ParsedMessage` as soon as the next header
closes it. The report's line and message counts are final before the first message; its kind
counts, participants and date notes are final once the iterator is exhausted (the importer prints
the report after storing the messages).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, TypeVar
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
    ParseResult,
    SourceSpan,
    SpanKind,
)

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

# Group numbers for the lines read once per line: a number skips the look-up of a group's name.
_DATE, _TIME, _TERM, _TSEP = (_HEADER.groupindex[g] for g in ("date", "time", "term", "tsep"))

# "Author:" ends at the first colon; "Name:." is how some exports show a view-once message.
_AUTHOR = re.compile("(?P<author>[^:]{1,120}):(?:[ \u00a0]|$|(?=\\.$))")

_PM = frozenset({"p", "P", "\u0645"})
_AMPM_WORDS = frozenset({"a", "A", "p", "P", "\u0635", "\u0645"})

_ORDERS = ("dmy", "mdy", "ymd")

# First characters of the fixed system phrases (after invisible marks), to skip the regex cheaply.
_SYSTEM_LEADS = frozenset("MTYLVNA\u0627\u200e\u200f\u061c\ufeff")

# Bytes read at a time. A block of text is at most four times this (UCS-4 strings) plus one line:
# the parse's memory, whatever the size of the export. Larger blocks are not faster.
READ_SIZE = 64 * 1024
# Caches of values that repeat (dates, times of day): bounded, so a long chat cannot grow them.
CACHE_LIMIT = 4096
# Header times read, by literal: an entry is about 300 bytes, so at most ~20 MB. Large enough
# that a chat revisiting earlier minutes (the benchmark's cycles through 40,320 of them) reads
# each once; a smaller cache made a 100,000-message import ~0.3 s slower.
TIME_CACHE_LIMIT = 65536

_KIND_COUNTS = ("system", "deleted", "edited", "media_omitted", "calls")
_YMD, _DMY, _MDY, _UNSETTLED = range(4)  # what one header date says about the order


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
    """Read a WhatsApp text export; raise `UnsupportedInput` when it holds no WhatsApp line.

    The stream is read once here and once more while the messages are iterated, so it must stay
    open until then.
    """
    if date_order is not None and date_order not in _ORDERS:
        raise UnsupportedInput(
            _("{name}: the date order “{order}” is not one of dmy, mdy or ymd.").format(
                name=source_name, order=date_order
            )
        )
    source = _Source(stream, source_name)
    try:
        survey = _survey(source, want_cue=date_order is None)
        scan = _Scan(survey, source, timezone, date_order)
    except (ValueError, IndexError, OverflowError) as exc:
        # A guard for cases the scan did not foresee: the user gets a sentence, not a traceback.
        raise _unreadable(source_name, exc) from exc
    return ParseResult(report=scan.report, messages=scan.messages())


def _unreadable(source_name: str, exc: Exception) -> UnsupportedInput:
    return UnsupportedInput(
        _("{name}: the WhatsApp export could not be read ({reason}).").format(
            name=source_name, reason=exc
        )
    )


class _Undecodable(Exception):  # noqa: N818 - a signal inside the parser, never shown
    """The bytes are not valid in the encoding tried; `offset` is the first bad byte."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _Source:
    """The export's lines, decoded afresh from the byte stream at each reading.

    Decoding follows `textdecode.decode_export` exactly (a UTF-8 BOM skipped, UTF-16 by its BOM,
    else strict UTF-8, and lossy UTF-8 with a note when the bytes are not valid), but a block at a
    time: incremental decoders give the same text as decoding the whole file at once.
    """

    def __init__(self, stream: BinaryIO, source_name: str) -> None:
        self.name = source_name
        self.stream = self._rereadable(stream)
        self.origin = self.stream.tell()
        lead = self._read(3)
        self.skip = 3 if lead == b"\xef\xbb\xbf" else 0
        self.encoding = "utf-16" if lead[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
        self.errors = "strict"
        self.note = ""
        self.crlf = 0  # lines that ended with CR LF, counted by the last reading

    def _rereadable(self, stream: BinaryIO) -> BinaryIO:
        seekable = getattr(stream, "seekable", None)
        if seekable is not None and seekable():
            return stream
        # A stream that cannot go back is kept in memory: the bytes of the export, no more.
        return io.BytesIO(self._read_from(stream, -1))

    def _read(self, size: int) -> bytes:
        return self._read_from(self.stream, size)

    def _read_from(self, stream: BinaryIO, size: int) -> bytes:
        try:
            return stream.read(size) or b""
        except OSError as exc:
            raise UnsupportedInput(
                _("{name}: the file could not be read ({reason}).").format(
                    name=self.name, reason=exc
                )
            ) from exc

    def read_lossy(self, offset: int) -> None:
        """Read as UTF-8 with replacement characters from now on, and say so in the report."""
        self.encoding = "utf-8"
        self.errors = "replace"
        # The sentence of `textdecode.decode_export`, which this reading follows.
        self.note = deferred(N_(
            "{name}: the text is not valid UTF-8 from byte {byte}; it was read with replacement "
            "characters (\ufffd) for display and search, and the original bytes are kept "
            "unchanged in the vault."), name=self.name, byte=offset)

    def blocks(self) -> Iterator[tuple[str, list[str]]]:
        """Each block of whole lines as text and as lines, CR ending a line dropped from the lines.

        Lines are split on LF only; the LF ending the last line does not open another line.
        """
        self.stream.seek(self.origin + self.skip)
        decoder = codecs.getincrementaldecoder(self.encoding)(self.errors)
        pending: list[str] = []  # text after the last LF, over as many reads as a line takes
        fed = 0
        self.crlf = 0
        while True:
            chunk = self._read(READ_SIZE)
            final = not chunk
            text = self._decode(decoder, chunk, final, fed)
            fed += len(chunk)
            cut = text.rfind("\n")
            if cut >= 0:
                pending.append(text[:cut])
                rest = text[cut + 1 :]
                text = ""  # not kept while the block is read: one copy of the text at a time
                block = "".join(pending)
                pending = [rest]
                yield block, self._split(block)
            else:
                pending.append(text)
            if final:
                block = "".join(pending)
                if block:
                    yield block, self._split(block)
                return

    def _decode(self, decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool,
                fed: int) -> str:
        try:
            return decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            if self.encoding == "utf-16":
                # decode_export then reads the bytes as UTF-8, where a UTF-16 BOM (FF FE or
                # FE FF) is invalid from the first byte.
                raise _Undecodable(0) from exc
            # A failed call leaves the decoder's buffer (the bytes of a character cut by the
            # previous read) as it was: the error's position counts from the start of it.
            buffered = len(decoder.getstate()[0])
            raise _Undecodable(fed - buffered + exc.start) from exc

    def _split(self, block: str) -> list[str]:
        lines = block.split("\n")
        if "\r" in block:
            crlf = 0
            for i, line in enumerate(lines):
                if line.endswith("\r"):
                    lines[i] = line[:-1]
                    crlf += 1
            self.crlf += crlf
        return lines


@dataclass
class _Survey:
    """What the first reading found, with no line or header kept."""

    lines: int = 0
    first_head: int = -1  # 0-based index of the first header line; -1 when there is none
    ymd: int = 0  # header dates that start with a four-digit year
    dmy: int = 0  # header dates whose first number is above 12
    mdy: int = 0  # header dates whose second number is above 12
    headers: int = 0
    dmy_example: str = ""
    mdy_example: str = ""
    dotted: bool = False  # some header date is written with dots
    cue: tuple[str, str] | None = None  # language and text of the first day-first cue
    crlf: int = 0


def _survey(source: _Source, *, want_cue: bool) -> _Survey:
    """The first reading, again in lossy UTF-8 when the bytes turn out not to be valid."""
    while True:
        try:
            return _survey_once(source, want_cue)
        except _Undecodable as bad:
            source.read_lossy(bad.offset)


def _survey_once(source: _Source, want_cue: bool) -> _Survey:
    survey = _Survey()
    match = _HEADER.match
    classes: dict[str, int] = {}  # header date text -> what it says about the order
    tally = [0, 0, 0, 0]
    base = 0
    for block, lines in source.blocks():
        for line in lines:
            m = match(line)
            if m is None:
                continue
            date, term, tsep = m.group(_DATE, _TERM, _TSEP)
            if term == ": " and tsep == ":":
                continue  # not a header (see _is_header)
            kind = classes.get(date)
            if kind is None:
                kind = _remember(classes, date, _date_class(m, survey))
            tally[kind] += 1
        if survey.first_head < 0 and tally != [0, 0, 0, 0]:
            survey.first_head = base + _first_header(lines)
        base += len(lines)
        if want_cue and survey.cue is None:
            survey.cue = _first_cue(block, tally)
    survey.lines = base
    survey.ymd, survey.dmy, survey.mdy = tally[_YMD], tally[_DMY], tally[_MDY]
    survey.headers = sum(tally)
    survey.crlf = source.crlf
    return survey


def _first_header(lines: list[str]) -> int:
    """Where the first header is in a block that holds one (found again, once per export)."""
    return next(i for i, line in enumerate(lines) if _is_header(_HEADER.match(line)))


def _date_class(m: re.Match[str], survey: _Survey) -> int:
    """What a header date says about the order; the first example of each order is kept."""
    d1, d2, sep = m.group("d1", "d2", "sep")
    if sep == ".":
        survey.dotted = True
    if len(d1) == 4:
        return _YMD
    if int(d1) > 12:
        survey.dmy_example = survey.dmy_example or m.group("date")
        return _DMY
    if int(d2) > 12:
        survey.mdy_example = survey.mdy_example or m.group("date")
        return _MDY
    return _UNSETTLED


def _first_cue(block: str, tally: list[int]) -> tuple[str, str] | None:
    """The first day-first cue in a block of whole lines (no cue spans a line break).

    Searched only while no header date has settled the order: a chat whose dates settle it never
    pays for the search beyond its first block or two.
    """
    if tally[_DMY] or tally[_MDY]:
        return None
    cue = mk.DAY_FIRST_CUES.search(block)
    if cue is None or cue.lastgroup is None:
        return None
    return cue.lastgroup, cue.group(0)


class _Scan:
    """The date order and the report, from the survey; `messages` is the second reading."""

    def __init__(
        self, survey: _Survey, source: _Source, tz: ZoneInfo, date_order: str | None
    ) -> None:
        self.source = source
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
        self.order, reason, order_notes = _date_order(survey, date_order)
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
        self._rules = {o: f"naive local time read in {self.tz_name} ({o})" for o in _ORDERS}

    def messages(self) -> Iterator[ParsedMessage]:
        """Read the text again and build each message, in source order.

        The report's kind counts, participants and date notes are completed when the iterator
        is exhausted.
        """
        try:
            yield from self._messages()
        except _Undecodable as exc:
            raise self._changed() from exc
        except (ValueError, IndexError, OverflowError) as exc:
            raise _unreadable(self.source_name, exc) from exc

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
        match = _HEADER.match
        head: re.Match[str] | None = None
        first = ""
        more: list[str] = []
        start = lineno = 0
        for _block, lines in self.source.blocks():
            for line in lines:
                m = match(line)
                if m is not None and (m.group(_TERM) != ": " or m.group(_TSEP) != ":"):
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
            literal = first[head.start(_DATE) : head.end(_TIME)]
            cached = time_cache.get(literal)
            if cached is None:
                cached = _remember(time_cache, literal, read_time(head, literal), TIME_CACHE_LIMIT)
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
        date, clock = m.group(_DATE, _TIME)
        known = self._dates.get(date)
        if known is None:
            known = _remember(self._dates, date, self._date(m))
        year, month, day, order, clean = known
        hms = self._clocks.get(clock)
        if hms is None:
            hms = _remember(self._clocks, clock, _clock(m))
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


_V = TypeVar("_V")


def _remember(cache: dict[str, _V], key: str, value: _V, limit: int = CACHE_LIMIT) -> _V:
    """Store a value in a bounded cache: a long chat must not grow it without end."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


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


def _date_order(survey: _Survey, given: str | None) -> tuple[str, str, list[str]]:
    """Settle d/m vs m/d from every header date, then locale cues, then the caller's choice.

    The reason and notes are `deferred`: English in the custody log, translated when shown.
    """
    settled = _order_from_dates(survey)
    if settled is not None:
        order, reason, notes = settled
        if given is not None and given != order:
            notes.append(deferred(N_(
                "The date order {given} that was asked for contradicts the dates in the file; "
                "they were read as {order}."), given=given, order=order))
            reason = deferred(N_(
                "{reason} The requested order {given} was not followed: the dates rule it out."),
                reason=reason, given=given)
        return order, reason, notes
    if given is not None:
        return given, deferred(N_(
            "No date in the file settles the order; read as requested ({order})."),
            order=given), []
    return _order_from_cues(survey)


def _order_from_dates(survey: _Survey) -> tuple[str, str, list[str]] | None:
    """The order the header dates show, its reason and notes; None when they do not settle it."""
    dmy, mdy = survey.dmy, survey.mdy
    if survey.ymd == survey.headers:
        return "ymd", deferred(N_(
            "Every header date starts with a four-digit year, so dates were read year first.")), []
    if not (dmy or mdy):
        return None
    order = "dmy" if dmy >= mdy else "mdy"
    if order == "dmy":
        reason = deferred(N_(
            "{count} header date(s) start with a number above 12 (such as “{example}”), so dates "
            "were read day first (dmy)."), count=dmy, example=survey.dmy_example)
    else:
        reason = deferred(N_(
            "{count} header date(s) have a second number above 12 (such as “{example}”), so dates "
            "were read month first (mdy)."), count=mdy, example=survey.mdy_example)
    notes: list[str] = []
    if dmy and mdy:
        notes.append(deferred(N_(
            "The dates disagree: {dmy} read only as day first and {mdy} only as month first; the "
            "majority ({order}) was used, and dates that cannot exist in it have no instant."),
            dmy=dmy, mdy=mdy, order=order))
    return order, reason, notes


def _order_from_cues(survey: _Survey) -> tuple[str, str, list[str]]:
    """Day first, with the locale cue or the dotted dates that suggest it, or by default."""
    if survey.cue is not None:
        group, found = survey.cue
        return "dmy", deferred(N_(
            "No date in the file settles the order; it contains {language} text or markers "
            "(“{cue}”), a day-first locale, so dates were read day first (dmy)."),
            language=deferred(mk.CUE_LANGUAGE[group]), cue=found), []
    if survey.dotted:
        return "dmy", deferred(N_(
            "No date in the file settles the order; the dates are written with dots, which "
            "day-first locales use, so dates were read day first (dmy).")), []
    return "dmy", deferred(N_(
        "No date in the file settles the order and none was given; dates were read day first "
        "(dmy), the usual order in France and Morocco.")), [deferred(N_(
            "The date order could not be told from the file and none was given; dates were read "
            "day first (dmy), and each date as written is kept beside it. If they look wrong, "
            "the order has to be given (--date-order mdy) the first time the export is "
            "imported: a second import of the same file is recorded, not read again."))]


def _title(source_name: str) -> str:
    base = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    m = mk.TITLE_FROM_NAME.search(base)
    return m.group("title") if m else ""
