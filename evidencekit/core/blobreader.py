"""Reading an original's bytes back, as a seekable stream (no temp file).

An original is kept either as chunk rows in the database or, when large, as a sealed file
(core/sealed.py); readers here hide which.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator

from evidencekit.core import sealed
from evidencekit.core.db import Connection
from evidencekit.core.errors import VaultDamaged
from evidencekit.core.seekable import SeekableReader
from evidencekit.i18n import _


class OriginalReader(SeekableReader):
    """A read-only, seekable view of one original's stored chunks."""

    def __init__(self, conn: Connection, item_id: int, size: int, chunk_size: int) -> None:
        self._conn = conn
        self._item_id = item_id
        self._size = size
        self._chunk_size = max(1, chunk_size)
        self._pos = 0
        self._cached_seq = -1
        self._cached = b""

    def _chunk(self, seq: int) -> bytes:
        if seq != self._cached_seq:
            row = self._conn.execute(
                "SELECT data FROM chunks WHERE item_id = ? AND seq = ?", (self._item_id, seq)
            ).fetchone()
            self._cached = bytes(row[0]) if row else b""
            self._cached_seq = seq
        return self._cached

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        seq, offset = divmod(self._pos, self._chunk_size)
        data = self._chunk(seq)[offset : offset + len(buffer)]
        n = len(data)
        buffer[:n] = data
        self._pos += n
        return n


def open_reader(conn: Connection, item_id: int, *, verify: bool = True) -> io.BufferedReader:
    """A seekable stream of an original's bytes, checked against its SHA-256 first.

    The check costs one extra read, and it is needed: when a damaged page is the last
    overflow page of a chunk, SQLCipher returns it zero-filled without an error, so an
    unchecked read could hand a preview, a dossier or OCR other bytes than were imported
    (tests/reliability/test_corruption.py). Callers that hash what they copy themselves (the
    bundle export) or read what they stored in the same transaction pass `verify=False`.
    """
    row = conn.execute(
        "SELECT size, chunk_size, sha256 FROM originals WHERE item_id = ?", (item_id,)
    ).fetchone()
    if row is None:
        raise KeyError(item_id)
    size, chunk_size, expected = int(row[0]), int(row[1]), str(row[2])
    if verify:
        digest = hashlib.sha256()
        total = 0
        for _seq, data in iter_chunks(conn, item_id):
            digest.update(data)
            total += len(data)
        if total != size or digest.hexdigest() != expected:
            raise VaultDamaged(_(
                "Item {id} is damaged: its stored bytes no longer match the SHA-256 recorded at "
                "import, so they are not shown. Run `evidencekit verify`; a backup or "
                "`evidencekit rescue` can recover the rest.").format(id=item_id))
    return io.BufferedReader(stored_reader(conn, item_id, size, chunk_size),
                             buffer_size=1024 * 1024)


def stored_reader(conn: Connection, item_id: int, size: int,
                  chunk_size: int) -> OriginalReader | sealed.SealedReader:
    """The raw reader for an original, wherever it is kept (no SHA-256 check of its own)."""
    seal = sealed.seal_of(conn, item_id)
    if seal is not None:
        return sealed.SealedReader(seal[0], seal[1], item_id, size)
    return OriginalReader(conn, item_id, size, chunk_size)


def iter_chunks(conn: Connection, item_id: int) -> Iterator[tuple[int, bytes]]:
    """(seq, data) pairs in order, one chunk in memory at a time (verify sees every byte).

    A sealed original that was altered or is missing raises VaultDamaged (sealed.damaged).
    """
    row = conn.execute("SELECT chunk_count, size FROM originals WHERE item_id = ?",
                       (item_id,)).fetchone()
    count = int(row[0]) if row else 0
    seal = sealed.seal_of(conn, item_id) if row else None
    if seal is not None:
        reader = sealed.SealedReader(seal[0], seal[1], item_id, int(row[1]))
        try:
            for seq in range(reader.block_count):
                yield seq, reader.block(seq)
        finally:
            reader.close()
        return
    for seq in range(count):
        found = conn.execute(
            "SELECT data FROM chunks WHERE item_id = ? AND seq = ?", (item_id, seq)
        ).fetchone()
        yield seq, (bytes(found[0]) if found else b"")


def stored_block_count(conn: Connection, item_id: int) -> int:
    """How many blocks hold the original now: chunk rows, or the sealed file's blocks."""
    seal = sealed.seal_of(conn, item_id)
    if seal is not None:
        size = int(conn.execute("SELECT size FROM originals WHERE item_id = ?",
                                (item_id,)).fetchone()[0])
        return max(1, -(-size // sealed.BLOCK))
    return int(conn.execute("SELECT count(*) FROM chunks WHERE item_id = ?",
                            (item_id,)).fetchone()[0])
