"""Hostile bundles whose members inflate at just under the zip-bomb ratio: a dossier.pdf of 6 MB
in the zip and 1 GB once read, a custody.jsonl of millions of bad lines. verify-bundle must not
hold them in memory (a recipient's laptop has 4–8 GB).

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
from collections.abc import Callable
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


def _rebuilt(real: Path, replaced: dict[str, tuple[bytes, int, int, int]],
             sums_line: tuple[str, str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The real bundle's members, `replaced` ones given as (bytes, crc, size, method). With
    `sums_line` (name, new hash, signer), SHA256SUMS gives that file the new hash and is
    signed again: the forger's own bundle, every check passing up to that file."""
    built = []
    with zipfile.ZipFile(real) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    sums = dict(members)["SHA256SUMS"]
    if sums_line is not None:
        name, sha, sign = sums_line
        sums = re.sub(rb"[0-9a-f]{64}(  " + re.escape(name.encode()) + rb")",
                      sha.encode() + rb"\1", sums)
    for name, data in members:
        if name in replaced:
            raw, crc, size, method = replaced[name]
            built.append((name, raw, method, crc, size))
            continue
        if sums_line is not None and name == "SHA256SUMS":
            data = sums
        if sums_line is not None and name == "SHA256SUMS.sig":
            data = sums_line[2](sums)
        built.append((name, data, 0, zlib.crc32(data), len(data)))
    return _zip(built)


def _verify_in_child(bundle: Path, member: str) -> tuple[str, int]:
    """verify-bundle under a 700 MB address-space limit: what it says of `member`, and the
    peak resident memory in MB."""
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (700 * 1024**2, 700 * 1024**2))
        from evidencekit.dossier.verify_bundle import verify_bundle
        report = verify_bundle({str(bundle)!r})
        print(report.bad.get({member!r}))
        # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
        status = open("/proc/self/status").read()
        print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=900)
    assert child.returncode == 0, child.stderr[-2000:]
    flags, peak_mb = child.stdout.strip().splitlines()
    return flags, int(peak_mb)


def _real_bundle(vault: Vault, tmp_path: Path) -> Path:
    real = tmp_path / "real.zip"
    (tmp_path / "note.txt").write_text("rendez-vous demain", encoding="utf-8")
    import_one(vault, tmp_path / "note.txt", ImportOptions(case="K"))
    export_bundle(vault, DossierRequest("police", lang="fr", case="K"), real)
    return real


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
    real = _real_bundle(vault, tmp_path)
    block = _block()
    pdf, crc = _deflated_repeats(block, REPEATS)
    assert BLOCK * REPEATS / len(pdf) < 200, "just under the ratio the screen refuses"
    digest = hashlib.sha256()
    for _ in range(REPEATS):
        digest.update(block)
    bundle = tmp_path / "hostile.zip"
    bundle.write_bytes(_rebuilt(real, {"dossier.pdf": (pdf, crc, BLOCK * REPEATS, 8)},
                                ("dossier.pdf", digest.hexdigest(),
                                 signing.signing_key(vault).sign)))
    flags, peak_mb = _verify_in_child(bundle, "dossier.pdf")
    # Refused without reading it (before: a MemoryError at the limit, taken for a bad PDF).
    assert flags == "['is too large to be read back']"
    assert peak_mb < 400, f"{peak_mb} MB resident"


def _custody_block() -> bytes:
    """1 MiB of custody lines, each out of order with a failing proof: two problems a line;
    one line of random hex keeps the block's ratio under 200."""
    import random

    line = (b'{"leaf_index":0,"seq":0,"withheld":true,"leaf_hash":"' + b"0" * 64
            + b'","inclusion_proof":[]}\n')
    noise = b'{"leaf_index":0,"seq":0,"withheld":true,"leaf_hash":"' + b"0" * 64 \
        + b'","inclusion_proof":[],"x":"' + random.Random(3).randbytes(6000).hex().encode() \
        + b'"}\n'
    body = noise + line * ((BLOCK - len(noise)) // len(line))
    return body[:-1] + b" " * (BLOCK - len(body)) + b"\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_millions_of_bad_custody_lines_do_not_fill_memory(vault: Vault, tmp_path: Path) -> None:
    real = _real_bundle(vault, tmp_path)
    block = _custody_block()
    assert len(block) == BLOCK
    repeats = 256  # 2.3 million lines
    raw, crc = _deflated_repeats(block, repeats)
    assert BLOCK * repeats / len(raw) < 200
    bundle = tmp_path / "hostile.zip"
    bundle.write_bytes(_rebuilt(real, {"custody.jsonl": (raw, crc, BLOCK * repeats, 8)}))
    flags, peak_mb = _verify_in_child(bundle, "custody.jsonl")
    assert flags != "None"
    assert peak_mb < 400, f"{peak_mb} MB resident"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_a_manifest_of_millions_of_tiny_values_is_not_parsed(vault: Vault,
                                                             tmp_path: Path) -> None:
    # 40 MB of empty objects, under the 64 MB a manifest may have: json.loads makes 13 million
    # dicts of it, about a gigabyte.
    real = _real_bundle(vault, tmp_path)
    manifest = b'{"format": "evidencekit-bundle/1", "x": [' + b",".join([b"{}"] * 13_000_000) \
        + b"]}"
    bundle = tmp_path / "hostile.zip"
    bundle.write_bytes(_rebuilt(real, {"manifest.json": (manifest, zlib.crc32(manifest),
                                                         len(manifest), 0)}))
    flags, peak_mb = _verify_in_child(bundle, "manifest.json")
    assert flags != "None"
    assert peak_mb < 400, f"{peak_mb} MB resident"
