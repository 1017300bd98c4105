"""The WhatsApp parser on exports written here, one per locale and layout, with their traps."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evidencekit.core.errors import UnsupportedInput
from evidencekit.importers.records import MessageKind, ParsedMessage, ParseReport, SpanKind
from evidencekit.importers.whatsapp import looks_like_whatsapp, parse_whatsapp

PARIS = ZoneInfo("Europe/Paris")
CASABLANCA = ZoneInfo("Africa/Casablanca")
LRM = "\u200e"
RLM = "\u200f"
NNBSP = "\u202f"


def parse(
    text: str | bytes,
    *,
    tz: ZoneInfo = PARIS,
    date_order: str | None = None,
    name: str = "_chat.txt",
) -> tuple[ParseReport, list[ParsedMessage]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = parse_whatsapp(io.BytesIO(data), source_name=name, timezone=tz, date_order=date_order)
    messages = list(result.messages)
    assert_nothing_lost(result.report, messages, data)
    return result.report, messages


def assert_nothing_lost(report: ParseReport, messages: list[ParsedMessage], data: bytes) -> None:
    """Count in = count stored, and prefix + text gives back every source line exactly."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    assert report.counts["lines"] == len(lines)
    assert report.counts["messages"] == len(messages)
    assert sum(m.span.end - m.span.start + 1 for m in messages) == len(lines)
    expected_start = 1
    for i, m in enumerate(messages):
        assert m.index == i
        assert m.span.kind is SpanKind.LINES
        assert m.span.start == expected_start
        assert m.span.end >= m.span.start
        expected_start = m.span.end + 1
        source = "\n".join(lines[m.span.start - 1 : m.span.end])
        assert m.extra.get("prefix", "") + m.text == source
    assert expected_start == len(lines) + 1
    kinds = [m.kind for m in messages]
    assert report.counts["unparsed"] == kinds.count(MessageKind.UNPARSED)
    assert report.counts["system"] == kinds.count(MessageKind.SYSTEM)
    assert report.counts["deleted"] == kinds.count(MessageKind.DELETED)
    assert report.counts["edited"] == kinds.count(MessageKind.EDITED)
    assert report.counts["media_omitted"] == kinds.count(MessageKind.MEDIA_OMITTED)
    assert report.counts["attachments"] == sum(len(m.attachments) for m in messages)


def instant(m: ParsedMessage) -> str:
    assert m.time is not None
    assert m.time.instant is not None
    return m.time.instant.isoformat()


ANDROID_EN = (
    "Chat exported from a phone\n"
    "\n"
    f"12/11/26, 9:05{NNBSP}PM - Messages and calls are end-to-end encrypted. Only people in this "
    "chat can read, listen to, or share them. Learn more.\n"
    f'12/11/26, 9:05{NNBSP}PM - Karim created group "Classe 3B"\n'
    f"12/11/26, 9:06{NNBSP}PM - ~{NNBSP}Karim: you will regret this\n"
    f"12/11/26, 9:07{NNBSP}PM - +212 6 12 34 56 78: first line\n"
    "second line\n"
    "\n"
    "fourth line: with a colon\n"
    f"12/11/26, 9:08{NNBSP}PM - ~{NNBSP}Karim: <Media omitted>\n"
    f"12/11/26, 9:09{NNBSP}PM - ~{NNBSP}Karim: This message was deleted\n"
    f"12/11/26, 9:10{NNBSP}PM - You deleted this message\n"
    f"12/13/26, 9:08{NNBSP}AM - Lina: IMG-20261213-WA0003.jpg (file attached)\n"
    "look at this\n"
    f"12/13/26, 10:00{NNBSP}AM - Lina: I meant it <This message was edited>\n"
    f"12/13/26, 9:59{NNBSP}AM - Lina: sent before the previous one\n"
    f"12/13/26, 12:30{NNBSP}AM - Lina: just after midnight\n"
    f"12/13/26, 12:30{NNBSP}PM - Lina: half past noon\n"
)


