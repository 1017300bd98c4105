"""A bundle whose central directory asks for a newer zip version than Python reads is refused
in one sentence (exit 3), not an "unexpected problem" traceback. Found by the bounded fuzz of
tests/dossier/test_bundle_screen_fuzz.py (one byte changed)."""

from __future__ import annotations

import io
import zipfile

import pytest

from evidencekit.dossier.bundle_screen import BundleRefused
from evidencekit.dossier.verify_bundle import verify_bundle


def test_a_zip_version_python_cannot_read_is_refused_in_one_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", b"{}")
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract": 6.4
    bundle = tmp_path / "newer.zip"
    bundle.write_bytes(bytes(data))
    with pytest.raises(BundleRefused, match="newer.zip"):
        verify_bundle(bundle)
