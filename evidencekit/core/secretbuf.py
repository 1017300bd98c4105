"""Secrets kept in buffers we can zero: the master key, key-encryption keys, passphrases.

Python's `bytes` and `str` are immutable; every one that ever held a secret stays readable in
the process's memory until the allocator happens to reuse the spot, long after the vault is
locked. So secrets travel as `bytearray`s, cryptography writes into them directly
(`decrypt_into`), and whoever is done with one zeroes it.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TAG_BYTES = 16


def zero(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))


def unwrap(kek: bytearray | bytes, nonce: bytes, wrapped: bytes, aad: bytes) -> bytearray | None:
    """AES-256-GCM-decrypt a wrapped key straight into a new bytearray; None on a wrong key."""
    if len(wrapped) < TAG_BYTES:
        return None
    out = bytearray(len(wrapped) - TAG_BYTES)
    try:
        AESGCM(kek).decrypt_into(nonce, wrapped, aad, out)
    except InvalidTag:
        zero(out)
        return None
    return out


def as_secret(passphrase: str | bytes | bytearray) -> bytearray:
    """A wipeable copy of a passphrase. A `str` given here is already an unwipeable copy: the
    callers that care (the command line's unlock, docs/SECURITY.md) pass bytes they read."""
    if isinstance(passphrase, str):
        return bytearray(passphrase.encode("utf-8"))
    return bytearray(passphrase)


def random_key(size: int = 32) -> bytearray:
    """Fresh random bytes read straight into a bytearray (`secrets.token_bytes` would leave an
    immutable copy of the new master key behind)."""
    key = bytearray(size)
    with open("/dev/urandom", "rb", buffering=0) as source:
        view = memoryview(key)
        filled = 0
        while filled < size:
            filled += source.readinto(view[filled:]) or 0
        view.release()
    return key
