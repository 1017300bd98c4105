"""A captured page in the dossier: presented as stronger than a screenshot, its facts read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

from evidencekit.capture.session import WebCapture
from evidencekit.capture.store import store_capture
from evidencekit.core.intake import import_file
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from tests.capture.site import PUBLISHED


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def squash(text: str) -> str:
    return "".join(text.split())


def test_police_dossier_says_why_and_shows_the_facts(vault: Vault, captured: WebCapture,
                                                      tmp_path: Path) -> None:
    stored = store_capture(vault, captured, "Web")
    out = tmp_path / "police.pdf"
    render_dossier(vault, DossierRequest("police", "en", case="Web"), out)
    text = squash(pdf_text(out))
    assert squash("stronger than a screenshot") in text
    assert squash(captured.final_url) in text and "127.0.0.1" in text
    assert squash(stored.manifest_sha256) in text
    leaf = captured.server["chain"][0]
    assert leaf["sha256"] in text and "CN=localhost" in text
    assert squash("verified against the trust store") in text
    assert squash("web capture with evidencekit") in text  # the capture method row


def test_pharos_fiche_uses_url_and_publication_date(vault: Vault, captured: WebCapture,
                                                    tmp_path: Path) -> None:
    store_capture(vault, captured, "Web")
    out = tmp_path / "pharos.pdf"
    render_dossier(vault, DossierRequest("pharos", "fr", case="Web"), out)
    text = squash(pdf_text(out))
    assert squash(captured.final_url) in text
    assert squash("2026-11-02 09:30 (UTC+01:00)") in text  # PUBLISHED, in Paris time
    assert PUBLISHED.startswith("2026-11-02T08:30")


def test_arabic_dossier_renders(vault: Vault, captured: WebCapture, tmp_path: Path) -> None:
    store_capture(vault, captured, "Web")
    out = tmp_path / "ar.pdf"
    render_dossier(vault, DossierRequest("lawyer", "ar", case="Web"), out)
    assert "127.0.0.1" in pdf_text(out)


def test_a_look_alike_manifest_gets_no_capture_block(vault: Vault, captured: WebCapture,
                                                     tmp_path: Path) -> None:
    """Attack: a hand-made manifest imported as a file is not presented as a capture."""
    from evidencekit.capture.store import manifest_bytes

    planted = tmp_path / "web-capture-manifest.json"
    planted.write_bytes(manifest_bytes(captured))
    import_file(vault, planted, case="Planted")
    out = tmp_path / "planted.pdf"
    render_dossier(vault, DossierRequest("police", "en", case="Planted"), out)
    assert squash("stronger than a screenshot") not in squash(pdf_text(out))


def test_french_dossier_says_it_in_words_and_local_time(vault: Vault, captured: WebCapture,
                                                        tmp_path: Path) -> None:
    """The custody line names the capture in French, not by the log's code, and the page's
    declared date is in the case's zone like every other date (not the page's raw ISO text)."""
    store_capture(vault, captured, "Web")
    out = tmp_path / "lawyer-fr.pdf"
    render_dossier(vault, DossierRequest("lawyer", "fr", case="Web", timezone="Europe/Paris"),
                   out)
    text = pdf_text(out)
    assert "web-capture »" not in text
    assert squash("page web capturée par un navigateur") in squash(text)
    assert PUBLISHED not in text
    block = squash(text).split(squash("Date de publication déclarée"))[1]
    assert block.startswith(squash("par 2026-11-02 09:30 (UTC+01:00) la page"))
    assert squash("journal de capture : CN=localhost") in squash(text)
