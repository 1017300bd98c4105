"""WhatsApp's end-to-end encrypted backup container (`msgstore.db.crypt15`), opened in memory.

The layout, as WhatsApp for Android writes it (documented in docs/formats.md):

    [1 byte  N]          length of the protobuf header that follows the optional flag
    [1 byte  0x01]       present in message-store backups: the header carries a feature table
    [N bytes header]     protobuf `BackupPrefix`: field 3 holds a message whose field 1 is the
                         16-byte AES-GCM IV; field 4 the app version (1) and the last two
                         digits of the owner's number (3); field 2 would be a crypt14 key
    [ciphertext]         AES-256-GCM of the zlib-compressed SQLite database
    [16 bytes]           the GCM tag
    [16 bytes]           MD5 of every byte before it (a damage check, not a security one)

The 64 hex digits the app shows when end-to-end backups are turned on are the 32-byte root
key; the AES key is HKDF-SHA256(root, salt = 32 zero bytes, info = "backup encryption"), 32
bytes (the "encryption loop" of the app is exactly HKDF with one output block).

The header is read with the small varint reader below rather than generated protobuf code: the
fields needed are three, a reader of ~40 lines bounds every length by the bytes at hand, and the
project gains no protobuf dependency.

Nothing decrypted is written to disk: the ciphertext is read a block at a time from the vault's
stored original and the decompressed database grows in one bytearray, capped (`MAX_DATABASE`)
so that a zlib bomb stops at the cap rather than at the end of memory.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAX_DATABASE = 1024 * 1024 * 1024  # decompressed; a phone's msgstore.db is tens to hundreds of MB
READ_SIZE = 1024 * 1024
FOOTER = 32  # GCM tag + MD5
SQLITE_MAGIC = b"SQLite format 3\x00"
HEAD_BYTES = 2 + 255  # the length byte, the flag, and the longest header a length byte allows
_INFO = b"backup encryption"


class BackupProblem(Exception):
    """Why a crypt15 file could not be opened; `reason` is one of the constants below."""

    NOT_CRYPT15 = "not-crypt15"
    CRYPT14 = "crypt14"
    WRONG_KEY = "wrong-key"
    DAMAGED = "damaged"
    TOO_LARGE = "too-large"
    NOT_SQLITE = "not-sqlite"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class BackupHeader:
    iv: bytes
    app_version: str  # "2.24.10.74", as the app wrote it
    number_end: str  # the last two digits of the owner's phone number
    feature_table: bool
    length: int  # bytes before the ciphertext


def parse_key(text: str) -> bytes:
    """The 32-byte root key from the 64 hex digits as typed (spaces, dashes, any case);
    raises ValueError for anything else. The text is never kept or logged."""
    digits = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    if len(digits) != 64 or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
        raise ValueError("not 64 hexadecimal digits")
    return bytes.fromhex(digits)


def backup_cipher_key(root: bytes) -> bytes:
    """The AES-256 key of a crypt15 backup from its root key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"\x00" * 32, info=_INFO).derive(root)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for shift in range(0, 64, 7):
        if pos >= len(data):
            raise BackupProblem(BackupProblem.NOT_CRYPT15)
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
    raise BackupProblem(BackupProblem.NOT_CRYPT15)


def _fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """The (field number, value) pairs of one protobuf message; lengths checked against `data`."""
    fields: list[tuple[int, int | bytes]] = []
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if number == 0:
            raise BackupProblem(BackupProblem.NOT_CRYPT15)
        if wire == 0:
            value, pos = _varint(data, pos)
            fields.append((number, value))
        elif wire == 2:
            size, pos = _varint(data, pos)
            if size > len(data) - pos:
                raise BackupProblem(BackupProblem.NOT_CRYPT15)
            fields.append((number, data[pos : pos + size]))
            pos += size
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
            if pos > len(data):
                raise BackupProblem(BackupProblem.NOT_CRYPT15)
        else:  # groups (3, 4) and the unused wire types never occur in this header
            raise BackupProblem(BackupProblem.NOT_CRYPT15)
    return fields


def _text(value: int | bytes) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else ""


