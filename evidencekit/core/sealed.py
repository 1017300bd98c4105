"""Large originals kept as sealed files beside the database, each under its own key.

Why: an original kept in SQLCipher is written twice (write-ahead log, then the database) and
each 64 KiB page is encrypted with AES-CBC and authenticated with HMAC-SHA512, which made a
phone's 2 GB video arrive at a fifth of what the link carries (docs/benchmarks.md, receive). A
sealed file is written once, encrypted with AES-256-GCM, hashed and encrypted on a second thread
while the next block is read.

Format (docs/formats.md, "Sealed originals"): the 8-byte magic `EKSEAL01`, then the original in
1 MiB blocks, each encrypted with AES-256-GCM under the file's own random key (kept in the
`sealed_originals` row, inside the encrypted database), nonce = 4 zero bytes + the block's
number (8 bytes, big-endian), associated data = magic + file name + block number + a last-block
flag. So a block cannot be altered, moved, dropped, taken from another sealed file or the file
cut short without the read failing; the SHA-256 recorded at import is checked on top of that.
The file name is random: it says nothing about the original (not even its hash).
"""

from __future__ import annotations

import hashlib
import os
import queue
import secrets
import stat
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidencekit.core import sealed_files
from evidencekit.core.db import Connection
from evidencekit.core.errors import VaultDamaged
from evidencekit.core.seekable import SeekableReader
from evidencekit.i18n import _

MAGIC = b"EKSEAL01"
BLOCK = 1024 * 1024
TAG = 16
# Originals at least this large (when their size is known before reading) are sealed files;
# smaller ones stay in the database, where they cost one row and no file. 1 MiB and not more: a
# folder of 5 MB photos imported 2.2x faster sealed (bench/import_bench.py, docs/design.md).
THRESHOLD = 1 * 1024 * 1024
_QUEUE_BLOCKS = 8  # at most 8 MiB waits between the reading thread and the sealing thread


def _nonce(seq: int) -> bytes:
    return b"\0\0\0\0" + seq.to_bytes(8, "big")


def _aad(name: str, seq: int, last: bool) -> bytes:
    return MAGIC + name.encode("ascii") + seq.to_bytes(8, "big") + (b"\1" if last else b"\0")


def block_offset(seq: int) -> int:
    return len(MAGIC) + seq * (BLOCK + TAG)


