"""Times written with no offset (older Telegram exports) read in the user's time zone."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from evidencekit.importers.localtime import read_naive
from evidencekit.importers.telegram import parse_telegram
from evidencekit.importers.telegram_html import parse_html_date

PARIS = ZoneInfo("Europe/Paris")


def test_an_ordinary_time_gets_the_zone_offset() -> None:
    read = read_naive(datetime(2026, 11, 12, 21, 5), "2026-11-12T21:05:00", PARIS)
    assert read.instant is not None
    assert read.instant.astimezone(UTC) == datetime(2026, 11, 12, 20, 5, tzinfo=UTC)
    assert read.rule == "naive local time read in Europe/Paris"
    assert read.literal == "2026-11-12T21:05:00"


def test_a_time_skipped_by_the_spring_change_is_read_and_flagged() -> None:
    # 29 March 2026: Paris clocks jump from 02:00 to 03:00; 02:30 never happened.
    read = read_naive(datetime(2026, 3, 29, 2, 30), "2026-03-29T02:30:00", PARIS)
    assert read.instant is not None
    assert read.instant.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert "skipped by a DST change" in read.rule


def test_an_hour_repeated_in_autumn_takes_the_first() -> None:
    # 25 October 2026: 02:30 happens twice in Paris; the first is 00:30 UTC.
    read = read_naive(datetime(2026, 10, 25, 2, 30), "2026-10-25T02:30:00", PARIS)
    assert read.instant is not None
    assert read.instant.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert "repeated by a DST change" in read.rule


def _old_export() -> bytes:
    return json.dumps({"name": "Yassine", "type": "personal_chat", "id": 7, "messages": [
        {"id": 1, "type": "message", "date": "2026-11-12T21:05:00", "from": "Yassine",
         "text": "je sais où tu habites"},
        {"id": 2, "type": "message", "date": "pas une date", "from": "Yassine", "text": "?"},
    ]}).encode()


def test_old_telegram_export_without_unix_times_is_read_in_the_zone() -> None:
    result = parse_telegram(io.BytesIO(_old_export()), source_name="result.json",
                            timezone=ZoneInfo("Africa/Casablanca"))
    first, second = list(result.messages)
    assert first.time is not None and first.time.instant is not None
    # Morocco keeps UTC+1 all year except during Ramadan.
    assert first.time.instant.astimezone(UTC) == datetime(2026, 11, 12, 20, 5, tzinfo=UTC)
    assert first.time.rule == "naive local time read in Africa/Casablanca"
    assert second.time is not None and second.time.instant is None  # unreadable stays as is
    notes = " ".join(result.report.notes)
    assert "read as the time in Africa/Casablanca" in notes
    assert "the date as written is kept beside it" in notes


def test_without_a_zone_the_old_behaviour_stays() -> None:
    result = parse_telegram(io.BytesIO(_old_export()), source_name="result.json")
    first = next(iter(result.messages))
    assert first.time is not None and first.time.instant is None
    assert first.time.rule == "naive local time (no offset)"


def test_html_date_without_offset_is_read_in_the_zone() -> None:
    read = parse_html_date("12.11.2026 21:05:00", PARIS)
    assert read is not None and read.instant is not None
    assert read.instant.astimezone(UTC) == datetime(2026, 11, 12, 20, 5, tzinfo=UTC)
    stated = parse_html_date("12.11.2026 21:05:00 UTC+03:00", PARIS)
    assert stated is not None and stated.instant is not None
    assert stated.instant.astimezone(UTC) == datetime(2026, 11, 12, 18, 5, tzinfo=UTC)
