"""Reading test: a French harassment case, read back the way its recipients read it.

An ex-partner harasses Léa over WhatsApp (an export with messages over several days, one of them
chosen as an exhibit) and Instagram (a screenshot whose EXIF says when the phone took it, a post
whose publication date is known, and one whose date nobody noted). The vault was created on a
machine set to UTC, as on a live USB: the dossiers must still speak Paris time. Every dossier is
exported for Pharos, the police and the lawyer, in French and English (the police one in Arabic
too), and the assertions are the facts each reader must find in the PDF's text.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pypdf import PdfReader

from evidencekit.core.evidence import add_url, find_case
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.headings import t
from evidencekit.dossier.legal import add_months
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.victim import Author, DossierInfo, save_info
from evidencekit.importers.batch import ImportOptions, import_paths

CASE = "Léa — harcèlement par son ex-compagnon"
PARIS = ZoneInfo("Europe/Paris")
CHAT = [  # (local Paris time as the export shows it, sender, text)
    ("10/03/2026 21:02", "Karim R.", "Pourquoi tu ne réponds pas ?"),
    ("10/03/2026 21:03", "Léa", "Laisse-moi tranquille."),
    ("10/03/2026 21:05", "Karim R.", "Tu vas le regretter."),
    ("10/03/2026 23:59", "Karim R.", "Réponds."),
    ("11/03/2026 08:10", "Karim R.", "Je sais où tu travailles."),
    ("13/03/2026 21:40", "Karim R.", "Je vais tout raconter à ta famille."),
    ("13/03/2026 21:41", "Karim R.", "Tu ne m'échapperas pas."),
    # 00:30 in Paris is still the 13th in UTC: the count must put it on the 14th.
    ("14/03/2026 00:30", "Karim R.", "Tu dors ? Je suis en bas."),
    # After the switch to summer time (29 March): UTC+02:00.
    ("30/03/2026 10:00", "Karim R.", "Toujours là."),
    ("30/03/2026 10:05", "Léa", "Je porte plainte."),
]
CHOSEN = "Je vais tout raconter à ta famille."
DATED_POST = "https://www.instagram.com/p/LEA-insulte/"
UNDATED_POST = "https://www.instagram.com/p/LEA-sans-date/"
SECTION_KEYS = ("chronology", "authors", "qualifications", "inventory", "pharos_fiches",
                "prescription", "constat", "bordereau", "exhibits", "annex")
EXPORTS = [("pharos", "fr"), ("pharos", "en"), ("police", "fr"), ("police", "en"),
           ("police", "ar"), ("lawyer", "fr"), ("lawyer", "en")]


@dataclass
class Read:
    layout: str  # pdftotext -layout: one table row per line
    flow: str  # the text with every run of white space made one space
    bold: str  # the text drawn in a bold font (pypdf), white space collapsed


def _flat(text: str) -> str:
    return " ".join(text.split())


def _read(path: Path) -> Read:
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                            capture_output=True, text=True).stdout
    raw = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    bold: list[str] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, dict) and "Bold" in str(font.get("/BaseFont", "")):
            bold.append(text)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return Read(layout, _flat(raw), _flat("".join(bold)))


def _screenshot_with_exif(path: Path) -> Path:
    img = Image.new("RGB", (360, 640), "white")
    exif = Image.Exif()
    exif[0x0110] = "Pixel 7"  # Model
    detail = exif.get_ifd(0x8769)
    detail[0x9003] = "2026:03:13 22:15:00"  # DateTimeOriginal
    detail[0x9011] = "+01:00"  # OffsetTimeOriginal
    img.save(path, exif=exif)
    return path


@dataclass
class Case:
    pdfs: dict[tuple[str, str], Read]
    imported_day: date  # the day everything was imported, in Paris


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    tmp = tmp_path_factory.mktemp("fr-case")
    vault, _ = Vault.create(tmp / "vault", "pass phrase for the reading test", kdf=TEST_PARAMS,
                            timezone="Etc/UTC")
    with vault:
        chat = tmp / "Discussion WhatsApp avec Karim R.txt"
        chat.write_text("".join(f"{when} - {who}: {text}\n" for when, who, text in CHAT),
                        encoding="utf-8")
        outcomes = import_paths(vault, [chat], ImportOptions(
            case=CASE, timezone="Europe/Paris", date_order="dmy",
            annotations=Annotations(title="Discussion WhatsApp avec Karim R.",
                                    platform="whatsapp", author="Karim R.",
                                    category="harassment")))
        assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
        chat.unlink()
        shot = import_file(vault, _screenshot_with_exif(tmp / "IMG_20260313_221500.jpg"),
                           case=CASE, annotations=Annotations(
                               title="Story Instagram capturée", platform="instagram",
                               author="k.r_77", category="harassment"))
        assert shot.item_id is not None
        with vault.transaction() as tx:
            add_url(tx, CASE, Annotations(
                url=DATED_POST, title="Publication injurieuse", platform="instagram",
                author="k.r_77", published_at="14/03/2026 08:05",
                seen_at="2026-03-14T09:00:00+01:00", category="defamation"))
            add_url(tx, CASE, Annotations(
                url=UNDATED_POST, title="Publication diffamatoire non datée",
                platform="instagram", author="k.r_77", category="defamation"))
            case_id = find_case(tx, CASE)
        mid = vault.conn.execute("SELECT id FROM messages WHERE text = ?", (CHOSEN,)).fetchone()[0]
        save_info(vault, case_id, DossierInfo(
            full_name="Léa M.", city="Paris",
            authors=(Author(name="Karim R.", pseudonyms="k.r_77",
                            relationship="ex-compagnon"),),
            relationship="Ancien compagnon, séparés en janvier 2026.",
            narrative="Depuis notre séparation, il m'écrit sans cesse et publie sur moi."))
        imported = datetime.now(PARIS).date()
        pdfs: dict[tuple[str, str], Read] = {}
        for recipient, lang in EXPORTS:
            out = tmp / f"{recipient}-{lang}.pdf"
            render_dossier(vault, DossierRequest(recipient, lang=lang, case=CASE,
                                                 message_ids=(int(mid),)), out)
            pdfs[recipient, lang] = _read(out)
    return Case(pdfs, imported)


def _section(text: str, key: str, lang: str) -> str:
    """The text of the section headed `key` (its last occurrence: the first is in the contents)
    up to the next section's heading."""
    begin = text.rindex(t(key, lang))
    stops = [text.find(t(k, lang), begin + 1) for k in SECTION_KEYS if k != key]
    return text[begin:min([s for s in stops if s != -1], default=len(text))]


