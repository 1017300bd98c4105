"""Pharos fiches that can be copied and say true things, and dossiers that read as documents.

Every assertion reads the PDF (or the files beside it) back: text with pypdf, positions with
`pdftotext -bbox-layout`, link annotations from the page objects, the ODT's content.xml.
"""

from __future__ import annotations

import json
import re
import stat
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from evidencekit.core.evidence import add_journal_entry, add_url, find_case
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest, DossierResult
from evidencekit.dossier.verify_bundle import verify_bundle
from evidencekit.dossier.victim import DossierInfo, load_info, save_info
from tests.dossier.pdf_layout import body_lines, is_arabic, link_uris, pages
from tests.dossier.test_dossier_helpers import screenshot

PASS = "pass phrase for tests"
CASE = "Affaire Pharos"
# Long enough to wrap in a fiche's cell; parentheses and an ampersand must survive the link.
LONG_URL = ("https://www.instagram.com/p/DEMO" + "x7kR77" * 14 +
            "/?igsh=(menace)&utm_source=ig_web_copy_link&hl=fr")
REMOVED_URL = "https://www.facebook.com/groups/disparu/posts/987654321"
TRAP_URL = "javascript:alert(document.cookie)"
MIXED = "Salut, واش نتا مزيان؟ أنا بخير الحمد لله، غادي نشوفك غدا"
AR_TITLE = "تهديد بنشر الصور في كل مكان"


def _exif_photo(path: Path) -> Path:
    img = Image.new("RGB", (320, 240), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"  # Make
    exif[0x0110] = "FP4"  # Model
    img.save(path, "JPEG", exif=exif)
    return path


def _chat(vault: Vault, tmp: Path) -> int:
    path = tmp / "WhatsApp Chat with K.txt"
    lines = [("K.", "12/03/2026 21:05", "2026-03-12T21:05:00+01:00", MIXED),
             ("K.", "12/03/2026 21:06", "2026-03-12T21:06:00+01:00", "Réponds.")]
    path.write_text("\n".join(f"{m[1]} - {m[0]}: {m[3]}" for m in lines), encoding="utf-8")
    outcome = import_file(vault, path, case=CASE, annotations=Annotations(
        platform="WhatsApp", title="Conversation WhatsApp avec K."))
    assert outcome.item_id is not None
    with vault.transaction() as tx:
        for idx, (sender, source, sent, text) in enumerate(lines):
            tx.execute(
                "INSERT INTO messages (item_id, idx, conversation, sender, sent_at, sent_at_utc,"
                " sent_at_source, time_rule, text, kind, direction, span_kind, span_start,"
                " span_end, span_part, extra) VALUES (?, ?, 'K.', ?, ?, ?, ?, '', ?, 'message',"
                " '', 'line', ?, ?, '', '{}')",
                (outcome.item_id, idx, sender, sent, sent, source, text, idx, idx + 1))
    return outcome.item_id


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    root = tmp_path_factory.mktemp("pharos")
    vault, _ = Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)
    ids: dict[str, int] = {}
    shot = import_file(vault, screenshot(root / "Screenshot_20260312-214501_Instagram.png"),
                       case=CASE, annotations=Annotations(
        title="Publication Instagram menaçante", platform="instagram", url=LONG_URL,
        author="k.r_77", published_at="12/03/2026 21:45", category="threats",
        description="« Je sais où tu habites »", online_status="online"))
    assert shot.item_id is not None
    ids["shot"] = shot.item_id
    photo = import_file(vault, _exif_photo(root / "IMG_0001.jpg"), case=CASE,
                        annotations=Annotations(title="Photo de l'immeuble", platform="",
                                                seen_at="2026-03-14T08:00:00+01:00"))
    assert photo.item_id is not None
    ids["photo"] = photo.item_id
    plain = import_file(vault, screenshot(root / "photo.png", "Capture"), case=CASE,
                        annotations=Annotations(title=AR_TITLE, platform="Snapchat"))
    assert plain.item_id is not None
    ids["plain"] = plain.item_id
    with vault.transaction() as tx:
        ids["removed"] = add_url(tx, CASE, Annotations(
            url=REMOVED_URL, title="Publication Facebook retirée", platform="facebook",
            category="defamation", description="Insultes publiques", online_status="removed",
            online_checked_at="2026-03-20T10:00:00+01:00"))
        ids["trap"] = add_url(tx, CASE, Annotations(
            url=TRAP_URL, title="Adresse piégée", platform="forum.example",
            category="threats", description="Menace"))
        ids["journal"] = add_journal_entry(tx, CASE, "Il m'a attendue devant le travail.",
                                           occurred_at="2026-03-15T18:00:00+01:00",
                                           title="Récit du 15 mars")
        case_id = find_case(tx, CASE)
    ids["chat"] = _chat(vault, root)
    # Sparse on purpose: no birth, address, author details, witnesses, steps or court.
    save_info(vault, case_id, DossierInfo(full_name="Élodie Martin", city="Lyon",
                                          phone="06 00 00 00 00", narrative="Depuis mars…"))
    ids["case"] = case_id
    yield vault, ids
    vault.close()


