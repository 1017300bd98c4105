"""Reading test: harassment by a former partner in France, over WhatsApp and Instagram, read as
the police officer and the lawyer would: 222-33-2-1 and 132-80 are there because the relationship
was recorded, and each element of each qualification points at the pieces that support it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evidencekit.core.evidence import find_case
from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.victim import Author, DossierInfo, save_info
from tests.dossier.reading import layout, plain
from tests.dossier.test_dossier_helpers import screenshot

CASE = "Affaire Lucas"
CHAT = """02/03/2026, 22:01 - Lucas: Tu crois que tu peux me quitter comme ça ?
02/03/2026, 22:03 - Lucas: Réponds.
02/03/2026, 22:30 - Lucas: Je vais dire à tout le monde qui tu es vraiment
03/03/2026, 07:12 - Moi: Laisse-moi tranquille.
03/03/2026, 23:40 - Lucas: Tu ne dormiras plus tranquille
"""


def _build(root: Path, relation: str) -> tuple[Vault, list[int]]:
    vault, _ = Vault.create(root / "vault", "pass phrase for tests", kdf=TEST_PARAMS)
    export = root / "WhatsApp Chat with Lucas.txt"
    export.write_text(CHAT, encoding="utf-8")
    from evidencekit.importers.batch import ImportOptions, import_paths

    chat = import_paths(vault, [export], ImportOptions(
        case=CASE, annotations=Annotations(platform="WhatsApp", category="harassment"),
        timezone="Europe/Paris", date_order="dmy"))[0]
    post = import_file(vault, screenshot(root / "story.png"), case=CASE, annotations=Annotations(
        title="Story Instagram humiliante", platform="Instagram",
        url="https://www.instagram.com/stories/lucas.d/3141", author="lucas.d",
        published_at="2026-03-04T20:00:00+01:00", category="harassment"))
    with vault.transaction() as tx:
        case_id = find_case(tx, CASE)
    save_info(vault, case_id, DossierInfo(
        full_name="Camille Roux", city="Lyon", prejudice="Arrêt de travail de 10 jours",
        authors=(Author(name="Lucas D.", pseudonyms="lucas.d, Lucas", relation=relation,
                        relationship="mon ex-compagnon"),)))
    assert chat.item_id is not None and post.item_id is not None
    return vault, [chat.item_id, post.item_id]


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fr")
    vault, _ids = _build(root, "ex_partner")
    out = {}
    with vault:
        for recipient in ("police", "lawyer"):
            path = root / f"{recipient}.pdf"
            render_dossier(vault, DossierRequest(recipient, "fr", case=CASE), path)
            out[recipient] = path
    return out


@pytest.mark.parametrize("recipient", ["police", "lawyer"])
def test_former_partner_brings_222_33_2_1_and_132_80(partner: dict[str, Path],
                                                     recipient: str) -> None:
    text = " ".join(plain(partner[recipient]).split())
    assert "C. pén. art. 222-33-2-1" in text
    assert "Harcèlement par le conjoint, concubin ou partenaire de PACS, actuel ou ancien" in text
    assert "C. pén. art. 132-80" in text
    assert "C. pén. art. 222-33-2-2" in text  # the online aggravation stays beside it
    assert "lien déclaré : ex-conjoint, ex-concubin ou ex-partenaire (auteur présumé)" in text


@pytest.mark.parametrize("recipient", ["police", "lawyer"])
def test_each_element_points_at_its_pieces(partner: dict[str, Path], recipient: str) -> None:
    text = layout(partner[recipient])
    assert "Éléments constitutifs et pièces qui les étayent" in text
    start = text.rindex("Éléments constitutifs et pièces qui les étayent")  # not the contents
    table = text[start:start + 6000].splitlines()
    header = next(ln for ln in table if "Qualification" in ln)
    assert "Élément" in header and "Pièces n° / source" in header
    repeated = [ln for ln in table if ln.lstrip().startswith("C. pén. art. 222-33-2-1")
                or "propos ou comportements répétés" in ln]
    # The chat and the story: pieces 1 and 2, counted; 4 of the chat's 5 messages are Lucas's.
    assert any(re.search(r"\b1, 2 — 2 pièces ; 4 messages de", ln) for ln in repeated), repeated
    assert any("voir « Préjudice »" in ln for ln in table)
    assert any("en ligne" in ln and re.search(r"\b1, 2\s*$", ln) for ln in table)


def test_no_partner_offence_without_the_relationship(tmp_path: Path) -> None:
    vault, _ids = _build(tmp_path, "acquaintance")
    with vault:
        out = tmp_path / "police.pdf"
        render_dossier(vault, DossierRequest("police", "fr", case=CASE), out)
    text = " ".join(plain(out).split())
    assert "222-33-2-1" not in text and "132-80" not in text
    assert "C. pén. art. 222-33-2-2" in text
    assert "Lien avec la victime mon ex-compagnon" in text
    assert "Lien avec la victime — Lucas D. : connaissance" in text


def test_relation_is_checked_and_kept(tmp_path: Path) -> None:
    from evidencekit.core.errors import UsageError
    from evidencekit.dossier.victim import load_info

    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS)
    with vault:
        with vault.transaction() as tx:
            tx.execute("INSERT INTO cases (name, created_at) VALUES ('A', '2026-01-01')")
            case_id = find_case(tx, "A")
        with pytest.raises(UsageError):
            save_info(vault, case_id, DossierInfo(authors=(Author(relation="boyfriend"),)))
        save_info(vault, case_id, DossierInfo(authors=(Author(relation="partner"),)))
        info = load_info(vault.conn, case_id)
        assert info.partner and info.authors[0].relation == "partner"
        # A case saved before the field existed reads as "not recorded".
        old = json.dumps({"authors": [{"name": "X", "relationship": "ex"}]})
        vault.conn.execute("UPDATE dossier_info SET data = ? WHERE case_id = ?", (old, case_id))
        assert load_info(vault.conn, case_id).authors[0].relation == ""