def sealed_size(size: int) -> int:
    """The sealed file's length for an original of `size` bytes."""
    blocks = max(1, -(-size // BLOCK))
    return len(MAGIC) + size + blocks * TAG


class SealedWriter:
    """Seals one original as it is read: `put` blocks in order, then `finish` (or `discard`).

    Hashing, encryption and writing run on a thread of their own, so reading the next block
    from the socket or the disk overlaps with them (hashlib, AES-GCM and write release the GIL).
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.folder = sealed_files.ensure_folder(sealed_files.vault_folder(conn))
        self.name = secrets.token_hex(16)
        self.key = AESGCM.generate_key(256)
        self.path = self.folder / self.name
        self._part = self.folder / (self.name + sealed_files.PART)
        self._fd = os.open(self._part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                           | os.O_CLOEXEC, 0o600)
        try:  # a disk already full fails here: no thread started, no `.part` left
            magic = memoryview(MAGIC)
            while magic:  # a short write would shift every block after it
                magic = magic[os.write(self._fd, magic):]
        except BaseException:
            os.close(self._fd)
            self._part.unlink(missing_ok=True)
            raise
        self._digest = hashlib.sha256()
        self._size = 0
        self._blocks = 0
        self._queue: queue.Queue[bytes | None] = queue.Queue(_QUEUE_BLOCKS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._seal, name="seal-original", daemon=True)
        self._thread.start()
        self._closed = False

    # -- the sealing thread -------------------------------------------------------------------
    def _seal(self) -> None:
        aead = AESGCM(self.key)
        pending: bytes | None = None
        ended = False
        try:
            while True:
                block = self._queue.get()
                if block is None:
                    ended = True
                    break
                self._digest.update(block)
                if pending is not None:  # a block is sealed once we know whether it is last
                    self._write(aead, pending, last=False)
                pending = block
            self._write(aead, pending or b"", last=True)
        except BaseException as exc:  # handed to the reading thread at its next put/finish
            self._error = exc
            # Let a blocked put return, up to the end mark (already taken when the last
            # block's write failed: waiting for another would hang the import for ever).
            while not ended and self._queue.get() is not None:
                pass

    def _write(self, aead: AESGCM, block: bytes, *, last: bool) -> None:
        sealed = aead.encrypt(_nonce(self._blocks), block, _aad(self.name, self._blocks, last))
        view = memoryview(sealed)
        while view:
            view = view[os.write(self._fd, view):]
        self._size += len(block)
        self._blocks += 1

    # -- the reading thread -------------------------------------------------------------------
    def put(self, block: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(block)

    def finish(self) -> tuple[str, int, int]:
        """Wait for the last block, make the file durable; (sha256 hex, size, block count)."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            self.discard()
            raise self._error
        try:
            os.fsync(self._fd)
            os.close(self._fd)
            self._closed = True
            os.rename(self._part, self.path)
            sealed_files.sync_folder(self.folder)
        except BaseException:
            self.discard()
            raise
        # Until the transaction commits, a rollback must remove the file (sealed_files).
        sealed_files.created(self._conn, self.path)
        return self._digest.hexdigest(), self._size, self._blocks

    def record(self, item_id: int) -> None:
        self._conn.execute(
            "INSERT INTO sealed_originals (item_id, name, file_key) VALUES (?, ?, ?)",
            (item_id, self.name, self.key))

    def discard(self) -> None:
        """Abandon the file (a rolled-back import, a duplicate): nothing of it stays."""
        if self._thread.is_alive():
            self._error = self._error or RuntimeError("discarded")
            # The sealing thread takes every block until it sees None, so this put returns
            # even when the queue is full (a cancel in the middle of a large file).
            self._queue.put(None)
            self._thread.join()
        if not self._closed:
            os.close(self._fd)
            self._closed = True
        for path in (self._part, self.path):
            path.unlink(missing_ok=True)
        sealed_files.forget(self._conn, self.path)


def seal_of(conn: Connection, item_id: int) -> tuple[Path, bytes] | None:
    """The sealed file and its key, for an original kept as one; None for chunk rows."""
    row = conn.execute("SELECT name, file_key FROM sealed_originals WHERE item_id = ?",
                       (item_id,)).fetchone()
    if row is None:
        return None
    return sealed_files.vault_folder(conn) / sealed_files.FOLDER / str(row[0]), bytes(row[1])


class SealedDamaged(VaultDamaged):
    """A sealed original that cannot be read as written; `why` says what is wrong, so that a
    caller other than a reader (a backup) can word it for its own case."""

    def __init__(self, item_id: int, why: str) -> None:
        super().__init__(_(
            "Item {id} is damaged: its sealed file {why}, so its bytes are not shown. Run "
            "`evidencekit verify`; a backup can recover it.").format(id=item_id, why=why))
        self.item_id = item_id
        self.why = why


def damaged(item_id: int, why: str) -> SealedDamaged:
    return SealedDamaged(item_id, why)


class SealedReader(SeekableReader):
    """A seekable read of a sealed original; every block is authenticated before use."""

    def __init__(self, path: Path, key: bytes, item_id: int, size: int) -> None:
        self._item_id = item_id
        self._name = path.name
        self._aead = AESGCM(key)
        self._size = size
        self._pos = 0
        self._blocks = max(1, -(-size // BLOCK))
        self._cached_seq = -1
        self._cached = b""
        try:
            # O_NONBLOCK: a named pipe planted in its place must not hang the read (refused
            # below as not having the recorded length); it changes nothing for a plain file.
            self._fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            raise damaged(item_id, _("is missing from the vault folder")) from None
        except OSError as exc:
            raise damaged(item_id, _("cannot be read ({reason})").format(
                reason=exc.strerror)) from None
        info = os.fstat(self._fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != sealed_size(size) \
                or os.pread(self._fd, len(MAGIC), 0) != MAGIC:
            os.close(self._fd)
            raise damaged(item_id, _("does not have the length recorded at import"))

    def block(self, seq: int) -> bytes:
        if seq != self._cached_seq:
            want = min(BLOCK, self._size - seq * BLOCK) + TAG
            data = os.pread(self._fd, want, block_offset(seq))
            last = seq == self._blocks - 1
            try:
                self._cached = self._aead.decrypt(_nonce(seq), data,
                                                  _aad(self._name, seq, last))
            except InvalidTag:
                raise damaged(self._item_id, _("was altered (block {n} fails its check)")
                              .format(n=seq + 1)) from None
            self._cached_seq = seq
        return self._cached

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        seq, offset = divmod(self._pos, BLOCK)
        data = self.block(seq)[offset : offset + len(buffer)]
        n = len(data)
        buffer[:n] = data
        self._pos += n
        return n

    @property
    def block_count(self) -> int:
        return self._blocks

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()
