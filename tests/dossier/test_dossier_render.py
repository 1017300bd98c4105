"""Real dossiers from a real vault, read back with pypdf: content, numbering, blur, files, log."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader

from evidencekit.core.errors import Cancelled, UsageError
from evidencekit.core.evidence import add_url, get_item
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.headings import t
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import RECIPIENTS, DossierRequest, DossierResult
from tests.dossier.test_dossier_helpers import (
    ARABIC,
    CASE,
    NASTY,
    OCR_TEXT,
    checkerboard,
    populate,
    screenshot,
)

PASS = "pass phrase for tests"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, dict[str, int]]]:
    root = tmp_path_factory.mktemp("dossier")
    vault, _ = Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)
    ids = populate(vault, root)
    yield vault, ids
    vault.close()


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return "".join(text.split())


def render(vault: Vault, ids: dict[str, int], out: Path, recipient: str, lang: str,
           **kw: object) -> DossierResult:
    request = DossierRequest(recipient, lang, case=CASE, message_ids=(ids["msg2"],), **kw)  # type: ignore[arg-type]
    return render_dossier(vault, request, out)


REQUIRED = {
    "pharos": ["pharos_gate", "pharos_fiches", "inventory", "annex"],
    "police": ["letter", "chronology", "authors", "qualifications", "prejudice", "witnesses",
               "steps", "inventory", "exhibits", "annex"],
    "lawyer": ["synthesis", "chronology", "qualifications", "prescription", "constat",
               "bordereau", "exhibits", "annex"],
    "emc": ["emc_fiche", "offences_ma", "inventory", "exhibits", "annex"],
    "eblagh": ["eblagh_fiche", "offences_ma", "inventory", "exhibits", "annex"],
}


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
@pytest.mark.parametrize("recipient", RECIPIENTS)
def test_every_recipient_and_language(filled: tuple[Vault, dict[str, int]], tmp_path: Path,
                                      recipient: str, lang: str) -> None:
    vault, ids = filled
    out = tmp_path / f"{recipient}-{lang}.pdf"
    result = render(vault, ids, out, recipient, lang)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) > 1
    text = text_of(out)
    flat = squash(text)
    for ref in result.exhibits:
        if ref.sha256:
            assert ref.sha256 in flat, (ref.number, recipient, lang)
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    # Every required section is in the outline, in the dossier's language (Arabic first for the
    # Moroccan bodies); Latin-script titles are also checked in the extracted text.
    for key in REQUIRED[recipient]:
        wanted = t(key, "ar") if recipient in ("emc", "eblagh") or lang == "ar" else t(key, lang)
        assert any(title.startswith(wanted) or title == wanted for title in outline), key
        if lang != "ar" and recipient not in ("emc", "eblagh"):
            assert squash(t(key, lang)) in flat, key
    assert f"1 / {result.pages}" in text
    meta = reader.metadata
    assert meta is not None
    assert meta.subject == recipient
    assert CASE in (meta.title or "")
    assert "evidencekit" in (meta.creator or "")
    if lang == "fr":
        assert "Pièce n° 1" in text
    if recipient != "pharos":
        # Untrusted strings arrive literally: markup is text, emoji are glyphs.
        assert '<img src="/etc/passwd">' in text
        assert "Tu vas le regretter 🔪 & <b>vite</b>" in text
        assert OCR_TEXT in text
    assert "https://instagram.com/p/abc?x=1&y=2" in text


def test_cover_and_page_numbers(filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, ids, tmp_path / "p.pdf", "police", "fr")
    pages = [p.extract_text() or "" for p in PdfReader(result.pdf_path).pages]
    assert "Élodie Martin" in pages[0]
    assert "pas un avis juridique" in pages[0]
    assert "Sommaire" in pages[0]
    for n, page in enumerate(pages, 1):
        assert f"{n} / {len(pages)}" in page
    assert "Plainte contre X" not in "\n".join(pages)  # an author is named
    assert "contre Karim B." in "\n".join(pages)


def test_numbering_is_stable_across_exports(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", PASS, kdf=TEST_PARAMS)
    with vault:
        ids = populate(vault, tmp_path)
        first = render(vault, ids, tmp_path / "a.pdf", "police", "fr")
        before = {(r.item_id, r.message_id): r.number for r in first.exhibits}
        assert sorted(before.values()) == list(range(1, len(before) + 1))
        new = import_file(vault, screenshot(tmp_path / "new.png", "Nouveau"), case=CASE)
        assert new.item_id is not None
        second = render(vault, ids, tmp_path / "b.pdf", "police", "fr")
        after = {(r.item_id, r.message_id): r.number for r in second.exhibits}
        assert {k: after[k] for k in before} == before
        assert after[(new.item_id, None)] == max(before.values()) + 1
        assert f"Pièce n° {len(before) + 1}" in text_of(tmp_path / "b.pdf")
        # A selection keeps each piece's own number; nothing is renumbered.
        third = render_dossier(vault, DossierRequest("lawyer", "fr", case=CASE,
                                                     item_ids=(new.item_id, ids["shot"])),
                               tmp_path / "c.pdf")
        assert [(r.item_id, r.number) for r in third.exhibits] == [
            (ids["shot"], before[(ids["shot"], None)]), (new.item_id, len(before) + 1)]
        actions = [e.action for e in vault.custody.entries()]
        assert actions.count("exhibit-numbered") == len(before) + 1
        assert vault.custody.verify_chain() == []


def _pdf_images(path: Path) -> list[Image.Image]:
    found: list[Image.Image] = []
    for page in PdfReader(path).pages:
        for img in page.images:
            found.append(Image.open(io.BytesIO(img.data)).convert("RGB"))
    return found


def _edges(img: Image.Image) -> float:
    """Mean edge strength inside the picture (the filter's own border effect left out)."""
    edges = img.convert("L").filter(ImageFilter.FIND_EDGES)
    inner = edges.crop((4, 4, edges.width - 4, edges.height - 4))
    return float(ImageStat.Stat(inner).mean[0])


def test_sensitive_image_is_strongly_blurred(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", PASS, kdf=TEST_PARAMS)
    with vault:
        original_path = checkerboard(tmp_path / "intime.png")
        outcome = import_file(vault, original_path, case=CASE, annotations=Annotations(
            title="intime", sensitive=True, category="intimate_images"))
        plain = import_file(vault, checkerboard(tmp_path / "plain.png", cell=16), case=CASE)
        assert outcome.item_id and plain.item_id
        out = tmp_path / "d.pdf"
        render_dossier(vault, DossierRequest("police", "fr", case=CASE,
                                             item_ids=(outcome.item_id,)), out)
        images = _pdf_images(out)
        assert len(images) == 1
        shown = images[0]
        original = Image.open(original_path).convert("RGB").resize(shown.size)
        diff = ImageStat.Stat(ImageChops.difference(shown, original)).mean
        assert sum(diff) / 3 > 40  # far from the original, pixel by pixel
        assert _edges(original) > 40
        assert _edges(shown) < 3  # no edges left: nothing can be made out
        assert "floutée volontairement" in text_of(out)
        # A non-sensitive image is embedded recognisably (same test, other image).
        out2 = tmp_path / "e.pdf"
        render_dossier(vault, DossierRequest("police", "fr", case=CASE,
                                             item_ids=(plain.item_id,)), out2)
        clear = _pdf_images(out2)[0]
        assert _edges(clear) > 20


def test_lawyer_bordereau_files(filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, ids, tmp_path / "avocat.pdf", "lawyer", "fr")
    csv_path, odt_path = result.extra_files
    assert csv_path.name == "avocat-bordereau.csv"
    rows = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Pièce n°"
    assert [int(r[0]) for r in rows[1:]] == [r.number for r in result.exhibits]
    first = rows[1]
    assert first[1] == NASTY
    assert first[2] == "12/11/2026 (publication)"  # the date says what it is
    assert first[4] == "capture"
    assert first[5] == get_item(vault.conn, ids["shot"]).original.sha256  # type: ignore[union-attr]
    with zipfile.ZipFile(odt_path) as odt:
        assert odt.namelist()[0] == "mimetype"
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = odt.read("content.xml").decode()
    assert "Pièce n° 1 — &lt;img src=\"/etc/passwd\"&gt; &amp; Élodie 🔪 — 12/11/2026 (publication) — capture" \
        in content
    assert "Juridiction" in content
    text = text_of(result.pdf_path)
    assert "Échéance la plus proche : 12/02/2027 (pièce n° 1)" in text
    assert "Bordereau de pièces communiquées" in text


def test_export_is_logged_with_the_pdf_hash(filled: tuple[Vault, dict[str, int]],
                                            tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, ids, tmp_path / "x.pdf", "emc", "ar")
    entry = [e for e in vault.custody.entries() if e.action == "exported"][-1]
    assert entry.detail["sha256"] == hashlib.sha256(result.pdf_path.read_bytes()).hexdigest()
    assert entry.detail["recipient"] == "emc"
    assert entry.detail["lang"] == "ar"
    assert [n for n, *_ in entry.detail["exhibits"]] == [r.number for r in result.exhibits]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_cancel_leaves_no_file(filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> None:
    vault, _ = filled
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "never.pdf"
    with pytest.raises(Cancelled):
        render_dossier(vault, DossierRequest("police", "fr", case=CASE), out, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_bad_requests_are_usage_errors(filled: tuple[Vault, dict[str, int]],
                                       tmp_path: Path) -> None:
    vault, _ = filled
    with pytest.raises(UsageError):
        render_dossier(vault, DossierRequest("facebook"), tmp_path / "a.pdf")
    with pytest.raises(UsageError):
        render_dossier(vault, DossierRequest("police", lang="de"), tmp_path / "a.pdf")


def test_csam_is_url_and_description_only(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", PASS, kdf=TEST_PARAMS)
    with vault:
        with vault.transaction() as tx:
            add_url(tx, CASE, Annotations(url="https://bad.example/x", category="csam",
                                          description="Signalé, non consulté"))
        out = tmp_path / "p.pdf"
        render_dossier(vault, DossierRequest("pharos", "fr", case=CASE), out)
        text = text_of(out)
        assert "Pédophilie ou corruption de mineur — URL uniquement" in text
        assert "https://bad.example/x" in text
        assert "jamais capturé" in text
        assert _pdf_images(out) == []
        render_dossier(vault, DossierRequest("police", "fr", case=CASE), out)
        police = text_of(out)
        assert "227-23" in police
        assert "Plainte contre X." in police  # nobody named: the complaint is against X
        assert "anonyme" in police


def test_arabic_dossier_keeps_arabic_text(filled: tuple[Vault, dict[str, int]],
                                          tmp_path: Path) -> None:
    vault, ids = filled
    result = render(vault, ids, tmp_path / "ar.pdf", "eblagh", "ar")
    text = text_of(result.pdf_path)
    # Shaped Arabic extracts as presentation forms; compare after compatibility normalisation.
    import unicodedata

    norm = unicodedata.normalize("NFKC", text)
    assert all(word in norm or word[::-1] in norm for word in ARABIC.split())
    assert "+212 6 24 40 58 89" not in text  # the helpline number is EMC's, not e-Blagh's
    emc = render(vault, ids, tmp_path / "emc.pdf", "emc", "fr")
    assert "+212 6 24 40 58 89" in text_of(emc.pdf_path)
