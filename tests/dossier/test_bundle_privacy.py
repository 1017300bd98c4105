"""What a bundle carries by default (no GPS, no private note or description) and when ticked.

Before, manifest.json copied every exhibit's facts and annotations: the photo's GPS position
and the victim's private notes travelled with every bundle.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.core.evidence import annotate, ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.bundle_options import BundleOptions
from evidencekit.dossier.request import DossierRequest
from tests.dossier.test_bundle import CASE, PASS, renderer

NOTE = "NOTE-MARKER-5521 mon adresse est 3 rue des Lilas"
DESCRIPTION = "DESC-MARKER-8830"
LATITUDE = "48.858222"  # 48° 51' 29.6" N, as the manifest would print it
LONGITUDE = "2.2945"


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.6), 3: "E", 4: (2.0, 17.0, 40.2)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    v, _ = Vault.create(tmp_path / "vault", PASS, kdf=TEST_PARAMS)
    with v.transaction() as tx:
        case_id = ensure_case(tx, CASE)
        stored = store_stream(tx, io.BytesIO(gps_jpeg()), SourceFacts("photo.jpg", "(t)", None),
                              case_id=case_id, annotations=Annotations(
                                  title="Photo devant chez moi", description=DESCRIPTION))
        annotate(tx, stored.item_id, notes=NOTE)  # logged in custody as an "annotated" entry
    return v


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_default_bundle_holds_no_gps_note_or_description(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer())
    assert result.report.ok
    assert result.gps_items == 1  # the warning is shown again at export
    files = members(out)
    for name, data in files.items():
        for marker in (NOTE.encode(), b"NOTE-MARKER", LATITUDE.encode(),
                       LONGITUDE.encode() + b",", b'"gps"'):
            assert marker not in data, (name, marker)
    assert DESCRIPTION.encode() not in files["manifest.json"]
    assert DESCRIPTION.encode() not in files["custody.jsonl"]
    assert "NOTE-MARKER" not in pdf_text(files["dossier.pdf"], tmp_path)
    manifest = json.loads(files["manifest.json"])
    assert manifest["exhibits"][0]["annotations"]["notes"] == ""
    # The custody entry that recorded the note is reduced to its hashes; the chain still holds.
    assert any(json.loads(line).get("withheld") for line in files["custody.jsonl"].splitlines())


def test_ticked_gps_and_notes_are_included(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "with.zip"
    result = export_bundle(vault, DossierRequest("police", case=CASE), out, renderer=renderer(),
                           options=BundleOptions(include_gps=True, include_notes=True))
    assert result.report.ok
    manifest = json.loads(members(out)["manifest.json"])
    exhibit = manifest["exhibits"][0]
    assert exhibit["facts"]["gps"] == {"latitude": float(LATITUDE), "longitude": float(LONGITUDE)}
    assert exhibit["annotations"]["notes"] == NOTE
    assert exhibit["annotations"]["description"] == DESCRIPTION
    assert NOTE in pdf_text(members(out)["dossier.pdf"], tmp_path).replace("\n", " ")


def test_cli_flags_and_gps_warning(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(gps_jpeg())
    assert cli("init").code == 0
    assert cli("import", str(photo)).code == 0
    plain = cli("export", "bundle", "--out", str(tmp_path / "p.zip"))
    assert plain.code == 0, plain.err
    assert "1 photo(s) hold a GPS position" in plain.err
    assert LATITUDE.encode() not in zipfile.ZipFile(tmp_path / "p.zip").read("manifest.json")
    ticked = cli("export", "bundle", "--include-gps", "--out", str(tmp_path / "g.zip"))
    assert ticked.code == 0, ticked.err
    assert "holds the GPS positions of 1 photo(s)" in ticked.err
    assert LATITUDE.encode() in zipfile.ZipFile(tmp_path / "g.zip").read("manifest.json")
