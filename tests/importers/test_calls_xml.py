"""Android call logs (SMS Backup & Restore calls-*.xml): each call an event with its number,
direction, duration and time; repeated calls are the heart of art. 222-16 (appels malveillants
réitérés)."""

from __future__ import annotations

import hashlib
import io
import zoneinfo
from pathlib import Path

import pytest

from evidencekit import i18n
from evidencekit.core.errors import UnsupportedInput
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.calls_xml import describe_call, looks_like_call_log, parse_call_log
from evidencekit.importers.records import MessageKind

TZ = zoneinfo.ZoneInfo("Europe/Paris")
NUMBER = "+33612345678"


def call_log(calls: list[tuple[int, int, int]], *, count: int | None = None,
             cut: bool = False) -> bytes:
    """(type, duration in s, minutes after 21:05 on 12 Nov 2024 UTC+1) per call."""
    rows = "".join(
        f'<call number="{NUMBER}" duration="{d}" date="{1731441900000 + m * 60000}" type="{t}"'
        f' presentation="1" readable_date="12 nov. 2024 21:{5 + m:02d}:00"'
        f' contact_name="(Unknown)" />\n' for t, d, m in calls)
    head = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<calls count="{len(calls) if count is None else count}">\n')
    body = head + rows + ("<call number=\"+3361" if cut else "</calls>\n")
    return body.encode("utf-8")


def parse(data: bytes):  # type: ignore[no-untyped-def]
    result = parse_call_log(io.BytesIO(data), source_name="calls.xml", timezone=TZ)
    return result, list(result.messages)


def test_each_call_is_an_event_with_number_direction_duration_and_time() -> None:
    data = call_log([(1, 125, 0), (3, 0, 1), (2, 7, 2), (5, 0, 3), (6, 0, 4), (4, 31, 5)])
    assert looks_like_call_log(data)
    result, calls = parse(data)
    assert [c.kind for c in calls] == [MessageKind.CALL] * 6
    assert [c.extra["call_type"] for c in calls] == [
        "incoming", "missed", "outgoing", "rejected", "blocked", "voicemail"]
    assert [c.direction for c in calls] == ["received", "received", "sent", "received",
                                            "received", "received"]
    assert calls[0].sender == NUMBER and calls[2].sender is None
    assert calls[0].extra["duration_seconds"] == 125
    assert calls[0].time is not None and calls[0].time.instant is not None
    assert calls[0].time.instant.isoformat() == "2024-11-12T20:05:00+00:00"
    assert calls[0].text == "" and calls[0].extra["readable_date"].startswith("12 nov.")
    assert result.report.participants == [NUMBER]
    assert any("2 missed or rejected" in str(n) for n in result.report.notes)


def test_calls_are_described_in_the_readers_language() -> None:
    assert describe_call({"call_type": "incoming", "duration_seconds": 125}) == \
        "Incoming call, 2 min 05 s"
    assert describe_call({"call_type": "missed", "duration_seconds": 0}) == "Missed call"
    i18n.set_language("fr")
    try:
        assert describe_call({"call_type": "missed"}) == "Appel manqué"
        assert describe_call({"call_type": "outgoing", "duration_seconds": 9}) == \
            "Appel sortant, 9 s"
    finally:
        i18n.set_language("en")


def test_a_call_log_cut_short_keeps_every_whole_call() -> None:
    result, calls = parse(call_log([(3, 0, m) for m in range(40)], count=50, cut=True))
    assert len(calls) == 40
    notes = " ".join(str(n) for n in result.report.notes)
    assert "cut short" in notes and "40 complete records" in notes


@pytest.mark.parametrize(("data", "why"), [
    (b"not xml", "before any record"),
    (b"<smses/>", "not <calls>"),
    (b'<!DOCTYPE calls [<!ENTITY a "x">]><calls><call number="&a;"/></calls>', "DTD"),
])
def test_bad_input_is_refused_in_one_sentence(data: bytes, why: str) -> None:
    with pytest.raises(UnsupportedInput, match=f"^calls.xml: .*{why}"):
        parse(data)


def test_imported_through_the_batch_importer(vault: Vault, tmp_path: Path) -> None:
    data = call_log([(3, 0, m) for m in range(12)] + [(1, 64, 20)])
    path = tmp_path / "calls-20241112.xml"
    path.write_bytes(data)
    outcome = import_one(vault, path, ImportOptions(case="appels"))
    assert outcome.status == "imported", outcome.message
    assert outcome.sha256 == hashlib.sha256(data).hexdigest()
    stored = list_messages(vault.conn, item_id=outcome.item_id)
    assert len(stored) == 13 and all(m["kind"] == "call" for m in stored)
    assert stored[-1]["extra"]["duration_seconds"] == 64
    assert stored[0]["sent_at_utc"].startswith("2024-11-12T20:05:00")
    log = [e for e in vault.custody.entries() if e.item_id == outcome.item_id]
    assert any("call-log" in str(e.detail) for e in log)


def test_the_police_dossier_says_each_call_in_french(vault: Vault, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from evidencekit.dossier.render import render_dossier
    from evidencekit.dossier.request import DossierRequest

    path = tmp_path / "calls-20241112.xml"
    path.write_bytes(call_log([(3, 0, 0), (3, 0, 1), (1, 64, 2)]))
    assert import_one(vault, path, ImportOptions(case="appels")).status == "imported"
    out = tmp_path / "plainte.pdf"
    render_dossier(vault, DossierRequest("police", "fr", case="appels"), out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert text.count("Appel manqué") >= 2
    assert "Appel entrant, 1 min 04 s" in text
