"""Reading test: a Moroccan sextortion case in darija, read as the procureur du Roi, EMC and
e-Blagh would read their dossiers.

The case is built through the command line as a user would: a WhatsApp export with darija
messages (Arabic letters and arabizi), translations typed with `annotate --message`, the chat's
category, and the presumed author recorded as the victim's former partner.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evidencekit.core.evidence import find_case
from evidencekit.core.vault import Vault
from evidencekit.dossier.victim import DossierInfo, save_info
from tests.conftest import PASSPHRASE
from tests.dossier.reading import find, layout, plain, words

CASE = "Affaire Salma"
CHAT = """12/03/2026, 21:05 - Yassine_22: غادي نوري الصور لخوك
12/03/2026, 21:06 - Salma: عافاك حبس، ماشي مزيان هادشي
12/03/2026, 21:10 - Yassine_22: صيفطي ليا 5000 درهم ولا نلوحهم ف فيسبوك
13/03/2026, 09:00 - Yassine_22: 3titek 24 sa3a, ila ma sifti walo kolchi ghadi ychofhom
13/03/2026, 09:02 - Salma: Arrête s'il te plaît, je vais porter plainte
"""
TRANSLATIONS = {
    0: "Je vais montrer les photos à ton frère",
    2: "Envoie-moi 5000 dirhams ou je les publie sur Facebook",
    3: "Je t'ai donné 24 heures, si tu n'envoies rien tout le monde va les voir",
}
# Words of the French code a Moroccan dossier must never carry.
FRENCH_CODE = re.compile(r"C\. pén\.|\b222-\d|\b226-\d|\b312-10\b|\b132-80\b|procureur de la "
                         r"République|loi du 29 juillet 1881|227-23")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("ma")
    vault_dir, secret = root / "vault", root / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    export = root / "WhatsApp Chat with Yassine.txt"
    export.write_text(CHAT, encoding="utf-8")
    cli = _cli(vault_dir, secret)
    assert cli("init", "--no-recovery-key")["code"] == 0
    made = cli("import", str(export), "--case", CASE, "--platform", "WhatsApp",
               "--timezone", "Africa/Casablanca", "--category", "webcam_blackmail", "--json")
    assert made["code"] == 0, made
    item_id = json.loads(made["out"])["imported"][0]["id"]
    listed = json.loads(cli("messages", "--item", str(item_id), "--json")["out"])["messages"]
    ids = [m["id"] for m in listed]
    for index, text in TRANSLATIONS.items():
        done = cli("annotate", "--message", str(ids[index]), "--translation", text)
        assert done["code"] == 0, done
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        save_info(vault, find_case(vault.conn, CASE), DossierInfo(
            full_name="Salma El Amrani", city="Casablanca",
            narrative="Depuis notre séparation, il menace d'envoyer mes photos à ma famille."))
    done = cli("author", "--case", CASE, "--name", "Yassine B.", "--pseudonyms", "Yassine_22",
               "--relation", "ex_partner", "--json")
    assert done["code"] == 0, done
    assert json.loads(done["out"])["authors"][0]["relation"] == "ex_partner"
    chosen = ",".join(str(ids[i]) for i in TRANSLATIONS)
    pdfs: dict[str, Path] = {}
    for recipient, lang in (("ma-police", "ar"), ("ma-police", "fr"), ("emc", "fr"),
                            ("eblagh", "fr"), ("eblagh", "ar"), ("police", "fr")):
        out = root / f"{recipient}-{lang}.pdf"
        done = cli("export", "dossier", "--recipient", recipient, "--lang", lang, "--case", CASE,
                   "--messages", chosen, "--out", str(out))
        assert done["code"] == 0, done
        pdfs[f"{recipient}-{lang}"] = out
    return {"pdfs": pdfs, "ids": ids}


def _cli(vault_dir: Path, secret: Path) -> Callable[..., dict[str, Any]]:
    import os
    import subprocess
    import sys

    def run(*args: str) -> dict[str, Any]:
        proc = subprocess.run([sys.executable, "-m", "evidencekit", "--vault", str(vault_dir),
                               "--passphrase-file", str(secret), *args], capture_output=True,
                              text=True, env=dict(os.environ), timeout=300, check=False)
        return {"code": proc.returncode, "out": proc.stdout, "err": proc.stderr}

    return run


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_moroccan_complaint_is_addressed_to_the_procureur_du_roi(case: dict[str, Any],
                                                                  lang: str) -> None:
    text = " ".join(plain(case["pdfs"][f"ma-police-{lang}"]).split())
    assert "وكيل الملك" in text
    assert "Procureur du Roi" in text
    # Two columns side by side: the French line may be read around the Arabic one's end.
    assert "لدى المحكمة" in text
    assert "près le Tribunal" in text and "de première instance de" in text
    assert "وكيل الجمهورية" not in text
    assert not FRENCH_CODE.search(text), FRENCH_CODE.search(text)
    for ref in ("CP art. 447-1", "CP art. 447-3", "CP art. 538", "CP art. 425 à 429",
                "Loi n° 103-13", "CPP art. 286"):
        assert ref in text, ref
    # References that could not be checked say so, in the dossier's language.
    assert ("référence à vérifier" if lang == "fr" else "مرجع يتعين التحقق منه") in text
    # The former partner is recorded: 447-3's aggravation is matched to that declaration.
    assert ("lien déclaré : ex-conjoint" if lang == "fr" else "شريك سابق") in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_arabic_first_french_beside_in_the_letter(case: dict[str, Any], lang: str) -> None:
    found = words(case["pdfs"][f"ma-police-{lang}"])
    salute_fr = [w for w in find(found, "Monsieur") if w.page == 2]
    salute_ar = [w for w in find(found, "المحترم") if w.page == 2]
    assert salute_fr and salute_ar
    # Arabic in the right-hand column, French in the left, on the same lines.
    assert min(w.x0 for w in salute_ar) > 297 > max(w.x1 for w in salute_fr)
    assert any(abs(a.y0 - b.y0) < 3 for a in salute_ar for b in salute_fr)


@pytest.mark.parametrize("key", ["ma-police-ar", "ma-police-fr", "police-fr"])
def test_translation_beside_each_darija_message(case: dict[str, Any], key: str) -> None:
    pdf = case["pdfs"][key]
    text = plain(pdf)
    label = "أنجزتها الضحية" if key.endswith("ar") else \
        "Traduction non assermentée, faite par la victime"
    assert label in text
    found = words(pdf)
    for original, translation in (("لخوك", "frère"), ("فيسبوك", "Facebook"),
                                  ("3titek", "heures,")):
        left = find(found, original)
        right = find(found, translation)
        assert left and right, (original, translation)
        # Beside: on the same page, level with each other, in the other column.
        assert any(a.page == b.page and abs(a.y0 - b.y0) < 14 and (a.x0 > b.x1 or b.x0 > a.x1)
                   for a in left for b in right), (original, translation)


def test_french_officer_sees_which_pieces_lack_a_translation(case: dict[str, Any]) -> None:
    text = " ".join(plain(case["pdfs"]["police-fr"]).split())
    assert "Pièces encore sans traduction : 1." in text  # the chat: Salma's darija reply
    # Piece 1, the whole chat: 4 texts need a translation (Arabic letters or arabizi; the
    # French one does not), 3 have one, 1 still lacks one.
    assert any(re.fullmatch(r"\s*1\s+4\s+3\s+1\s*", ln)
               for ln in layout(case["pdfs"]["police-fr"]).splitlines())
    assert "La juridiction peut exiger une traduction par un traducteur-interprète assermenté" \
        in text
    assert "Les juridictions marocaines peuvent exiger une traduction en arabe" in " ".join(
        plain(case["pdfs"]["ma-police-fr"]).split())


def test_eblagh_gets_its_own_fiche_not_emcs(case: dict[str, Any]) -> None:
    emc = " ".join(plain(case["pdfs"]["emc-fr"]).split())
    eblagh = " ".join(plain(case["pdfs"]["eblagh-fr"]).split())
    assert "retrait / conseil / soutien" in emc
    assert "retrait / conseil / soutien" not in eblagh
    assert "Type d'infraction (e-Blagh)" in eblagh and "chantage sexuel" in eblagh
    assert "Vous signalez en tant que" in eblagh
    assert "signalement à la sûreté nationale pour enquête" in eblagh
    assert "Je vais montrer les photos à ton frère" in eblagh  # the translation, in the fiche
    ar = plain(case["pdfs"]["eblagh-ar"])
    assert "نوع الجريمة" in ar and "e-Blagh" in ar
    for pdf in ("emc-fr", "eblagh-fr", "eblagh-ar"):
        assert not FRENCH_CODE.search(plain(case["pdfs"][pdf])), pdf


def test_elements_table_of_the_moroccan_case(case: dict[str, Any]) -> None:
    lines = layout(case["pdfs"]["ma-police-fr"]).splitlines()
    row = next(ln for ln in lines if "menace de révéler des faits ou des images" in ln)
    assert re.search(r"\b1, 2, 3, 4\b", row), row


def test_no_french_law_in_any_moroccan_dossier(tmp_path: Path) -> None:
    """Every category (child sexual abuse included), every language: Moroccan law only."""
    from evidencekit.core.categories import CATEGORIES
    from evidencekit.core.evidence import add_url
    from evidencekit.core.kdf import TEST_PARAMS
    from evidencekit.core.model import Annotations
    from evidencekit.dossier.render import render_dossier
    from evidencekit.dossier.request import MOROCCAN, DossierRequest
    from tests.dossier.test_dossier_helpers import CASE as OTHER
    from tests.dossier.test_dossier_helpers import populate

    vault, _ = Vault.create(tmp_path / "v", "pass phrase for tests", kdf=TEST_PARAMS)
    with vault:
        populate(vault, tmp_path)
        with vault.transaction() as tx:
            for n, category in enumerate(CATEGORIES):
                add_url(tx, OTHER, Annotations(url=f"https://example.org/{n}", title=category,
                                               category=category, description="contenu"))
        for recipient in sorted(MOROCCAN):
            for lang in ("fr", "en", "ar"):
                out = tmp_path / f"{recipient}-{lang}.pdf"
                render_dossier(vault, DossierRequest(recipient, lang, case=OTHER), out)
                text = plain(out)
                assert not FRENCH_CODE.search(text), (recipient, lang, FRENCH_CODE.search(text))
                assert "وكيل الجمهورية" not in text, (recipient, lang)
