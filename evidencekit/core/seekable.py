"""The common part of the app's read-only, seekable byte streams (RawIOBase subclasses).

An original read back from its chunks, a zip member read in place, a chat inside an export:
each knows its size and where it is; only how bytes are fetched differs (`readinto`).
"""

from __future__ import annotations

import io


class SeekableReader(io.RawIOBase):
    """A read-only stream of `_size` bytes at position `_pos`; subclasses define readinto."""

    _size: int = 0
    _pos: int = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def _target(self, offset: int, whence: int) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self._size + offset
        else:
            raise ValueError("invalid whence")
        if pos < 0:
            raise ValueError("negative seek position")
        return pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = self._target(offset, whence)
        return self._pos
