"""The body of an upload as a bounded stream: never more than announced, chunked or not."""

from __future__ import annotations

import io
import queue
import threading

from evidencekit.receive.protocol import ProtocolError

MAX_CHUNK_LINE = 1024


class LengthBody(io.RawIOBase):
    """Exactly `length` bytes from the connection (Content-Length)."""

    def __init__(self, source: io.BufferedIOBase, length: int) -> None:
        self._source = source
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        got = self._source.readinto(view)
        if not got:
            return 0  # the sender hung up: the caller sees a short file
        self._left -= got
        return int(got)


class ChunkedBody(io.RawIOBase):
    """Transfer-Encoding: chunked, refusing more than `limit` bytes in all."""

    def __init__(self, source: io.BufferedIOBase, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._total = 0
        self._left = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._ended:
            return 0
        if self._left == 0:
            self._left = self._next_size()
            if self._left == 0:
                self._ended = True
                return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        got = self._source.readinto(view)
        if not got:
            self._ended = True
            return 0
        self._left -= got
        if self._left == 0:
            self._source.readline(MAX_CHUNK_LINE)  # the CRLF after each chunk
        return int(got)

    def _next_size(self) -> int:
        line = self._source.readline(MAX_CHUNK_LINE).split(b";", 1)[0].strip()
        try:
            size = int(line, 16)
        except ValueError:
            raise ProtocolError("bad chunk size") from None
        if size < 0 or self._total + size > self._limit:
            raise ProtocolError("the body is longer than the file announced")
        self._total += size
        return size


class Prefetch(io.RawIOBase):
    """Reads the connection in a second thread, a few blocks ahead of the vault's writes.

    TLS decryption (in `ssl`) and SQLCipher's encryption both release the GIL, so with the two
    in separate threads the network and the vault work at the same time instead of in turn.
    At most `depth` blocks wait in between: memory stays bounded whatever the file's size.
    """

    def __init__(self, source: io.RawIOBase, block: int = 1024 * 1024, depth: int = 8) -> None:
        self._queue: queue.Queue[bytes | BaseException] = queue.Queue(depth)
        self._stop = threading.Event()
        self._pending = b""
        self._done = False
        self._thread = threading.Thread(target=self._fill, args=(source, block),
                                        name="receive-prefetch", daemon=True)
        self._thread.start()

    def _fill(self, source: io.RawIOBase, block: int) -> None:
        item: bytes | BaseException
        while not self._stop.is_set():
            try:
                item = source.read(block) or b""
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                item = exc
            while not self._stop.is_set():
                try:
                    self._queue.put(item, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if not isinstance(item, bytes) or not item:
                return

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            data, self._pending = self._pending[:size], self._pending[size:]
            return data
        if self._done:
            return b""
        item = self._queue.get()
        if isinstance(item, BaseException):
            self._done = True
            raise item
        if not item:
            self._done = True
            return b""
        if 0 <= size < len(item):
            self._pending = item[size:]
            return item[:size]
        return item

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        super().close()
