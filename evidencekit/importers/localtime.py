"""Reading a time an export wrote without any offset, in the time zone the user gave.

Some exports (older Telegram Desktop `result.json`, HTML pages without "UTC+…" titles) write
the exporting device's wall-clock time only. Kept naive, such a message could not be placed in a
timeline or a chronology; read in the user's time zone (`--timezone`, default the vault's), it
can, and the rule recorded with it says exactly how it was read, DST edge cases included.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from evidencekit.importers.records import ParsedMessage, ParsedTime

RULE = "naive local time read in"


def read_naive(naive: datetime, literal: str, tz: ZoneInfo) -> ParsedTime:
    """`naive` (no tzinfo) as wall-clock time in `tz`; the rule names any DST doubt."""
    first = naive.replace(tzinfo=tz, fold=0)
    rule = f"{RULE} {tz.key}"
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
            # PEP 495: fold=0 reads a skipped time with the offset in force before the change.
            rule += " (a time skipped by a DST change; read with the offset before it)"
        else:
            rule += " (an hour repeated by a DST change; the first one taken)"
    return ParsedTime(literal=literal, instant=first, rule=rule)


def times_without_instant(messages: Iterable[ParsedMessage]) -> tuple[int, int]:
    """How many messages kept a time with no instant, and how many were read by `read_naive`:
    the two counts the parsers' notes report."""
    naive = in_zone = 0
    for message in messages:
        if message.time is None:
            continue
        if message.time.instant is None:
            naive += 1
        elif message.time.rule.startswith(RULE):
            in_zone += 1
    return naive, in_zone
