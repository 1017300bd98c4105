"""Reading a time an export wrote without any offset, in the time zone the user gave.

Some exports (older Telegram Desktop `result.json`, HTML pages without "UTC+…" titles) write
the exporting device's wall-clock time only. Kept naive, such a message could not be placed in a
timeline or a chronology; read in the user's time zone (`--timezone`, default the vault's), it
can, and the rule recorded with it says exactly how it was read, DST edge cases included.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from evidencekit.importers.records import ParsedTime


def read_naive(naive: datetime, literal: str, tz: ZoneInfo) -> ParsedTime:
    """`naive` (no tzinfo) as wall-clock time in `tz`; the rule names any DST doubt."""
    first = naive.replace(tzinfo=tz, fold=0)
    rule = f"naive local time read in {tz.key}"
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
            # PEP 495: fold=0 reads a skipped time with the offset in force before the change.
            rule += " (a time skipped by a DST change; read with the offset before it)"
        else:
            rule += " (an hour repeated by a DST change; the first one taken)"
    return ParsedTime(literal=literal, instant=first, rule=rule)
