"""Parse a WhatsApp chat export (`_chat.txt`, `WhatsApp Chat with X.txt`), losing no line.

Android `DATE, TIME - Author: text` and iOS `[DATE, TIME] Author: text` are read in any date
order, 12 h or 24 h, with Arabic-Indic digits and the invisible marks phones insert, and so are
the rarer layouts (time first, spaced dotted dates, months as words, old iOS `DATE, TIME: `,
Buddhist and Japanese-era years; `whatsapp_layouts`, listed in docs/formats.md).
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

The work is split along those two readings: `whatsapp_source` decodes the byte stream a block at
a time, `whatsapp_layouts` holds the header patterns and chooses one per export, `whatsapp_dates`
the first pass (the date order), `whatsapp_messages` the second (the messages and the rest of the
report) with `whatsapp_times` reading each header's instant; `whatsapp_languages` and
`whatsapp_markers` hold WhatsApp's own phrases. This module is the importer's entry point.
"""

from __future__ import annotations

import re
from typing import BinaryIO
from zoneinfo import ZoneInfo

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import _
from evidencekit.importers.records import ParseResult
from evidencekit.importers.whatsapp_dates import CACHE_LIMIT, ORDERS, survey_export
from evidencekit.importers.whatsapp_layouts import STANDARD_LAYOUT, is_header, sniff
from evidencekit.importers.whatsapp_messages import Scan
from evidencekit.importers.whatsapp_source import Source, unreadable

# CACHE_LIMIT now lives with the caches (`whatsapp_dates`); it is re-exported so that every public
# name of the importer is still importable from here.
__all__ = ["CACHE_LIMIT", "READ_SIZE", "TIME_CACHE_LIMIT", "looks_like_whatsapp", "parse_whatsapp"]

# The two tunables are set here, in the entry point, and handed to the passes at each parse: one
# setting (a caller's, a test's `monkeypatch`) then governs both readings.

# Bytes read at a time. A block of text is at most four times this (UCS-4 strings) plus one line:
# the parse's memory, whatever the size of the export. Larger blocks are not faster.
READ_SIZE = 64 * 1024
# Header times read, by literal: an entry is about 300 bytes, so at most ~20 MB. Large enough
# that a chat revisiting earlier minutes (the benchmark's cycles through 40,320 of them) reads
# each once; a smaller cache made a 100,000-message import ~0.3 s slower.
TIME_CACHE_LIMIT = 65536


def looks_like_whatsapp(head: str) -> bool:
    """True when the first ~64 KiB of decoded text holds WhatsApp header lines: several, or one
    that opens the text (an export of a single message, however many lines it spans)."""
    lines = [line.rstrip("\r") for line in head[:65536].split("\n") if line.strip()]
    layout = sniff(lines)
    found = 0
    signal_shaped = 0
    opens = False
    for n, line in enumerate(lines[:400]):
        m = layout.pattern.match(line)
        if not is_header(m):
            continue
        assert m is not None
        found += 1
        opens = opens or n == 0
        signal_shaped += layout is STANDARD_LAYOUT and _signal_shaped(m, line)
    if found == 0 or (signal_shaped == found and not _WHATSAPP_ONLY.search(head, 0, 65536)):
        return False
    return found >= 2 or opens


# What only WhatsApp writes: iOS marks its own lines with U+200E before the bracket, and names
# attachments in angle brackets; signal-export writes neither.
_WHATSAPP_ONLY = re.compile("\u200e\\[|<\u200e?attached: ")


def _signal_shaped(m: re.Match[str], line: str) -> bool:
    """A header as signal-export writes it: `[2019-12-24, 12:23]` (before March 2024) and
    `[2024-05-01 09:17:00]` (since): a bracketed ISO date, and either no seconds or no comma.

    WhatsApp's bracketed ISO headers have both (`[2026-11-12, 21:05:07]`).
    """
    if not m.group("ob") or len(m.group("d1")) != 4 or m.group("sep") != "-":
        return False
    return m.group("s") is None or "," not in line[m.end("date") : m.start("time")]


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
    if date_order is not None and date_order not in ORDERS:
        raise UnsupportedInput(
            _("{name}: the date order “{order}” is not one of dmy, mdy or ymd.").format(
                name=source_name, order=date_order
            )
        )
    source = Source(stream, source_name, READ_SIZE)
    try:
        survey = survey_export(source, want_cue=date_order is None)
        scan = Scan(survey, source, timezone, date_order, TIME_CACHE_LIMIT)
    except (ValueError, IndexError, OverflowError) as exc:
        # A guard for cases the scan did not foresee: the user gets a sentence, not a traceback.
        raise unreadable(source_name, exc) from exc
    return ParseResult(report=scan.report, messages=scan.messages())