def test_android_english_12h_with_narrow_nbsp() -> None:
    report, msgs = parse(ANDROID_EN, name="WhatsApp Chat with Karim.txt")
    assert report.format == "whatsapp"
    assert report.title == "Karim"
    assert report.date_order == "mdy"
    assert "12/13/26" in report.date_order_reason
    assert "month first" in report.date_order_reason
    assert report.counts["lines"] == 18

    pre = msgs[0]
    assert pre.kind is MessageKind.UNPARSED
    assert (pre.span.start, pre.span.end) == (1, 2)
    assert pre.text == "Chat exported from a phone\n"
    assert pre.sender is None
    assert pre.time is None

    assert msgs[1].kind is MessageKind.SYSTEM
    assert msgs[1].sender is None
    assert msgs[2].kind is MessageKind.SYSTEM
    assert msgs[2].text == 'Karim created group "Classe 3B"'

    k = msgs[3]
    assert k.sender == f"~{NNBSP}Karim"
    assert k.text == "you will regret this"
    assert k.kind is MessageKind.MESSAGE
    assert k.time is not None
    assert k.time.literal == f"12/11/26, 9:06{NNBSP}PM"
    assert instant(k) == "2026-12-11T21:06:00+01:00"
    assert k.time.rule == "naive local time read in Europe/Paris (mdy)"

    multi = msgs[4]
    assert multi.sender == "+212 6 12 34 56 78"
    assert multi.text == "first line\nsecond line\n\nfourth line: with a colon"
    assert (multi.span.start, multi.span.end) == (6, 9)

    assert msgs[5].kind is MessageKind.MEDIA_OMITTED
    assert msgs[6].kind is MessageKind.DELETED
    assert msgs[7].kind is MessageKind.SYSTEM  # "You deleted this message" without an author
    photo = msgs[8]
    assert photo.kind is MessageKind.MESSAGE
    assert [(a.name, a.media_hint) for a in photo.attachments] == [
        ("IMG-20261213-WA0003.jpg", "photo")
    ]
    assert photo.text == "IMG-20261213-WA0003.jpg (file attached)\nlook at this"
    edited = msgs[9]
    assert edited.kind is MessageKind.EDITED
    assert edited.text == "I meant it <This message was edited>"
    assert instant(msgs[11]) == "2026-12-13T00:30:00+01:00"
    assert instant(msgs[12]) == "2026-12-13T12:30:00+01:00"
    assert report.participants == [f"~{NNBSP}Karim", "+212 6 12 34 56 78", "Lina"]
    # 9:59 after 10:00, and 12:30 AM (00:30) after both: two steps back in time.
    assert any("2 message(s) have an earlier time" in n for n in report.notes)


IOS_FR = (
    f"{LRM}[12/11/2026 21:05:02] Famille: {LRM}Les messages et les appels sont chiffrés de bout en "
    "bout. Personne en dehors de cette discussion ne peut les lire.\n"
    f"{LRM}[12/11/2026 21:05:03] Famille: {LRM}Karim a créé le groupe « Famille »\n"
    f"{LRM}[12/11/2026 21:05:04] Famille: {LRM}Karim a ajouté Lina\n"
    f"[12/11/2026 21:06:02] Karim: {LRM}< pièce jointe : 00000012-PHOTO-2026-11-12-21-06-02.jpg >\n"
    f"[12/11/2026 21:06:03] Karim: {LRM}<pièce jointe :00000013-VIDEO-2026-11-12-21-06-03.mp4>\n"
    f"[12/11/2026 21:06:30] Karim: {LRM}image absente\n"
    "[12/11/2026 21:07:00] Lina: Ce message a été supprimé\n"
    "[12/11/2026 21:08:00] Lina: Vous avez supprimé ce message.\n"
    f"[12/11/2026 21:09:00] Karim: Je sais où tu habites {LRM}<Ce message a été modifié>\n"
    "[12/11/2026 21:10:00] Karim: Arrête, j'ai ajouté ta sœur\n"
)


