"""A hostile bundle whose dossier.pdf inflates at just under the zip-bomb ratio: 6 MB in the zip,
1 GB once read. verify-bundle must not hold it in memory (a recipient's laptop has 4–8 GB).

The member is built by hand: a 1 MiB block deflated with a full flush is a self-contained piece
of the stream, so repeating it gives a valid deflate stream of the block repeated, without
compressing a gigabyte in the test. The check runs in a child under RLIMIT_AS.
"""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from evidencekit.core.vault import Vault
from evidencekit.dossier import signing
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_one

BLOCK = 1 << 20
REPEATS = 1024  # 1 GiB inflated


def _deflated_repeats(block: bytes, repeats: int) -> tuple[bytes, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(6, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty last block
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    return piece * repeats + tail, crc


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """(name, stored bytes, method, crc, inflated size) -> a zip file, no extras."""
    out = bytearray()
    central = bytearray()
    for name, data, method, crc, size in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data),
                           size, len(raw), 0) + raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                               crc, len(data), size, len(raw), 0, 0, 0, 0, 0o600 << 16,
                               offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(out), 0)
    return bytes(out + central + end)


def _block() -> bytes:
    import random

    block = bytearray(BLOCK)
    block[:10] = b"%PDF-1.4\n%"
    block[8192:8192 + 4000] = random.Random(7).randbytes(4000)  # keeps the ratio under 200
    return bytes(block)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_a_pdf_that_inflates_to_a_gigabyte_is_not_read_into_memory(vault: Vault,
                                                                   tmp_path: Path) -> None:
    # The forger's own bundle, re-signed with its own key: every check passes up to the PDF.
    real = tmp_path / "real.zip"
    (tmp_path / "note.txt").write_text("rendez-vous demain", encoding="utf-8")
    import_one(vault, tmp_path / "note.txt", ImportOptions(case="K"))
    export_bundle(vault, DossierRequest("police", lang="fr", case="K"), real)
    block = _block()
    pdf, crc = _deflated_repeats(block, REPEATS)
    assert BLOCK * REPEATS / len(pdf) < 200, "just under the ratio the screen refuses"
    digest = hashlib.sha256()
    for _ in range(REPEATS):
        digest.update(block)
    members = []
    with zipfile.ZipFile(real) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "SHA256SUMS":
                data = re.sub(rb"[0-9a-f]{64}(  dossier\.pdf)", digest.hexdigest().encode()
                              + rb"\1", data)
                sums = data
            members.append((info.filename, data))
    key = signing.signing_key(vault)
    built = []
    for name, data in members:
        if name == "SHA256SUMS.sig":
            data = key.sign(sums)
        if name == "dossier.pdf":
            built.append((name, pdf, 8, crc, BLOCK * REPEATS))
        else:
            built.append((name, data, 0, zlib.crc32(data), len(data)))
    bundle = tmp_path / "hostile.zip"
    bundle.write_bytes(_zip(built))
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (700 * 1024**2, 700 * 1024**2))
        from evidencekit.dossier.verify_bundle import verify_bundle
        report = verify_bundle({str(bundle)!r})
        print(report.bad.get("dossier.pdf"))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=600)
    assert child.returncode == 0, child.stderr[-2000:]
    flags, peak_mb = child.stdout.strip().splitlines()
    # Refused without reading it (before: a MemoryError at the limit, taken for a bad PDF).
    assert flags == "['is too large to be read back']"
    assert int(peak_mb) < 400, f"{peak_mb} MB resident"
