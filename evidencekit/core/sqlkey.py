"""Keying SQLCipher from a wipeable buffer instead of a `PRAGMA key` string.

`PRAGMA key = "x'…'"` puts the master key, in hex, into an immutable Python `str` (and the SQL
text SQLite copies); neither can be zeroed, so the key outlived the lock (issue 14 item 5). The
sqlcipher3 extension embeds SQLCipher and exports its C API (`nm -D` lists `sqlite3_key_v2` and
`sqlite3_rekey_v2`), so we call those through ctypes with a pointer into a `bytearray` that we
build, hand over and zero ourselves. SQLCipher copies the key into its own context and wipes
that copy when the connection closes (sqlcipher_free zeroes before freeing).

The raw-key form SQLCipher understands is the 67-byte text `x'<64 hex digits>'`: a plain 32-byte
buffer would be taken as a passphrase and stretched with PBKDF2, giving another key.
"""

from __future__ import annotations

import ctypes
import os
from typing import Any

import sqlcipher3

_HEX = b"0123456789abcdef"
_SCHEMA = b"main"
SQLITE_OK = 0


class _Library:
    """The embedded SQLCipher's functions, and the offset of `sqlite3 *db` in a Connection."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(_extension_module().__file__)
        self.key = lib.sqlite3_key_v2
        self.rekey = lib.sqlite3_rekey_v2
        for fn in (self.key, self.rekey):
            fn.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
            fn.restype = ctypes.c_int
        self.filename = lib.sqlite3_db_filename
        self.filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        self.filename.restype = ctypes.c_char_p
        self.errmsg = lib.sqlite3_errmsg
        self.errmsg.argtypes = [ctypes.c_void_p]
        self.errmsg.restype = ctypes.c_char_p


def _extension_module() -> Any:
    import sqlcipher3._sqlite3 as extension

    return extension


_lib: _Library | None = None


def _library() -> _Library:
    global _lib
    if _lib is None:
        _lib = _Library()
    return _lib


class KeyingUnavailable(RuntimeError):
    """The connection's `sqlite3 *` could not be found safely; the caller must not guess."""


def _db_handle(conn: Any, expected_path: str) -> int:
    """The `sqlite3 *` inside a sqlcipher3 Connection.

    The Connection struct starts, after the object header, with `sqlite3 *db` (as in CPython's
    own _sqlite module that sqlcipher3 forks). That layout is an implementation detail, so the
    pointer is checked by asking SQLite for the file name it has open: a wrong offset cannot
    return our path, and then we refuse rather than write a key through a stray pointer.
    """
    header = object.__basicsize__  # PyObject_HEAD, whatever the build adds to it
    if type(conn).__basicsize__ < header + ctypes.sizeof(ctypes.c_void_p):
        raise KeyingUnavailable("unexpected sqlcipher3 connection layout")
    handle = ctypes.c_void_p.from_address(id(conn) + header).value
    if not handle:
        raise KeyingUnavailable("closed connection")
    name = _library().filename(handle, _SCHEMA)
    if name is None or os.path.realpath(os.fsdecode(name)) != os.path.realpath(expected_path):
        raise KeyingUnavailable("unexpected sqlcipher3 connection layout")
    return int(handle)


def _raw_key_text(key: bytes | bytearray) -> bytearray:
    """`x'<hex>'` written digit by digit into a new bytearray: no immutable hex string."""
    if len(key) != 32:
        raise ValueError("the vault key must be 32 bytes")
    text = bytearray(3 + 2 * len(key))
    text[0], text[1], text[-1] = ord("x"), ord("'"), ord("'")
    for i, byte in enumerate(key):
        text[2 + 2 * i] = _HEX[byte >> 4]
        text[3 + 2 * i] = _HEX[byte & 0x0F]
    return text


def _call(fn: Any, handle: int, key: bytes | bytearray) -> None:
    text = _raw_key_text(key)
    try:
        buffer = (ctypes.c_char * len(text)).from_buffer(text)
        rc = fn(handle, _SCHEMA, ctypes.addressof(buffer), len(text))
        del buffer  # release the export so the bytearray can be zeroed and freed
    finally:
        text[:] = bytes(len(text))
    if rc != SQLITE_OK:
        message = _library().errmsg(handle) or b""
        raise sqlcipher3.DatabaseError(message.decode("utf-8", "replace") or f"error {rc}")


def apply_key(conn: Any, path: str, key: bytes | bytearray) -> None:
    """The equivalent of `PRAGMA key` with a raw key, from a buffer the caller zeroes."""
    _apply(conn, path, key, "key")


def apply_rekey(conn: Any, path: str, key: bytearray) -> None:
    """The equivalent of `PRAGMA rekey`: re-encrypt every page under `key`."""
    _apply(conn, path, key, "rekey")


def _apply(conn: Any, path: str, key: bytes | bytearray, name: str) -> None:
    # Through SQLCipher's C function when the connection's handle can be found, else (an
    # sqlcipher3 whose layout we do not know) through the PRAGMA, whose string we cannot wipe.
    try:
        handle = _db_handle(conn, path)
    except KeyingUnavailable:
        _pragma(conn, name, key)
        return
    _call(getattr(_library(), name), handle, key)


def _pragma(conn: Any, name: str, key: bytes | bytearray) -> None:
    """The old way, for a sqlcipher3 whose layout we do not recognise: the vault must still
    open. It leaves the key in hex in memory (docs/SECURITY.md says so); the tests run the
    C API path, and `test_secrets_in_memory` fails if this one is taken."""
    conn.execute(f"PRAGMA {name} = \"x'{bytes(key).hex()}'\"")