def render(vault: Vault, out: Path, recipient: str, lang: str = "fr") -> DossierResult:
    return render_dossier(vault, DossierRequest(recipient, lang, case=CASE), out)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return "".join(text.split())


# -- Pharos ---------------------------------------------------------------------------------------
def test_pharos_fiche_urls_copy_whole_from_the_text_copy_and_are_links(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, _ids = filled
    result = render(vault, tmp_path / "pharos.pdf", "pharos")
    assert [p.name for p in result.extra_files] == ["pharos-fiches.txt"]
    copy = result.extra_files[0]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    lines = copy.read_text("utf-8").splitlines()
    # Each address on a line of its own, whole: what is pasted into the form is the address.
    assert LONG_URL in lines
    assert "https://www.internet-signalement.gouv.fr" in lines
    uris = link_uris(result.pdf_path)
    assert LONG_URL in uris
    assert "https://www.internet-signalement.gouv.fr" in uris
    assert not any(u.lower().startswith("javascript") for u in uris)
    text = text_of(result.pdf_path)
    assert "https://www.internet-signalement.gouv.fr" in text
    assert "pharos-fiches.txt" in squash(text)


def test_pharos_gives_no_fiche_for_removed_content_and_says_why(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, tmp_path / "pharos.pdf", "pharos")
    number = next(r.number for r in result.exhibits if r.item_id == ids["removed"])
    text = text_of(result.pdf_path)
    copy = result.extra_files[0].read_text("utf-8")
    assert REMOVED_URL not in text and REMOVED_URL not in copy
    why = f"Pièce n° {number} : pas de fiche. Le contenu est indiqué comme retiré"
    assert squash(why) in squash(text)
    assert why in copy
    assert "Pharos ne peut agir que sur un contenu encore en ligne" in copy
    assert f"— Pièce n° {number}\n" not in copy


def test_pharos_lieu_support_is_the_network_not_the_exhibit(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, _ids = filled
    result = render(vault, tmp_path / "pharos.pdf", "pharos")
    copy = result.extra_files[0].read_text("utf-8")
    support = [copy.splitlines()[i + 1] for i, ln in enumerate(copy.splitlines())
               if ln.startswith("Lieu / support")]
    assert support == ["réseau social — Instagram", "forum — forum.example"]
    text = squash(text_of(result.pdf_path))
    assert squash("réseau social — Instagram") in text
    assert squash("instagram — capture d'écran") not in text


def test_pharos_bundle_carries_the_text_copy(filled: tuple[Vault, dict[str, int]],
                                             tmp_path: Path) -> None:
    vault, _ids = filled
    out = tmp_path / "pharos.zip"
    export_bundle(vault, DossierRequest("pharos", "fr", case=CASE), out)
    assert verify_bundle(out).ok
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        assert "dossier-fiches.txt" in names
        manifest = json.loads(z.read("manifest.json"))
        copy = z.read("dossier-fiches.txt").decode("utf-8")
        pdf = tmp_path / "in-bundle.pdf"
        pdf.write_bytes(z.read("dossier.pdf"))
    assert "dossier-fiches.txt" in manifest["dossier_files"]
    assert LONG_URL in copy.splitlines()
    assert "dossier-fiches.txt" in squash(text_of(pdf))


# -- Form output, not a document --------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_custody_actions_are_words_not_codes(filled: tuple[Vault, dict[str, int]],
                                             tmp_path: Path, lang: str) -> None:
    vault, _ids = filled
    text = text_of(render(vault, tmp_path / "police.pdf", "police", lang).pdf_path)
    for code in ("exhibit-numbered", "messages-imported", "url-recorded", "derived-created"):
        assert code not in text
    if lang == "fr":
        assert "numéroté comme pièce" in text and "ajouté au coffre" in text
    if lang == "en":
        assert "numbered as an exhibit" in text


def test_capture_method_is_a_method_and_the_file_name_has_its_own_row(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, _ids = filled
    text = squash(text_of(render(vault, tmp_path / "police.pdf", "police").pdf_path))
    assert squash("Méthode de capture capture d'écran Android, application Instagram (d'après le "
                  "nom du fichier)") in text
    assert squash("Nom du fichier d'origine Screenshot_20260312-214501_Instagram.png") in text
    assert squash("Méthode de capture appareil : Fairphone FP4 (EXIF)") in text
    assert squash("Méthode de capture non connue") in text
    assert squash("Méthode de capture export de conversation de l'application WhatsApp") in text
    assert squash("Méthode de capture récit saisi par la victime dans evidencekit") in text
    assert squash("Méthode de capture photo.png") not in text


def test_no_form_blanks_in_the_final_text(filled: tuple[Vault, dict[str, int]],
                                          tmp_path: Path) -> None:
    vault, ids = filled
    for recipient in ("police", "pharos", "lawyer", "emc", "eblagh"):
        text = text_of(render(vault, tmp_path / f"{recipient}.pdf", recipient).pdf_path)
        assert "(non renseigné)" not in text, recipient
    text = text_of(render(vault, tmp_path / "police.pdf", "police").pdf_path)
    # Said once, with why it matters, where it matters (the screenshot has no profile link).
    assert squash("Non renseigné : Lien du profil.") in squash(text)
    assert "Des tribunaux ont écarté des captures" in text
    # The form's hints are gone; what is missing is said instead.
    assert "Certificats médicaux, incapacité totale de travail (ITT), arrêts de travail, frais." \
        not in text
    assert "Aucun témoin indiqué." in text
    assert "Aucune démarche enregistrée." in text


def test_the_pdf_image_is_declared_a_re_encoded_copy(filled: tuple[Vault, dict[str, int]],
                                                    tmp_path: Path) -> None:
    vault, ids = filled
    text = squash(text_of(render(vault, tmp_path / "police.pdf", "police").pdf_path))
    sha = vault.conn.execute("SELECT sha256 FROM originals WHERE item_id = ?",
                             (ids["photo"],)).fetchone()[0]
    assert squash("Image affichée ici : copie ré-encodée pour le PDF (JPEG, réduite). La copie "
                  f"de preuve est l'original, SHA-256 {sha}.") in text


def _letter_pages(pdf: Path) -> list[list]:  # type: ignore[type-arg]
    laid = pages(pdf)
    start = next(i for i, p in enumerate(laid) if p[0].text.startswith("Lettre de plainte"))
    end = next(i for i, p in enumerate(laid) if p[0].text.startswith("Exposé chronologique"))
    return laid[start:end]


def test_letter_has_addressee_objet_date_signature_room_and_titled_pieces(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, tmp_path / "police.pdf", "police")
    letter = _letter_pages(result.pdf_path)
    lines = [ln for p in letter for ln in body_lines(p)]
    text = "\n".join(ln.text for ln in lines)
    addressee = next(ln for ln in lines if ln.text.startswith("Madame ou Monsieur le procureur"))
    assert addressee.words[0].x0 > 595 / 3  # on the right, as in a French letter
    assert "Tribunal judiciaire de ……" in text
    assert "justice.fr" in text
    assert re.search(r"^Lyon, le \d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|"
                     r"septembre|octobre|novembre|décembre) \d{4}$", text, re.M)
    objet = next(ln.text for ln in lines if ln.text.startswith("Objet :"))
    assert objet.startswith("Objet : plainte contre X pour menaces")
    for title in ("Publication Instagram menaçante", "Photo de l'immeuble", "Récit du 15 mars",
                  "Conversation WhatsApp avec K."):
        assert title in text
    sign = next(i for i, ln in enumerate(lines) if ln.text == "Signature :")
    name = lines[sign + 1]
    assert name.text == "Élodie Martin"
    assert name.y0 - lines[sign].y1 > 45  # room to sign by hand
    # The court, once given, is printed instead of the line to fill.
    info = load_info(vault.conn, ids["case"])
    save_info(vault, ids["case"], replace(info, court="Nanterre"))
    try:
        named = render(vault, tmp_path / "police2.pdf", "police")
        assert "Tribunal judiciaire de Nanterre" in text_of(named.pdf_path)
    finally:
        save_info(vault, ids["case"], info)


def test_headings_follow_the_dossier_language_and_user_text_its_first_letter(
        filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, ids = filled
    fr = render(vault, tmp_path / "police-fr.pdf", "police", "fr")
    number = next(r.number for r in fr.exhibits if r.item_id == ids["plain"])
    lines = [ln for p in pages(fr.pdf_path) for ln in p]
    # French dossier, Arabic title: the heading still starts at the left with "Pièce".
    # The exhibit heading is the 12 pt line naming the piece and holding Arabic.
    head = next(ln for ln in lines if ln.y1 - ln.y0 > 12 and is_arabic(ln.text)
                and any(w.text == "Pièce" for w in ln.words))
    assert head.words[0].text == "Pièce", head.text
    assert head.words[0].x0 < 70
    assert all(w.x0 > head.words[0].x1 for w in head.words if is_arabic(w.text))
    # A French message quoting more Arabic than French: left to right, "Salut," first.
    salut = next(ln for ln in lines if any(w.text == "Salut," for w in ln.words))
    first = next(w for w in salut.words if w.text == "Salut,")
    assert all(w.x0 > first.x1 for w in salut.words if is_arabic(w.text)), salut.text
    assert number  # the exhibit exists in this dossier
    ar = render(vault, tmp_path / "police-ar.pdf", "police", "ar")
    lines = [ln for p in pages(ar.pdf_path) for ln in p]
    # Arabic dossier, French title: the heading runs right to left, "الوثيقة رقم" on the right.
    head = next(ln for ln in lines if ln.y1 - ln.y0 > 12 and "menaçante" in ln.text
                and is_arabic(ln.text))
    latin_end = max(w.x1 for w in head.words if not is_arabic(w.text))
    arabic = [w for w in head.words if is_arabic(w.text)]
    assert min(w.x0 for w in arabic) > latin_end, head.text
    # A date in a cell is digits only: it stays left to right, day before time.
    stamps = 0
    for ln in lines:
        days = [w for w in ln.words if re.fullmatch(r"\d{4}-\d{2}-\d{2}", w.text)]
        times = [w for w in ln.words if re.fullmatch(r"\d{2}:\d{2}", w.text)]
        if len(days) == 1 and len(times) == 1 and not is_arabic(ln.text):
            stamps += 1
            assert days[0].x0 < times[0].x0, ln.text
    assert stamps


def test_arabic_odt_bordereau_runs_right_to_left(filled: tuple[Vault, dict[str, int]],
                                                 tmp_path: Path) -> None:
    vault, _ids = filled
    odf = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
           "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}

    def modes(lang: str) -> list[str]:
        result = render(vault, tmp_path / f"lawyer-{lang}.pdf", "lawyer", lang)
        odt = next(p for p in result.extra_files if p.suffix == ".odt")
        with zipfile.ZipFile(odt) as z:
            root = ET.fromstring(z.read("content.xml"))
        styles = {s.get(f"{{{odf['style']}}}name"): s
                  for s in root.iter(f"{{{odf['style']}}}style")}
        found = []
        for p in root.iter(f"{{{odf['text']}}}p"):
            style = styles.get(p.get(f"{{{odf['text']}}}style-name"))
            props = style.find("style:paragraph-properties", odf) if style is not None else None
            found.append(props.get(f"{{{odf['style']}}}writing-mode", "") if props is not None
                         else "")
        return found

    arabic = modes("ar")
    assert arabic and set(arabic) == {"rl-tb"}
    assert "rl-tb" not in modes("fr")


# -- Headings never end a page ---------------------------------------------------------------------
H3_KEYS = ("custody", "derived", "conversation", "verbatim", "ocr", "description", "notes",
           "narrative", "witnesses", "prejudice", "identity", "pieces_list", "relationship",
           "civil_party")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    from evidencekit.dossier.demo import PASSPHRASE, build_demo

    root = tmp_path_factory.mktemp("demo")
    build_demo(root)
    vault = Vault.open(root / "vault", PASSPHRASE)
    yield vault
    vault.close()


def _words(text: str) -> list[str]:
    """Words compared without order: pdftotext gives Arabic words in visual order, each
    reversed, between bidi marks."""
    text = re.sub("[\u202a-\u202e\u200e\u200f]", "", text)
    return sorted(w[::-1] if is_arabic(w) else w for w in text.split())


@pytest.mark.parametrize(("recipient", "lang"), [("police", "fr"), ("lawyer", "fr"),
                                                 ("police", "ar"), ("lawyer", "ar")])
def test_no_heading_is_the_last_line_of_a_page(demo: Vault, tmp_path: Path, recipient: str,
                                               lang: str) -> None:
    from evidencekit.dossier.demo import CASE as DEMO_CASE
    from evidencekit.dossier.headings import TEXTS

    out = tmp_path / f"{recipient}.pdf"
    render_dossier(demo, DossierRequest(recipient, lang, case=DEMO_CASE), out)
    keys = (*H3_KEYS, "chronology", "authors", "qualifications", "prejudice", "witnesses",
            "steps", "inventory", "exhibits", "annex", "synthesis", "prescription", "constat",
            "bordereau")
    index = {"fr": 1, "ar": 2}[lang]
    headings = [_words(TEXTS[k][index]) for k in keys if k in TEXTS]
    piece = TEXTS["piece"][index].split()[0]  # "Pièce", "الوثيقة"
    checked = 0
    # Page 1 is the cover: its contents list names every heading, with page numbers.
    for number, page in enumerate(pages(out)[1:], 2):
        body = body_lines(page)
        if not body:
            continue
        last = _words(body[-1].text)
        checked += 1
        assert last not in headings, f"page {number} ends with the heading {body[-1].text!r}"
        assert not (piece in last and "—" in last), \
            f"page {number} ends with {body[-1].text!r}"
    assert checked > 5


# -- Pure helpers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expected"), [
    ("Screenshot_20260312-214501_Instagram.png",
     "capture d'écran Android, application Instagram (d'après le nom du fichier)"),
    ("Screenshot_20260312-214501_com.whatsapp.png",
     "capture d'écran Android, application WhatsApp (d'après le nom du fichier)"),
    ("Screenshot_20260312-214501.png", "capture d'écran Android (d'après le nom du fichier)"),
    ("Capture d’écran 2026-03-12 à 21.45.01.png",
     "capture d'écran macOS (d'après le nom du fichier)"),
    ("Capture d'écran 2026-03-12 214501.png",
     "outil Capture d'écran de Windows (d'après le nom du fichier)"),
    ("PXL_20260312_214501123.jpg", "appareil photo d'un téléphone (d'après le nom du fichier)"),
    ("Screen_Recording_20260312-214501_TikTok.mp4",
     "enregistrement d'écran Android, application TikTok (d'après le nom du fichier)"),
    ("menace.png", ""),
])
def test_screenshot_tools_are_read_from_their_file_names(name: str, expected: str) -> None:
    from evidencekit.dossier.capture_method import _from_name

    assert _from_name(name, "fr") == expected


@pytest.mark.parametrize(("url", "target"), [
    ("https://example.org/a(b)&c=d", "https://example.org/a(b)&c=d"),
    ("https://exemple.ma/مقال?x=1", "https://exemple.ma/%D9%85%D9%82%D8%A7%D9%84?x=1"),
    ("javascript:alert(1)", None), ("file:///etc/passwd", None), ("https://a b.org/", None),
    ("https://", None), ("www.example.org", None),
])
def test_only_web_addresses_become_links(url: str, target: str | None) -> None:
    from evidencekit.dossier.links import link_target

    assert link_target(url) == target


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_message_kinds_are_words_not_codes(demo: Vault, tmp_path: Path, lang: str) -> None:
    from evidencekit.dossier.demo import CASE as DEMO_CASE

    out = tmp_path / "police.pdf"
    render_dossier(demo, DossierRequest("police", lang, case=DEMO_CASE), out)
    text = text_of(out)
    assert "media_omitted" not in text
    assert not re.search(r"· (system|deleted)\b", text)
    if lang == "fr":
        assert "média absent de l'export" in text and "supprimé par l'expéditeur" in text


def test_child_abuse_address_is_text_never_a_link(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "vault", PASS, kdf=TEST_PARAMS)
    url = "https://bad.example/forbidden/123"
    with vault, vault.transaction() as tx:
        add_url(tx, CASE, Annotations(url=url, title="Contenu pédocriminel signalé",
                                      category="child_sexual_abuse", platform="bad.example",
                                      description="Décrit sans être ouvert"))
    with Vault.open(tmp_path / "vault", PASS) as vault:
        for recipient in ("pharos", "police"):
            result = render(vault, tmp_path / f"{recipient}.pdf", recipient)
            assert url not in link_uris(result.pdf_path)
            assert url in squash(text_of(result.pdf_path))
        assert url in (tmp_path / "pharos-fiches.txt").read_text("utf-8").splitlines()


def test_police_dossier_addresses_are_links(demo: Vault, tmp_path: Path) -> None:
    from evidencekit.dossier.demo import CASE as DEMO_CASE

    out = tmp_path / "police.pdf"
    render_dossier(demo, DossierRequest("police", "fr", case=DEMO_CASE), out)
    uris = set(link_uris(out))
    # The exhibit's address, the author's profile (from the victim's information) and the
    # profile recorded on the exhibit.
    assert {"https://www.instagram.com/p/DEMO-Cx7kR77/",
            "https://www.instagram.com/k.r_77/"} <= uris


def test_arabic_pharos_fiche_names_the_french_form_fields(filled: tuple[Vault, dict[str, int]],
                                                           tmp_path: Path) -> None:
    vault, _ids = filled
    result = render(vault, tmp_path / "pharos-ar.pdf", "pharos", "ar")
    copy = result.extra_files[0].read_text("utf-8").splitlines()
    assert "الرابط / Adresse URL:" in copy
    assert LONG_URL in copy
    text = squash(text_of(result.pdf_path))
    for label in ("Catégorie (liste Pharos)", "Adresse URL", "Description courte et factuelle"):
        assert squash(label) in text


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """Journal entries one line longer each time: some heading is bound to reach a page's foot."""
    root = tmp_path_factory.mktemp("many")
    vault, _ = Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)
    sentence = "Il m'a encore écrit ce soir et je n'ose plus sortir seule de chez moi. "
    with vault.transaction() as tx:
        for n in range(1, 25):
            add_journal_entry(tx, CASE, sentence * (n * 2), title=f"Récit {n}",
                              occurred_at=f"2026-03-{n:02d}T20:00:00+01:00")
    yield vault
    vault.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_heading_ends_a_page_when_entries_grow_line_by_line(many: Vault, tmp_path: Path,
                                                              lang: str) -> None:
    from evidencekit.dossier.headings import TEXTS

    out = tmp_path / "police.pdf"
    render_dossier(many, DossierRequest("police", lang, case=CASE), out)
    index = {"fr": 1, "ar": 2}[lang]
    headings = [_words(TEXTS[k][index]) for k in H3_KEYS if k in TEXTS]
    piece = TEXTS["piece"][index].split()[0]
    laid = pages(out)
    assert len(laid) > 10
    for number, page in enumerate(laid[1:], 2):
        body = body_lines(page)
        if body:
            last = _words(body[-1].text)
            assert last not in headings, f"page {number} ends with {body[-1].text!r}"
            assert not (piece in last and "—" in last), f"page {number} ends with a piece"