def read_header(head: bytes) -> BackupHeader:
    """The header at the start of `head`; raises BackupProblem when it is not a crypt15 one."""
    if len(head) < 2:
        raise BackupProblem(BackupProblem.NOT_CRYPT15)
    size = head[0]
    flag = head[1] == 0x01  # a protobuf field tag is never 0x01 (field number 0 is invalid)
    start = 2 if flag else 1
    if size < 18 or len(head) < start + size:
        raise BackupProblem(BackupProblem.NOT_CRYPT15)
    iv = b""
    version = number_end = ""
    crypt14 = False
    for number, value in _fields(head[start : start + size]):
        if number == 2:
            crypt14 = True
        elif number == 3 and isinstance(value, bytes):
            for inner, v in _fields(value):
                if inner == 1 and isinstance(v, bytes):
                    iv = v
        elif number == 4 and isinstance(value, bytes):
            for inner, v in _fields(value):
                if inner == 1:
                    version = _text(v)[:40]
                elif inner == 3:
                    number_end = _text(v)[:4]
    if len(iv) != 16:
        raise BackupProblem(BackupProblem.CRYPT14 if crypt14 else BackupProblem.NOT_CRYPT15)
    return BackupHeader(iv, version, number_end, flag, start + size)


def looks_like_crypt15(head: bytes) -> bool:
    try:
        read_header(head[:HEAD_BYTES])
    except BackupProblem:
        return False
    return True


def decrypt_database(stream: BinaryIO, root_key: bytes, *, max_size: int | None = None,
                     stop: Callable[[], None] = lambda: None) -> bytearray:
    """The SQLite database inside the backup `stream` (seekable), in memory.

    Raises BackupProblem: WRONG_KEY when the file is whole (its MD5 matches) but the key does
    not open it, DAMAGED when it is truncated or altered, TOO_LARGE past `max_size`. `stop` is
    called before each block and may raise to end the work (a cancelled import).
    """
    max_size = MAX_DATABASE if max_size is None else max_size  # read now: tests lower it
    stream.seek(0, 2)
    total = stream.tell()
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    header = read_header(head)
    end = total - FOOTER
    if end < header.length:
        raise BackupProblem(BackupProblem.DAMAGED)
    checksum = hashlib.md5(usedforsecurity=False)
    decryptor = Cipher(algorithms.AES(backup_cipher_key(root_key)),
                       modes.GCM(header.iv)).decryptor()
    inflater = zlib.decompressobj()
    database = bytearray()
    readable = True  # False once the plaintext stops being zlib: the key is wrong or bytes bad
    stream.seek(0)
    pos = 0
    while pos < end:
        stop()
        block = stream.read(min(READ_SIZE, end - pos))
        if not block:
            raise BackupProblem(BackupProblem.DAMAGED)
        checksum.update(block)
        cipher_part = block[max(0, header.length - pos):]
        pos += len(block)
        if not readable or not cipher_part:
            continue
        try:
            plain = inflater.decompress(decryptor.update(cipher_part),
                                        max_size - len(database) + 1)
        except zlib.error:
            readable = False  # keep reading: the checksum tells a wrong key from damage
            continue
        database += plain
        if len(database) > max_size or inflater.unconsumed_tail:
            raise BackupProblem(BackupProblem.TOO_LARGE)
    footer = stream.read(FOOTER)
    if len(footer) != FOOTER:
        raise BackupProblem(BackupProblem.DAMAGED)
    tag, md5 = footer[:16], footer[16:]
    checksum.update(tag)
    whole = checksum.digest() == md5
    try:
        decryptor.finalize_with_tag(tag)
    except InvalidTag:
        readable = False
    if not readable:
        raise BackupProblem(BackupProblem.WRONG_KEY if whole else BackupProblem.DAMAGED)
    if not inflater.eof:
        raise BackupProblem(BackupProblem.DAMAGED)
    if not database.startswith(SQLITE_MAGIC):
        raise BackupProblem(BackupProblem.NOT_SQLITE)
    return database


__all__ = ["BackupHeader", "BackupProblem", "backup_cipher_key", "decrypt_database",
           "looks_like_crypt15", "parse_key", "read_header"]