@pytest.mark.parametrize(("recipient", "lang"), EXPORTS)
def test_no_utc_zone_name_and_utc_only_in_the_annex(case: Case, recipient: str,
                                                    lang: str) -> None:
    text = case.pdfs[recipient, lang].flow
    assert "Etc/UTC" not in text
    # The annex is found by its verification command (Arabic headings do not extract yet).
    body = text[:text.rindex("sha256sum -c")]
    assert "UTC" in text[len(body):]  # the annex does give UTC
    # A bare "HH:MM UTC" (no offset) belongs to the annex only; the body says local time.
    assert not re.search(r"\d\d:\d\d(:\d\d)? UTC(?![+-])", body), body


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_police_chronology_dates_each_act_with_label_zone_and_offset(case: Case,
                                                                     lang: str) -> None:
    read = case.pdfs["police", lang]
    chrono = _section(read.flow, "chronology", lang)
    sent, captured, published, colon = {
        "fr": ("envoi", "prise de vue par l'appareil (EXIF)", "publication", " : "),
        "en": ("sent", "taken by the device (EXIF)", "published", ": ")}[lang]
    assert ("Heures locales (Europe/Paris)" if lang == "fr"
            else "Times are local time (Europe/Paris)") in chrono
    rows = [
        f"{sent}{colon}2026-03-10 21:02 (UTC+01:00)",  # the conversation, at its first message
        f"{sent}{colon}2026-03-13 21:40 (UTC+01:00)",  # the chosen message, a row of its own
        f"{captured}{colon}2026-03-13 22:15 (UTC+01:00)",  # EXIF DateTimeOriginal
        f"{published}{colon}2026-03-14 08:05 (UTC+01:00)",
    ]
    places = [chrono.find(r) for r in rows]
    assert all(p >= 0 for p in places), list(zip(rows, places, strict=True))
    assert places == sorted(places), "the chronology is in the order of the events"
    # The summary of the conversation: first and last message, the author's messages per day
    # (in Paris time: the 00:30 message is on the 14th), summer time after 29 March.
    assert "2026-03-30 10:05 (UTC+02:00)" in chrono
    who = "Messages de Karim R. : 8" if lang == "fr" else "Messages from Karim R.: 8"
    assert who in chrono
    for day, n in (("2026-03-10", 3), ("2026-03-11", 1), ("2026-03-13", 2), ("2026-03-14", 1),
                   ("2026-03-30", 1)):
        assert f"{day}{colon}{n}" in chrono, (day, n)
    # The post nobody dated comes last, its import only said to be one.
    unknown = "date des faits inconnue" if lang == "fr" else "date of the facts unknown"
    assert chrono.rindex(unknown) > max(places)


