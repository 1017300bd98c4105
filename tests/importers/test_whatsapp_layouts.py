"""Header layouts and calendars that were read as 0 messages, and the date order told by the
file's own chronology (issue 12, items 1 and 3). Fixtures are the lines quoted in the issue."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.formats import recognise
from evidencekit.importers.records import MessageKind, ParsedMessage
from evidencekit.importers.whatsapp import looks_like_whatsapp, parse_whatsapp
from tests.importers.test_whatsapp import PARIS, instant, parse

LRM = "\u200e"


def whole(text: str, **kw: object) -> tuple[list[ParsedMessage], str, list[str]]:
    """Parse (checking nothing is lost) and also require the content sniffing to accept it."""
    assert looks_like_whatsapp(text)
    fmt = recognise(text.encode())
    assert fmt is not None and fmt.name == "whatsapp"
    report, msgs = parse(text, **kw)  # type: ignore[arg-type]
    assert all(m.kind is not MessageKind.UNPARSED for m in msgs)
    return msgs, _(report.date_order_reason), [_(n) for n in report.notes]


def test_buddhist_calendar_year() -> None:
    msgs, _reason, _notes = whole(
        "[3/18/2565 BE, 14:56:01] Somchai: สวัสดีครับ\n"
        "[3/18/2565 BE, 14:57:30] Anan: ครับ\n"
    )
    assert msgs[0].sender == "Somchai" and msgs[0].text == "สวัสดีครับ"
    assert msgs[0].time is not None
    assert msgs[0].time.literal == "3/18/2565 BE, 14:56:01"
    assert instant(msgs[0]) == "2022-03-18T14:56:01+01:00"
    assert "Buddhist-era year 2565 read as 2022" in msgs[0].time.rule


def test_japanese_era_year() -> None:
    msgs, _reason, _notes = whole(
        "[3/18/R4, 14:56:01] Taro: こんにちは\n[3/19/R4, 09:00:00] Hanako: はい\n"
        "[4/30/H31, 23:59:00] Taro: 平成最後\n"
    )
    assert instant(msgs[0]) == "2022-03-18T14:56:01+01:00"
    assert instant(msgs[2]) == "2019-04-30T23:59:00+02:00"
    assert msgs[0].time is not None and "Reiwa" in msgs[0].time.rule


def test_vietnamese_time_first() -> None:
    msgs, _reason, _notes = whole(
        "[14:56:01, 3/18/22] Minh: xin chào\n[09:05:00, 3/19/22] Lan: chào bạn\nhai dòng\n"
    )
    assert [m.sender for m in msgs] == ["Minh", "Lan"]
    assert msgs[0].time is not None and msgs[0].time.literal == "14:56:01, 3/18/22"
    assert instant(msgs[1]) == "2022-03-19T09:05:00+01:00"
    assert msgs[1].text == "chào bạn\nhai dòng"


def test_old_ios_without_brackets_time_then_colon() -> None:
    msgs, _reason, _notes = whole(
        f"7/1/16, 4:56:55 PM: {LRM}Sophia H. created this group\n"
        f"7/1/16, 4:57:02 PM: Sophia H.: hi all\n"
        f"7/26/16, 16:23:03: \u202a+55 61 8121\u20113457\u202c: <{LRM}image omitted>\n"
    )
    assert msgs[0].kind is MessageKind.SYSTEM and msgs[0].sender is None
    assert instant(msgs[0]) == "2016-07-01T16:56:55+02:00"
    assert (msgs[1].sender, msgs[1].text) == ("Sophia H.", "hi all")
    assert msgs[2].sender == "\u202a+55 61 8121\u20113457\u202c"
    assert msgs[2].kind is MessageKind.MEDIA_OMITTED
    assert instant(msgs[2]) == "2016-07-26T16:23:03+02:00"


def test_old_ios_space_between_date_and_time() -> None:
    msgs, _reason, _notes = whole(
        f"13/06/15 10:59:59: Giorgia's Phone: <{LRM}audio omitted>\n"
        "13/06/15 11:00:10: Marco: arrivo\n"
    )
    assert msgs[0].sender == "Giorgia's Phone"
    assert msgs[0].kind is MessageKind.MEDIA_OMITTED
    assert instant(msgs[1]) == "2015-06-13T11:00:10+02:00"


def test_a_time_without_seconds_then_colon_is_still_not_a_header() -> None:
    # The check that keeps typed text from being read as a header stays: "21:25: x" is text.
    report, msgs = parse("12/11/2026, 21:05 - A: see\n12/11/2026, 21:25: that was the time\n")
    assert len(msgs) == 1
    assert msgs[0].text == "see\n12/11/2026, 21:25: that was the time"


@pytest.mark.parametrize("bracket", [False, True])
def test_spaced_dotted_dates(bracket: bool) -> None:
    lines = ["13. 6. 2018. 21:25:15", "13. 6. 2018. 21:26:00", "14. 6. 2018. 8:01:00"]
    if bracket:
        lines = [f"[{stamp}]" for stamp in lines]
    text = f"{lines[0]} a: m\n{lines[1]} Bojan: druga\nporuka\n{lines[2]} a: treća\n"
    msgs, _reason, _notes = whole(text)
    assert [(m.sender, m.text) for m in msgs] == [
        ("a", "m"), ("Bojan", "druga\nporuka"), ("a", "treća")]
    assert instant(msgs[0]) == "2018-06-13T21:25:15+02:00"
    assert instant(msgs[2]) == "2018-06-14T08:01:00+02:00"
    assert msgs[0].time is not None and msgs[0].time.literal == "13. 6. 2018. 21:25:15"


def test_android_day_periods() -> None:
    msgs, _reason, _notes = whole(
        "13/01/2021, 9:15 in the morning - Name: morning\n"
        "13/01/2021, 2:05 in the afternoon - Name: afternoon\n"
        "13/01/2021, 7:40 in the evening - Name: evening\n"
        "13/01/2021, 11:30 at night - Name: night\n"
        "14/01/2021, 12:10 at night - Name: past midnight\n"
    )
    assert [instant(m)[11:16] for m in msgs] == ["09:15", "14:05", "19:40", "23:30", "00:10"]
    assert msgs[0].time is not None
    assert msgs[0].time.literal == "13/01/2021, 9:15 in the morning"


def test_old_android_time_then_day_month_name_year() -> None:
    msgs, reason, _notes = whole(
        "19:23, 28 Aug 2013 - Name: first\n19:24, 28 Aug 2013 - Other: second\n"
    )
    assert [m.sender for m in msgs] == ["Name", "Other"]
    assert instant(msgs[0]) == "2013-08-28T19:23:00+02:00"
    assert "written as words" in reason


def test_old_android_month_first_without_year_follows_the_written_year() -> None:
    msgs, _reason, notes = whole(
        "Dec 30, 2013, 8:11 PM - Name: old year\n"
        "Mar 5, 8:11 PM - Name: no year written\n"
        "Mar 6, 9:02 AM - Other: next day\n"
    )
    assert instant(msgs[0]) == "2013-12-30T20:11:00+01:00"
    assert instant(msgs[1]) == "2014-03-05T20:11:00+01:00"
    assert instant(msgs[2]) == "2014-03-06T09:02:00+01:00"
    assert msgs[1].time is not None and "2014 was assumed" in msgs[1].time.rule
    assert any("without a year" in n for n in notes)


def test_old_android_without_any_year_takes_it_from_the_file_name_and_says_so() -> None:
    text = ("Nov 30, 8:11 PM - Name: before new year\n"
            "Jan 2, 10:00 AM - Other: after new year\n")
    report, msgs = parse(text, name="WhatsApp Chat with Name 2014.txt")
    assert instant(msgs[0]) == "2013-11-30T20:11:00+01:00"
    assert instant(msgs[1]) == "2014-01-02T10:00:00+01:00"
    notes = [_(n) for n in report.notes]
    assert any("without a year" in n and "year 2014 in the file name" in n for n in notes)


def test_old_android_day_month_name_without_year_and_system_line() -> None:
    report, msgs = parse("18 Mar 12:14 - Name changed the subject to “Classe”\n"
                         "18 Mar 12:15 - Name: hello\n")
    assert msgs[0].kind is MessageKind.SYSTEM and msgs[0].sender is None
    assert msgs[1].sender == "Name"
    year = datetime.now().year
    assert instant(msgs[1]) == datetime(year, 3, 18, 12, 15, tzinfo=PARIS).isoformat()
    assert any(f"year of this import, {year}" in _(n) for n in report.notes)


def test_a_file_holding_one_message_over_several_lines() -> None:
    msgs, _reason, _notes = whole(
        "23/06/2018, 01:55 p.m. - Loris: one\ntwo\n2016-04-29 10:30:00\n"
    )
    assert len(msgs) == 1
    assert msgs[0].text == "one\ntwo\n2016-04-29 10:30:00"
    assert instant(msgs[0]) == "2018-06-23T13:55:00+02:00"


def test_a_file_holding_one_multi_line_system_line() -> None:
    msgs, _reason, _notes = whole(
        "23/06/2018, 13:55 - Messages and calls are end-to-end encrypted. No one outside of "
        "this chat,\nnot even WhatsApp, can read them.\n"
    )
    assert len(msgs) == 1 and msgs[0].kind is MessageKind.SYSTEM


def test_ordinary_text_opening_with_a_date_is_not_a_chat() -> None:
    assert not looks_like_whatsapp("Rendez-vous 12/11/2026 à 21:05 - salle B\nsuite\n")
    assert not looks_like_whatsapp("Meeting notes\n12/11/2026, 21:05 - A: quoted later\n")


def test_byte_order_mark_inside_the_first_bracket() -> None:
    msgs, _reason, _notes = whole(
        "[\ufeff29.01.18, 12:24:03] Ana: prima\n[29.01.18, 12:25:00] Bo: seconda\n"
    )
    assert msgs[0].sender == "Ana" and msgs[0].text == "prima"
    assert msgs[0].extra["prefix"] == "[\ufeff29.01.18, 12:24:03] Ana: "
    assert instant(msgs[0]) == "2018-01-29T12:24:03+01:00"


# ----------------------------------------------------------------------------- date order

BACKWARDS_DAY_FIRST = (
    "6/3/2017, 10:00 - Anna: one\n"
    "8/5/2017, 10:00 - Anna: two\n"
    "9/4/2017, 10:00 - Anna: three\n"
)


def test_chronology_settles_month_first() -> None:
    report, msgs = parse(BACKWARDS_DAY_FIRST)
    assert report.date_order == "mdy"
    assert "go back in time 1 time(s)" in _(report.date_order_reason)
    assert [instant(m)[:10] for m in msgs] == ["2017-06-03", "2017-08-05", "2017-09-04"]


def test_chronology_comes_before_language_cues() -> None:
    # French words would say day first; the dates only run forward month first.
    report, _msgs = parse(BACKWARDS_DAY_FIRST.replace("one", "Bonjour, merci"))
    assert report.date_order == "mdy"


def test_chronology_settles_day_first_too() -> None:
    report, msgs = parse("3/6/2017, 10:00 - A: one\n5/8/2017, 10:00 - A: two\n"
                         "4/9/2017, 10:00 - A: three\n")
    assert report.date_order == "dmy"
    assert instant(msgs[2])[:10] == "2017-09-04"


def test_a_requested_order_is_still_followed_when_dates_do_not_rule_it_out() -> None:
    report, _msgs = parse(BACKWARDS_DAY_FIRST, date_order="dmy")
    assert report.date_order == "dmy"


def test_layout_choice_does_not_depend_on_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.importers import whatsapp

    text = ("Preface line\n" * 3 + "19:23, 28 Aug 2013 - Name: a\n" * 50).encode()
    expected = [(m.sender, m.text) for m in parse_whatsapp(
        io.BytesIO(text), source_name="x", timezone=PARIS).messages]
    monkeypatch.setattr(whatsapp, "READ_SIZE", 5)
    got = [(m.sender, m.text) for m in parse_whatsapp(
        io.BytesIO(text), source_name="x", timezone=PARIS).messages]
    assert got == expected and len(got) == 51


def test_old_ios_zip_imports_every_message_with_its_media(vault: Vault, tmp_path: Path) -> None:
    chat = (f"8/4/15, 10:12:01: \u202a+55 61 8121\u20113457\u202c: 2015-08-04-PHOTO-00004762.jpg "
            f"<{LRM}attached>\n"
            f"8/4/15, 10:12:30: Giorgia's Phone: <{LRM}audio omitted>\n"
            "8/13/15, 9:00:00 PM: Giorgia's Phone: ci vediamo\ndomani\n")
    path = tmp_path / "WhatsApp Chat - Giorgia.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", chat.encode())
        zf.writestr("2015-08-04-PHOTO-00004762.jpg", b"\xff\xd8\xff\xe0 photo")
    outcome = import_one(vault, path, ImportOptions(case="G", timezone="Europe/Paris"))
    assert outcome.status == "imported", outcome.message
    stored = list_messages(vault.conn, item_id=outcome.item_id)
    assert len(stored) == 3
    assert stored[0]["attachment_names"][0]["missing"] is False
    assert stored[1]["kind"] == "media_omitted"
    assert stored[2]["text"] == "ci vediamo\ndomani"
    assert stored[2]["sent_at"] == "2015-08-13T21:00:00+02:00"


def test_a_long_preface_does_not_hide_the_layout() -> None:
    text = "notes\n" * 600 + "19:23, 28 Aug 2013 - Name: a\n19:24, 28 Aug 2013 - Name: b\n"
    report, msgs = parse(text)
    assert [m.kind for m in msgs] == [MessageKind.UNPARSED, MessageKind.MESSAGE,
                                      MessageKind.MESSAGE]
    assert instant(msgs[2]) == "2013-08-28T19:24:00+02:00"
