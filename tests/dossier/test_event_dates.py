"""Event dates: how displayed dates, EXIF capture times and message times are read, in which
zone, and how a conversation's repetition is counted."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.chronology import chat_counts
from evidencekit.dossier.event_dates import case_zone, clock, exif_capture, read_display
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_paths

PARIS = ZoneInfo("Europe/Paris")


def test_case_zone_is_the_vault_place_else_the_recipient_country() -> None:
    assert case_zone("America/Montreal", "police").key == "America/Montreal"
    for machine in ("Etc/UTC", "UTC", "UTC+01:00", "GMT", "Etc/GMT-1"):
        assert case_zone(machine, "police").key == "Europe/Paris"
        assert case_zone(machine, "lawyer").key == "Europe/Paris"
        assert case_zone(machine, "emc").key == "Africa/Casablanca"
        assert case_zone(machine, "eblagh").key == "Africa/Casablanca"


def test_displayed_dates_keep_their_precision() -> None:
    seen = datetime(2026, 3, 13, 10, 12, tzinfo=PARIS)
    day = read_display("published", "12 mars 2026", PARIS)
    assert day is not None and (day.moment, day.day) == (None, date(2026, 3, 12))
    assert read_display("published", "March 12, 2026", PARIS).day == date(2026, 3, 12)  # type: ignore[union-attr]
    at = read_display("published", "12/03/2026 21:05", PARIS)
    assert at is not None and at.moment == datetime(2026, 3, 12, 21, 5, tzinfo=PARIS)
    assert at.shown_as == "12/03/2026 21:05"
    # "il y a 2 h" at 10:12 means between 07:12 and 08:12: the earliest is kept for deadlines.
    rel = read_display("published", "il y a 2 h", PARIS, seen)
    assert rel is not None and rel.approx
    assert (rel.moment, rel.until) == (seen - timedelta(hours=3), seen - timedelta(hours=2))
    week = read_display("published", "3 sem", PARIS, seen)
    assert week is not None and week.day == date(2026, 2, 13)
    assert read_display("published", "il y a 2 h", PARIS) == read_display(
        "published", "il y a 2 h", PARIS, None)  # without a seen time: words only, no date
    assert read_display("published", "il y a 2 h", PARIS).day is None  # type: ignore[union-attr]
    assert read_display("published", "", PARIS) is None


def test_exif_capture_time_with_and_without_offset() -> None:
    with_offset = exif_capture({"exif_datetime_original": "2026:03:13 22:15:00",
                                "exif_offset_time_original": "+02:00"}, PARIS)
    assert with_offset is not None and not with_offset.zone_guessed
    assert clock(with_offset.moment, PARIS) == "2026-03-13 21:15 (UTC+01:00)"  # type: ignore[arg-type]
    naive = exif_capture({"exif_datetime_original": "2026:07:01 09:00:00"}, PARIS)
    assert naive is not None and naive.zone_guessed
    assert clock(naive.moment, PARIS) == "2026-07-01 09:00 (UTC+02:00)"  # type: ignore[arg-type]
    assert exif_capture({"exif_datetime_original": "0000:00:00 00:00:00"}, PARIS) is None
    assert exif_capture({}, PARIS) is None


def test_clock_never_says_utc_alone() -> None:
    casablanca = ZoneInfo("Africa/Casablanca")
    # During Ramadan Morocco is at UTC+00:00: still written as an offset, never "UTC" alone.
    moment = datetime(2026, 2, 25, 12, 0, tzinfo=UTC)
    assert clock(moment, casablanca).endswith("(UTC+00:00)")


def _vault_with_long_chat(tmp_path: Path, days: int) -> tuple[Vault, int]:
    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests",
                            kdf=TEST_PARAMS,
                            timezone="Etc/UTC")
    path = tmp_path / "chat.txt"
    path.write_text("export", encoding="utf-8")
    with vault.transaction() as tx:
        ensure_case(tx, "Affaire")
    outcome = import_file(vault, path, case="Affaire", annotations=Annotations(
        platform="whatsapp", author="Karim", category="harassment"))
    assert outcome.item_id is not None
    start = datetime(2026, 1, 5, 20, 0, tzinfo=PARIS)
    with vault.transaction() as tx:
        for i in range(days):
            sent = start + timedelta(days=i)
            for j, sender in enumerate(("Karim", "Karim", "Moi")):
                at = (sent + timedelta(minutes=j)).isoformat()
                tx.execute(
                    "INSERT INTO messages (item_id, idx, conversation, sender, sent_at,"
                    " sent_at_utc, sent_at_source, time_rule, text, kind, direction, span_kind,"
                    " span_start, span_end, span_part, extra) VALUES (?, ?, '', ?, ?, ?, '', '',"
                    " 'texte', 'message', '', 'line', 0, 1, '', ?)",
                    (outcome.item_id, i * 3 + j, sender, at, at, json.dumps({})))
    return vault, outcome.item_id


def test_long_conversations_are_counted_per_week(tmp_path: Path) -> None:
    vault, item_id = _vault_with_long_chat(tmp_path, 40)
    with vault:
        counts = chat_counts(vault.conn, item_id, PARIS, {"karim"})
        assert counts.weekly and counts.presumed == ("Karim",)
        assert counts.per_sender == {"Karim": 80, "Moi": 40}
        # 5 January 2026 is a Monday: full weeks of 7 days × 2 messages.
        assert counts.buckets[0] == ("2026-01-05", 14)
        assert sum(n for _d, n in counts.buckets) == 80
        out = tmp_path / "police.pdf"
        render_dossier(vault, DossierRequest("police", lang="fr", case="Affaire"), out)
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
    assert "120 messages, du 2026-01-05 20:00 (UTC+01:00) au 2026-02-13 20:02 (UTC+01:00)" in text
    assert "Messages de Karim : 80" in text
    assert "Par semaine (semaine du) : 2026-01-05 : 14 ; 2026-01-12 : 14" in text


def test_unknown_author_counts_every_sender_and_says_so(tmp_path: Path) -> None:
    vault, item_id = _vault_with_long_chat(tmp_path, 3)
    with vault:
        counts = chat_counts(vault.conn, item_id, PARIS, {"quelqu'un d'autre"})
        assert counts.presumed == () and not counts.weekly
        assert counts.buckets == [("2026-01-05", 3), ("2026-01-06", 3), ("2026-01-07", 3)]
        out = tmp_path / "police.pdf"
        render_dossier(vault, DossierRequest("police", lang="fr", case="Affaire"), out)
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
    # The item's author ("Karim") is recognised among the senders even without case details.
    assert "Messages de Karim : 6" in text


def test_words_platforms_use_for_recent_dates() -> None:
    seen = datetime(2026, 3, 13, 10, 12, tzinfo=PARIS)
    hier = read_display("published", "Hier à 21:05", PARIS, seen)
    assert hier is not None and hier.moment == datetime(2026, 3, 12, 21, 5, tzinfo=PARIS)
    today = read_display("published", "today at 08:30", PARIS, seen)
    assert today is not None and today.day == date(2026, 3, 13)
    months = read_display("published", "il y a 3 mois", PARIS, seen)
    assert months is not None and months.approx
    assert months.day == date(2026, 3, 13) - timedelta(days=4 * 31)  # the earliest it can be
    year = read_display("published", "1 y", PARIS, seen)
    assert year is not None and year.day == date(2024, 3, 11)  # 2 × 366 days: "1 y" is 1–2 years
    minutes = read_display("published", "5 min", PARIS, seen)
    assert minutes is not None and minutes.until == seen - timedelta(minutes=5)


def test_export_read_in_another_zone_is_flagged(tmp_path: Path) -> None:
    """A WhatsApp export imported on a machine set to UTC: its naive times were read as UTC,
    while the case speaks Paris time. The dossier says so where the times are shown."""
    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS,
                            timezone="Etc/UTC")
    chat = tmp_path / "WhatsApp Chat with Karim.txt"
    chat.write_text("10/03/2026 21:02 - Karim: Réponds.\n10/03/2026 21:03 - Moi: Non.\n",
                    encoding="utf-8")
    with vault:
        outcomes = import_paths(vault, [chat], ImportOptions(case="Affaire", date_order="dmy"))
        assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
        out = tmp_path / "police.pdf"
        render_dossier(vault, DossierRequest("police", lang="fr", case="Affaire"), out)
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
    warning = ("Pas de fuseau dans l'export ; heures lues comme heure UTC, et non "
               "Europe/Paris : si le téléphone était réglé sur Europe/Paris, toutes les heures "
               "de cette conversation sont décalées d'autant. La relire avec : evidencekit "
               f"reparse {outcomes[0].item_id} --timezone Europe/Paris.")
    assert text.count(warning) == 2  # in the chronology's summary and in the fiche
    assert "Etc/UTC" not in text
    # The times shown are what was stored (21:02 read as UTC = 22:02 in Paris), not hidden.
    assert "2026-03-10 22:02 (UTC+01:00)" in text


def test_hostile_dates_are_printed_as_typed_never_crash_or_count(tmp_path: Path) -> None:
    """Year 9999 with an offset overflows `astimezone`: such dates are words, not dates."""
    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS)
    img = Image.new("RGB", (40, 40), "white")
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "9999:12:31 23:59:59"
    exif.get_ifd(0x8769)[0x9011] = "-12:00"
    img.save(tmp_path / "x.jpg", exif=exif)
    with vault:
        outcome = import_file(vault, tmp_path / "x.jpg", case="Affaire", annotations=Annotations(
            published_at="9999-12-31T23:59:00-12:00", seen_at="0001-01-01T00:00:00+14:00",
            online_status="online", online_checked_at="9999-12-31T23:59:00-12:00",
            category="defamation", url="https://example.org/p"))
        assert outcome.item_id is not None
        out = tmp_path / "lawyer.pdf"
        render_dossier(vault, DossierRequest("lawyer", lang="fr", case="Affaire"), out)
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
    assert "affiché : « 9999-12-31T23:59:00-12:00 »" in text
    assert "IMPOSSIBLE À CALCULER" in text


def test_very_long_conversations_are_counted_per_month(tmp_path: Path) -> None:
    vault, item_id = _vault_with_long_chat(tmp_path, 500)
    with vault:
        counts = chat_counts(vault.conn, item_id, PARIS, {"karim"})
    assert counts.period == "month"
    # The whole span is listed, up to its last month (May 2027), January first.
    assert counts.buckets[0] == ("2026-01", 2 * 27) and counts.buckets[-1][0] == "2027-05"
    assert sum(n for _d, n in counts.buckets) == 1000