@pytest.mark.parametrize(("recipient", "lang"), [(r, lg) for r, lg in EXPORTS if lg != "ar"])
def test_no_import_time_is_given_as_an_event(case: Case, recipient: str, lang: str) -> None:
    read = case.pdfs[recipient, lang]
    today = f"{case.imported_day:%Y-%m-%d}"
    label = {"fr": "import dans le coffre", "en": "imported into the vault"}[lang]
    row = {"fr": "Importé dans le coffre", "en": "Imported into the vault"}[lang]
    if t("chronology", lang) in read.flow:
        chrono = _section(read.flow, "chronology", lang)
        for m in re.finditer(today, chrono):
            assert chrono[max(0, m.start() - 40):m.start()].rstrip(" :").endswith(label), \
                chrono[max(0, m.start() - 80):m.end()]
    for line in read.layout.splitlines():
        # The fiche rows of events (publication, sending, seen, EXIF) never carry today's date.
        if today in line and re.match(r"\s*(Date et heure|Date and time|Prise de vue|Taken by)",
                                      line):
            pytest.fail(f"an import time printed as an event: {line!r}")
        if line.strip().startswith(row):
            assert today in line  # the import is still there, said as such
    if recipient == "pharos":
        fiches = _section(read.flow, "pharos_fiches", lang)
        assert today not in fiches


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fiches_give_each_date_its_label(case: Case, lang: str) -> None:
    layout = case.pdfs["police", lang].layout
    if lang == "fr":
        expected = [r"Prise de vue par l'appareil \(EXIF\s+2026-03-13 22:15 \(UTC\+01:00\)",
                    r"Date et heure d'envoi \(selon\s+affiché : « 13/03/2026 21:40 » — "
                    r"2026-03-13 21:40 \(UTC\+01:00\)",
                    r"Date et heure de publication\s+affiché : « 14/03/2026 08:05 » — "
                    r"2026-03-14 08:05 \(UTC\+01:00\)",
                    r"Date et heure de constatation\s+2026-03-14 09:00 \(UTC\+01:00\)"]
    else:
        expected = [r"Taken by the device \(EXIF\s+2026-03-13 22:15 \(UTC\+01:00\)",
                    r"Date and time sent \(as in the\s+displayed: “13/03/2026 21:40” — "
                    r"2026-03-13 21:40 \(UTC\+01:00\)",
                    r"Date and time of publication[^\n]*?displayed: “14/03/2026 08:05” — "
                    r"2026-03-14 08:05 \(UTC\+01:00\)"]
    for pattern in expected:
        assert re.search(pattern, layout), pattern
    # How the export's times were read (the same zone as the case: no warning).
    reading = {"fr": "sans fuseau dans l'export ; lues comme heure locale Europe/Paris",
               "en": "no time zone in the export; read as local time in Europe/Paris"}[lang]
    assert reading in " ".join(layout.split())
    # The conversation itself: each message with its local time and offset.
    flow = case.pdfs["police", lang].flow
    assert "Karim R. · 2026-03-14 00:30 (UTC+01:00) Tu dors ? Je suis en bas." in flow
    assert "Léa · 2026-03-30 10:05 (UTC+02:00) Je porte plainte." in flow


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pharos_publication_row_is_the_platform_text(case: Case, lang: str) -> None:
    flow = case.pdfs["pharos", lang].flow
    shown = ("affiché : « 14/03/2026 08:05 » — 2026-03-14 08:05 (UTC+01:00)" if lang == "fr"
             else "displayed: “14/03/2026 08:05” — 2026-03-14 08:05 (UTC+01:00)")
    assert shown in flow
    assert "2026-03-14 09:00 (UTC+01:00)" in flow  # seen: on its own row, said as such


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lawyer_deadlines_never_count_from_the_import(case: Case, lang: str) -> None:
    read = case.pdfs["lawyer", lang]
    # The dated post: three months from its publication.
    assert "14/03/2026" in read.flow and "14/06/2026" in read.flow
    # The undated one: no deadline from the import, in any form…
    from_import = add_months(case.imported_day, 3)
    assert f"{from_import:%d/%m/%Y}" not in read.flow
    assert f"{add_months(case.imported_day, 72):%d/%m/%Y}" not in read.flow
    # …but, in bold, that it cannot be computed, may have passed, and what to find out.
    unknown, passed, find = {
        "fr": ("IMPOSSIBLE À CALCULER", "peut être déjà expiré",
               "À rechercher : la date de publication affichée sous le contenu"),
        "en": ("CANNOT BE COMPUTED", "may already have passed",
               "To find out: the date of publication shown under the content")}[lang]
    assert unknown in read.flow and passed in read.flow and find in read.flow
    assert unknown in read.bold and find in read.bold
    # The harassment conversation counts from its first message; the screenshot only from the
    # phone's capture, a bound the facts came before.
    first = {"fr": "premier message de la conversation", "en": "first message of the conversation"}
    assert f"10/03/2026 ({first[lang]}) 10/03/2032" in read.flow
    # The bordereau dates each piece by its facts, saying which (the conversation by its first
    # message, the undated post by nothing rather than its import).
    assert ("10/03/2026 (envoi)" if lang == "fr" else "10/03/2026 (sent)") in read.flow
    assert f"{case.imported_day:%d/%m/%Y}" not in _section(read.flow, "bordereau", lang)
    assert ("au plus tard le 13/03/2032" if lang == "fr" else "at the latest 13/03/2032") \
        in read.flow


def test_arabic_police_dossier_speaks_paris_time(case: Case) -> None:
    flow = case.pdfs["police", "ar"].flow
    assert "Europe/Paris" in flow
    assert "UTC+01:00" in flow and "UTC+02:00" in flow
