"""OCR on hostile images stays within a laptop's memory: images intake could not decode
(decompression bombs) and images over MAX_OCR_PIXELS are never handed to Tesseract, and
Tesseract itself runs under an address-space limit."""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

import pytest

from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.vault import Vault
from evidencekit.importers import ocr
from tests.conftest import write_png


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def claimed_png(width: int, height: int) -> bytes:
    """A few hundred bytes that declare width x height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 10_000, 9)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))


def _store(vault: Vault, data: bytes, name: str) -> int:
    with vault.transaction() as conn:
        case_id = ensure_case(conn, "ocr limits")
        return store_stream(conn, io.BytesIO(data), SourceFacts(name=name, path=name, mtime=None),
                            case_id=case_id, expected_size=len(data)).item_id


def test_bombs_and_giant_images_are_not_handed_to_tesseract(vault: Vault, tmp_path: Path) -> None:
    ordinary = _store(vault, write_png(tmp_path / "capture.png").read_bytes(), "capture.png")
    bomb = _store(vault, claimed_png(50_000, 50_000), "bomb.png")  # 2.5 Gpx: flagged at intake
    giant = _store(vault, claimed_png(9_000, 6_000), "giant.png")  # 54 Mpx: stored, not read
    pending = ocr.pending_items(vault)
    assert ordinary in pending
    assert bomb not in pending and giant not in pending


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resource.prlimit is Linux's")
def test_tesseract_runs_under_a_memory_limit(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for a Tesseract that a hostile image makes allocate 3 GB: under the limit the
    # allocation fails and OCR reports one failure instead of taking the machine's memory.
    bundle = tmp_path / "bundle"
    program = bundle / "tesseract" / "tesseract"
    program.parent.mkdir(parents=True)
    program.write_text(f"#!{sys.executable}\n"
                       "import sys\n"
                       "sys.stdin.buffer.read()\n"
                       "block = bytearray(3 * 1024 ** 3)\n"
                       "print('allocated', len(block))\n")
    program.chmod(0o700)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    with pytest.raises(OSError, match="bytearray"):
        ocr.recognise(b"\x89PNG")
