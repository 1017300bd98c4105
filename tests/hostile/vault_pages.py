"""Every page of a vault's files as SQLCipher would decrypt it, freed pages and old log frames
included: what someone holding the key could still read from the disk (a test aid).

The layout is the one core/db.py sets: 64 KiB pages, a 16-byte salt before page 1, and in each
page's last 80 bytes the IV (16) then the HMAC-SHA512 (64); AES-256-CBC with the raw key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 65536
RESERVE = 80
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt(key: bytes, page: bytes, first: bool) -> bytes:
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[16 if first else 0:PAGE - RESERVE]) + decryptor.finalize()


def _raw_pages(path: Path) -> Iterator[tuple[int, bytes]]:
    data = path.read_bytes() if path.exists() else b""
    if path.name.endswith("-wal"):
        at = WAL_HEADER
        while at + FRAME_HEADER + PAGE <= len(data):
            number = int.from_bytes(data[at:at + 4], "big")
            yield number, data[at + FRAME_HEADER:at + FRAME_HEADER + PAGE]
            at += FRAME_HEADER + PAGE
        return
    for at in range(0, len(data) - PAGE + 1, PAGE):
        yield at // PAGE + 1, data[at:at + PAGE]


def pages_holding(key: bytes, db_path: Path, needle: bytes) -> list[str]:
    """"vault.db:12", "vault.db-wal:40": the pages of the file and of its log holding `needle`."""
    found = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        for number, page in _raw_pages(path):
            if needle in _decrypt(key, page, number == 1 and path == db_path):
                found.append(f"{path.name}:{number}")
    return found
