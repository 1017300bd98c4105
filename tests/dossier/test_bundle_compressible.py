"""Originals that compress very well (issue 14 item 3): a burst of identical messages.

A genuine chat with 100,000 copies of one message deflates more than a thousand-fold, which a
ratio test alone takes for a zip bomb. The bundle must still be written and verify; a hostile
bundle whose member expands beyond the size the signed manifest pins for it must be refused.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import BundleRefused, verify_bundle
from evidencekit.importers.batch import ImportOptions, import_one
from tests.conftest import PASSPHRASE
from tests.dossier.test_bundle import renderer

LINE = "[12/11/2026 21:05:01] Karim: Tu vas voir ce qui va t'arriver\n"
BURST = 100_000


def burst_chat(path: Path) -> Path:
    """A WhatsApp export of one message sent 100,000 times (about 6 MB, deflates ~1000:1)."""
    path.write_text(LINE * BURST, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def burst_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("burst")
    vault, _ = Vault.create(root / "vault", PASSPHRASE, kdf=TEST_PARAMS)
    with vault:
        chat = import_one(vault, burst_chat(root / "WhatsApp Chat with Karim.txt"),
                          ImportOptions(case="burst", timezone="Europe/Paris"))
        assert chat.status == "imported", chat.message
        out = root / "burst.zip"
        export_bundle(vault, DossierRequest("police", case="burst"), out, renderer=renderer())
    return out


def test_a_burst_of_identical_messages_exports_and_verifies(burst_bundle: Path) -> None:
    report = verify_bundle(burst_bundle)
    assert report.ok, (report.bad, report.general)
    with zipfile.ZipFile(burst_bundle) as archive:
        originals = [i for i in archive.infolist() if i.filename.startswith("originals/")]
        assert any(i.file_size >= len(LINE) * BURST for i in originals)


def _rewrite(source: Path, target: Path, grow: str, extra: int) -> None:
    """Copy the bundle with member `grow` given `extra` more bytes of zeros (deflated)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == grow:
                data += b"\0" * extra
            new.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)


def test_a_member_larger_than_its_pinned_size_is_refused(burst_bundle: Path,
                                                         tmp_path: Path) -> None:
    with zipfile.ZipFile(burst_bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    name = next(n for n in manifest["files"] if n.startswith("originals/"))
    hostile = tmp_path / "grown.zip"
    _rewrite(burst_bundle, hostile, name, 300 * 1024 * 1024)
    with pytest.raises(BundleRefused) as refused:
        verify_bundle(hostile)
    sentence = str(refused.value)
    assert name in sentence and "manifest" in sentence
    assert "\n" not in sentence


def test_an_unpinned_member_compressed_like_a_bomb_is_still_refused(burst_bundle: Path,
                                                                    tmp_path: Path) -> None:
    hostile = tmp_path / "extra.zip"
    shutil.copy(burst_bundle, hostile)
    with zipfile.ZipFile(hostile, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("zeros.bin", "w", force_zip64=True) as member:
        for _ in range(300):
            member.write(b"\0" * (1 << 20))
    with pytest.raises(BundleRefused, match="zip bomb"):
        verify_bundle(hostile)


def test_the_burst_is_stored_uncompressed_so_any_zip_tool_reads_it(burst_bundle: Path) -> None:
    with zipfile.ZipFile(burst_bundle) as archive:
        burst = max(archive.infolist(), key=lambda i: i.file_size)
        assert burst.filename.startswith("originals/")
        assert burst.compress_type == zipfile.ZIP_STORED
        small = [i for i in archive.infolist() if i.filename == "custody.jsonl"]
        assert small and small[0].compress_type == zipfile.ZIP_DEFLATED


def test_a_deflated_burst_verifies_by_its_pinned_size(burst_bundle: Path, tmp_path: Path) -> None:
    """As written by an earlier version: every member deflated, the burst ~1000:1."""
    deflated = tmp_path / "deflated.zip"
    _rewrite(burst_bundle, deflated, "", 0)
    with zipfile.ZipFile(deflated) as archive:
        burst = max(archive.infolist(), key=lambda i: i.file_size)
        assert burst.file_size > 200 * burst.compress_size
    report = verify_bundle(deflated)
    assert report.ok, (report.bad, report.general)
