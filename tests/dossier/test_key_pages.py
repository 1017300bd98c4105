"""The dossier shows the vault's key: cover, annex signature block, QR code, attestation page;
and the verifier's list of known keys survives a damaged file without trusting anything."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pypdf
import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import default_renderer, export_bundle
from evidencekit.dossier.key_pages import qr_payload
from evidencekit.dossier.key_trust import check_bundle
from evidencekit.dossier.known_keys import KnownKeys
from evidencekit.dossier.request import DossierRequest
from tests.dossier.test_bundle import CASE, PASS, fill


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("keypages")
    os.environ["EVIDENCEKIT_INSECURE_TEST_KDF"] = "1"
    with Vault.create(root / "vault", PASS, kdf=TEST_PARAMS)[0] as vault:
        fill(vault)
        for lang, recipient in (("fr", "police"), ("ar", "emc"), ("en", "lawyer")):
            export_bundle(vault, DossierRequest(recipient, lang=lang, case=CASE),
                          root / f"{lang}.zip")
        default_renderer()(vault, DossierRequest("police", case=CASE), root / "alone.pdf")
        key = signing.fingerprint(signing.signing_key(vault).public_key())
    return root, key


def pdf_of(bundle: Path, into: Path) -> tuple[Path, str]:
    path = into / f"{bundle.stem}.pdf"
    with zipfile.ZipFile(bundle) as archive:
        path.write_bytes(archive.read("dossier.pdf"))
        manifest = archive.read("manifest.json")
    import hashlib

    return path, hashlib.sha256(manifest).hexdigest()


def pages_text(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "")
            for page in pypdf.PdfReader(pdf).pages]


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_cover_annex_and_attestation_print_key_and_manifest(made: tuple[Path, str],
                                                            tmp_path: Path, lang: str) -> None:
    root, key = made
    pdf, manifest = pdf_of(root / f"{lang}.zip", tmp_path)
    pages = pages_text(pdf)
    assert key in pages[0] and manifest in pages[0]  # the cover
    assert key in pages[-2] + pages[-1]  # annex signature block (it may end a page early)
    assert key in pages[-1] and manifest in pages[-1]  # the attestation
    visible = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert " ".join(key[i:i + 4] for i in range(0, 32, 4)) in visible  # read aloud in fours
    keywords = pypdf.PdfReader(pdf).metadata["/Keywords"]
    assert f"signing-key-sha256:{key}" in keywords
    assert f"manifest-sha256:{manifest}" in keywords


def test_attestation_page_words(made: tuple[Path, str], tmp_path: Path) -> None:
    root, _key = made
    french = pages_text(pdf_of(root / "fr.zip", tmp_path)[0])[-1]
    assert "Jedéclarequecesfichierssontceuxquej'airecueillis" in french.replace("’", "'")
    for word in ("Nometprénom", "Lieu", "Date", "Signature"):
        assert word in french
    arabic = subprocess.run(["pdftotext", str(pdf_of(root / "ar.zip", tmp_path)[0]), "-"],
                            capture_output=True, text=True, check=True).stdout
    # pdftotext gives Arabic presentation forms; NFKC turns them back into letters.
    assert "إقرار الشخص الذي جمع" in unicodedata.normalize("NFKC", arabic)  # the heading


def test_a_dossier_outside_a_bundle_shows_the_key_but_no_attestation(
        made: tuple[Path, str]) -> None:
    root, key = made
    pages = pages_text(root / "alone.pdf")
    assert key in pages[0]
    assert not any("Attestationdelapersonne" in page for page in pages)


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_qr_code_holds_fingerprint_and_manifest_hash(made: tuple[Path, str],
                                                     tmp_path: Path) -> None:
    root, key = made
    pdf, manifest = pdf_of(root / "fr.zip", tmp_path)
    last = len(pypdf.PdfReader(pdf).pages)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", str(last), "-l", str(last), str(pdf),
                    str(tmp_path / "page")], check=True)
    page, = tmp_path.glob("page*.png")
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert decoded == qr_payload(key, manifest)
    assert key in decoded and manifest in decoded


def test_damaged_trust_list_trusts_nothing(made: tuple[Path, str], tmp_path: Path) -> None:
    root, key = made
    known = tmp_path / "known.json"
    known.write_text('{"keys": [{"fingerprint": 5}', encoding="utf-8")
    report = check_bundle(root / "fr.zip", known_keys=known)
    assert report.ok and report.key_trust is not None
    assert report.key_trust["status"] == "unknown"
    assert [k.fingerprint for k in KnownKeys(known).keys] == [key]
    assert oct(known.stat().st_mode & 0o777) == "0o600"


def test_trust_list_verdicts(tmp_path: Path) -> None:
    """judge() on reports as verify_bundle fills them: vault first, then key, then case."""
    from evidencekit.dossier.key_trust import judge
    from evidencekit.dossier.verify_bundle import BundleReport

    a, b, c = "a" * 64, "b" * 64, "c" * 64
    known = KnownKeys(tmp_path / "k.json")
    known.remember(a, "vault-V", "Affaire V", "2026-01-02T00:00:00Z", confirmed=False)
    known.remember(b, "vault-W", "Affaire W", "2026-01-03T00:00:00Z", confirmed=True)

    def report(key: str, vault: str, case: str) -> BundleReport:
        return BundleReport("x.zip", signing_key_sha256=key, vault_id=vault, case=case)

    assert judge(report(a, "vault-V", "Affaire V"), None, known).status == "known"
    # Signed by W's key, known on this computer, but claiming to be V: another signer.
    stolen = judge(report(b, "vault-V", "Affaire V"), None, known)
    assert (stolen.status, stolen.ok, stolen.previous) == ("changed", False, a)
    assert "2026-01-02" in stolen.message
    # A rescued vault: new id, same key.
    assert judge(report(b, "vault-W2", "Affaire W"), None, known).status == "known"
    assert judge(report(c, "vault-X", "Affaire W"), None, known).status == "changed"
    assert judge(report(c, "vault-X", "Autre"), None, known).status == "unknown"
    assert judge(report(c, "vault-V", "Affaire V"), c, known).status == "expected"
    assert judge(report(a, "vault-V", "Affaire V"), c, known).status == "not-expected"
    # Confirming a new key for V replaces the old one.
    known.remember(c, "vault-V", "Affaire V", "2026-02-01T00:00:00Z", confirmed=True)
    assert [k.fingerprint for k in known.for_vault("vault-V")] == [c]