def test_ios_french_with_lrm_marks_and_attachments() -> None:
    report, msgs = parse(IOS_FR)
    # No date settles d/m vs m/d; the French markers do.
    assert report.date_order == "dmy"
    assert "French" in report.date_order_reason
    assert [m.kind for m in msgs] == [
        MessageKind.SYSTEM,
        MessageKind.SYSTEM,
        MessageKind.SYSTEM,
        MessageKind.MESSAGE,
        MessageKind.MESSAGE,
        MessageKind.MEDIA_OMITTED,
        MessageKind.DELETED,
        MessageKind.DELETED,
        MessageKind.EDITED,
        MessageKind.MESSAGE,
    ]
    # iOS writes the group's name as author of WhatsApp's own lines; nobody wrote them, so they
    # have no sender and the name stays in the prefix (issue 12).
    assert msgs[0].sender is None
    assert msgs[0].extra["prefix"] == f"{LRM}[12/11/2026 21:05:02] Famille: "
    assert msgs[0].text.startswith(LRM)  # invisible marks are kept
    assert msgs[3].attachments[0].name == "00000012-PHOTO-2026-11-12-21-06-02.jpg"
    assert msgs[3].attachments[0].media_hint == "photo"
    assert msgs[3].text == f"{LRM}< pièce jointe : 00000012-PHOTO-2026-11-12-21-06-02.jpg >"
    assert [(a.name, a.media_hint) for a in msgs[4].attachments] == [
        ("00000013-VIDEO-2026-11-12-21-06-03.mp4", "video")
    ]
    assert msgs[8].text == f"Je sais où tu habites {LRM}<Ce message a été modifié>"
    assert msgs[3].time is not None
    assert msgs[3].time.literal == "12/11/2026 21:06:02"
    assert instant(msgs[3]) == "2026-11-12T21:06:02+01:00"
    assert report.participants == ["Karim"]
    assert report.counts["attachments"] == 2


def _ar_digits(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


ARABIC = (
    _ar_digits(f"12{RLM}/11{RLM}/2026، 9:05 ص - كريم: السلام عليكم\n")
    + _ar_digits(f"12{RLM}/11{RLM}/2026، 9:06 م - كريم: ‏<تم استبعاد الوسائط>\n")
    + _ar_digits("12/11/2026، 9:07 م - كريم: تم حذف هذه الرسالة.\n")
    + _ar_digits("12/11/2026، 9:08 م - ")
    + "+212 6 12 34 56 78: IMG-20261112-WA0001.jpg (ملف مرفق)\n"
    + "12/11/2026، 21:09 - ~ Sami: سطر أول\n"
    + "سطر ثان\n"
    + _ar_digits('12/11/2026، 9:10 م - أنشأ كريم المجموعة "القسم"\n')
)


def test_arabic_locale_digits_comma_and_am_pm_words() -> None:
    report, msgs = parse(ARABIC, tz=CASABLANCA)
    assert report.date_order == "dmy"
    assert "Arabic" in report.date_order_reason
    first = msgs[0]
    assert first.sender == "كريم"
    assert first.text == "السلام عليكم"
    assert first.time is not None
    assert first.time.literal == _ar_digits(f"12{RLM}/11{RLM}/2026، 9:05 ص")
    assert instant(first) == "2026-11-12T09:05:00+01:00"
    assert instant(msgs[1]) == "2026-11-12T21:06:00+01:00"
    assert msgs[1].kind is MessageKind.MEDIA_OMITTED
    assert msgs[2].kind is MessageKind.DELETED
    assert msgs[3].sender == "+212 6 12 34 56 78"
    assert [(a.name, a.media_hint) for a in msgs[3].attachments] == [
        ("IMG-20261112-WA0001.jpg", "photo")
    ]
    assert msgs[4].sender == "~ Sami"
    assert msgs[4].text == "سطر أول\nسطر ثان"
    assert msgs[5].kind is MessageKind.SYSTEM
    assert msgs[5].sender is None
    assert first.time.rule == "naive local time read in Africa/Casablanca (dmy)"


SPANISH = (
    "13/1/25, 3:37 p. m. - Lucía: Hola, ¿qué tal?\n"
    "13/1/25, 3:38 p. m. - Lucía: <Multimedia omitido>\n"
    "13/1/25, 3:39 p. m. - Lucía: Se eliminó este mensaje.\n"
    "13/1/25, 3:40 p. m. - Lucía: VID-20250113-WA0002.mp4 (archivo adjunto)\n"
    "14/1/25, 12:05 a. m. - Pablo: <adjunto: 00000007-AUDIO-2025-01-14-00-05-00.opus>\n"
    "14/1/25, 11:15 a. m. - Pablo: Este mensaje fue editado <Se editó este mensaje.>\n"
)


def test_spanish_am_pm_words() -> None:
    report, msgs = parse(SPANISH)
    assert report.date_order == "dmy"
    assert instant(msgs[0]) == "2025-01-13T15:37:00+01:00"
    assert instant(msgs[4]) == "2025-01-14T00:05:00+01:00"
    assert instant(msgs[5]) == "2025-01-14T11:15:00+01:00"
    assert [m.kind for m in msgs[:3]] == [
        MessageKind.MESSAGE,
        MessageKind.MEDIA_OMITTED,
        MessageKind.DELETED,
    ]
    assert msgs[3].attachments[0].media_hint == "video"
    assert [(a.name, a.media_hint) for a in msgs[4].attachments] == [
        ("00000007-AUDIO-2025-01-14-00-05-00.opus", "audio")
    ]
    assert msgs[5].kind is MessageKind.EDITED


GERMAN = (
    "12.11.26, 21:05 - Jonas: Hallo\n"
    "12.11.26, 21:06 - Jonas: <Medien ausgeschlossen>\n"
    "12.11.26, 21:07 - Jonas: Diese Nachricht wurde gelöscht.\n"
    "12.11.26, 21:08 - Jonas: STK-20261112-WA0004.webp (Datei angehängt)\n"
    "12.11.26, 21:09 - Jonas hat die Gruppe „Klasse“ erstellt\n"
    "[12.11.26, 21:10:11] Mia: ‎<Anhang: 00000009-PHOTO-2026-11-12-21-10-11.jpg>\n"
)


def test_german_dot_dates_24h() -> None:
    report, msgs = parse(GERMAN)
    assert report.date_order == "dmy"
    assert instant(msgs[0]) == "2026-11-12T21:05:00+01:00"
    assert msgs[1].kind is MessageKind.MEDIA_OMITTED
    assert msgs[2].kind is MessageKind.DELETED
    assert msgs[3].attachments[0].media_hint == "sticker"
    assert msgs[4].kind is MessageKind.SYSTEM
    assert msgs[5].attachments[0].name == "00000009-PHOTO-2026-11-12-21-10-11.jpg"


PORTUGUESE = (
    "[12/11/2026, 21:05:00] Ana: Olá, tudo bem?\n"
    "[12/11/2026, 21:06:00] Ana: ‎<anexado: 00000003-AUDIO-2026-11-12-21-06-00.opus>\n"
    "[12/11/2026, 21:07:00] Ana: Esta mensagem foi apagada\n"
    "[12/11/2026, 21:08:00] Ana: ‎imagem ocultada\n"
    "12/11/2026 21:09 - Bruno: DOC-20261112-WA0005.pdf (arquivo anexado)\n"
)


def test_portuguese() -> None:
    report, msgs = parse(PORTUGUESE)
    assert report.date_order == "dmy"
    assert "Portuguese" in report.date_order_reason
    assert msgs[1].attachments[0].media_hint == "audio"
    assert msgs[2].kind is MessageKind.DELETED
    assert msgs[3].kind is MessageKind.MEDIA_OMITTED
    assert [(a.name, a.media_hint) for a in msgs[4].attachments] == [
        ("DOC-20261112-WA0005.pdf", "file")
    ]


def test_year_first_dates() -> None:
    text = "[2026-11-12, 21:05:07] Karim: salut\n[2026-11-13, 08:00:00] Lina: bonjour\n"
    report, msgs = parse(text)
    assert report.date_order == "ymd"
    assert "year first" in report.date_order_reason
    assert instant(msgs[1]) == "2026-11-13T08:00:00+01:00"
    assert msgs[1].time is not None
    assert msgs[1].time.rule.endswith("(ymd)")


def test_dot_time_and_klo_variants() -> None:
    text = (
        "13.6.2026 klo 21.25.15 - Mika: ensimmäinen\n"
        "13.06.26 21.25.16: Laura: toinen\n"
        "13.06.2026, 21.26 - Mika: kolmas\n"
    )
    report, msgs = parse(text)
    assert [m.sender for m in msgs] == ["Mika", "Laura", "Mika"]
    assert instant(msgs[0]) == "2026-06-13T21:25:15+02:00"
    assert instant(msgs[1]) == "2026-06-13T21:25:16+02:00"
    assert msgs[0].time is not None
    assert msgs[0].time.literal == "13.6.2026 klo 21.25.15"


AMBIGUOUS = "01/02/2026, 10:00 - A: one\n03/04/2026, 11:00 - B: two\n"


def test_ambiguous_dates_default_to_day_first_and_say_so() -> None:
    report, msgs = parse(AMBIGUOUS)
    assert report.date_order == "dmy"
    assert "none was given" in report.date_order_reason
    assert any("--date-order" in n for n in report.notes)
    assert instant(msgs[0]) == "2026-02-01T10:00:00+01:00"


def test_ambiguous_dates_follow_the_requested_order() -> None:
    report, msgs = parse(AMBIGUOUS, date_order="mdy")
    assert report.date_order == "mdy"
    assert "requested" in report.date_order_reason
    assert instant(msgs[0]) == "2026-01-02T10:00:00+01:00"


def test_requested_order_contradicted_by_the_dates_is_not_followed() -> None:
    text = AMBIGUOUS + "25/04/2026, 12:00 - A: three\n"
    report, msgs = parse(text, date_order="mdy")
    assert report.date_order == "dmy"
    assert "25/04/2026" in report.date_order_reason
    assert "mdy was not followed" in report.date_order_reason
    assert any("contradicts" in n for n in report.notes)
    assert instant(msgs[2]) == "2026-04-25T12:00:00+02:00"


def test_impossible_date_is_kept_without_instant() -> None:
    text = "25/01/2026, 10:00 - A: fine\n31/02/2026, 10:00 - A: no such day\n"
    report, msgs = parse(text)
    assert msgs[1].time is not None
    assert msgs[1].time.instant is None
    assert msgs[1].time.literal == "31/02/2026, 10:00"
    assert msgs[1].text == "no such day"
    assert any("does not exist" in n for n in report.notes)


def test_daylight_saving_gap_and_fold() -> None:
    text = (
        "29/03/2026, 02:30 - A: in the skipped hour\n"
        "25/10/2026, 02:30 - A: in the repeated hour\n"
        "25/10/2026, 03:30 - A: after\n"
    )
    report, msgs = parse(text)
    gap, fold, after = (m.time for m in msgs)
    assert gap is not None
    assert fold is not None
    assert after is not None
    assert "does not exist" in gap.rule
    assert gap.instant == datetime(2026, 3, 29, 2, 30, tzinfo=PARIS)
    assert "ambiguous" in fold.rule
    assert fold.instant is not None
    assert fold.instant.isoformat() == "2026-10-25T02:30:00+02:00"
    assert after.rule == "naive local time read in Europe/Paris (dmy)"
    assert len([n for n in report.notes if "clocks went" in n]) == 2


def test_crlf_line_endings() -> None:
    text = "25/01/2026, 10:00 - A: one\r\nmore\r\n25/01/2026, 10:01 - B: two\r\n"
    report, msgs = parse(text)
    assert msgs[0].text == "one\nmore"
    assert msgs[1].text == "two"
    assert any("CR LF" in n for n in report.notes)


def test_view_once_colon_dot_and_empty_body() -> None:
    text = "25/01/2026, 10:00 - A:.\n[25/01/2026, 10:01:00] Shop:\n"
    _, msgs = parse(text)
    assert (msgs[0].sender, msgs[0].text) == ("A", ".")
    assert (msgs[1].sender, msgs[1].text) == ("Shop", "")


def test_system_line_with_colon_is_not_split_into_an_author() -> None:
    text = '25/01/2026, 10:00 - Karim changed the subject to "note: lol"\n'
    _, msgs = parse(text)
    assert msgs[0].kind is MessageKind.SYSTEM
    assert msgs[0].sender is None


def test_a_person_writing_a_system_like_sentence_stays_a_message() -> None:
    text = "25/01/2026, 10:00 - Karim: I added you to my list\n"
    _, msgs = parse(text)
    assert msgs[0].kind is MessageKind.MESSAGE


def test_invalid_utf8_still_parses_with_a_note() -> None:
    data = b"25/01/2026, 10:00 - A: caf\xe9 bad byte\n25/01/2026, 10:01 - B: ok\n"
    report, msgs = parse(data)
    assert "\ufffd" in msgs[0].text
    assert any("not valid UTF-8" in n for n in report.notes)
    assert msgs[1].text == "ok"


def test_utf16_export() -> None:
    data = "\ufeff25/01/2026, 10:00 - A: salam\n".encode("utf-16-le")
    result = parse_whatsapp(io.BytesIO(data), source_name="x.txt", timezone=PARIS)
    msgs = list(result.messages)
    assert msgs[0].text == "salam"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n\n",
        bytes(range(256)) * 8,
        b'{"messages": [{"date": "2026-11-12T21:05:00", "text": "hi"}]}',
        b"just some notes\nwith no WhatsApp line\n",
        b"\xff\xfe\x00\x00garbage",
    ],
)
def test_bad_input_is_refused_with_one_sentence(data: bytes) -> None:
    with pytest.raises(UnsupportedInput) as info:
        parse_whatsapp(io.BytesIO(data), source_name="evidence.txt", timezone=PARIS)
    assert str(info.value).startswith("evidence.txt: ")


def test_unknown_date_order_argument_is_refused() -> None:
    with pytest.raises(UnsupportedInput):
        parse_whatsapp(
            io.BytesIO(AMBIGUOUS.encode()), source_name="x", timezone=PARIS, date_order="dym"
        )


def test_messages_are_a_lazy_iterator() -> None:
    result = parse_whatsapp(io.BytesIO(ANDROID_EN.encode()), source_name="x", timezone=PARIS)
    first = next(result.messages)
    assert first.kind is MessageKind.UNPARSED
    assert result.report.counts["messages"] == 13  # counts are final before iterating


@pytest.mark.parametrize("text", [ANDROID_EN, IOS_FR, ARABIC, SPANISH, GERMAN, PORTUGUESE])
def test_looks_like_whatsapp_recognises_every_fixture(text: str) -> None:
    assert looks_like_whatsapp(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        '{"messages": []}',
        "From alice@example.org Mon Jan  1 00:00:00 2026\nSubject: hi\n",
        "[2019-12-24, 12:23] Jane Doe: Hello John!\n[2020-01-17, 21:49] John Doe: Hello\n",
    ],
)
def test_looks_like_whatsapp_rejects_other_files(text: str) -> None:
    assert not looks_like_whatsapp(text)
