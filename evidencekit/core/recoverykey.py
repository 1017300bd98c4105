"""Recovery keys: an X25519 key pair whose private half the user writes down once.

The vault keeps only the public half, so the master key can be sealed to it again after a
passphrase change (which picks a fresh master key) without asking for the recovery key.
The key is shown as base32 groups with a 2-byte checksum that catches typing mistakes.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from evidencekit.core.errors import WrongPassphrase
from evidencekit.i18n import _

INFO = b"evidencekit recovery slot v1"


def new_recovery_secret() -> bytes:
    return os.urandom(32)


def format_recovery_key(secret: bytes) -> str:
    check = hashlib.sha256(b"evidencekit-recovery" + secret).digest()[:2]
    text = base64.b32encode(secret + check).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 5] for i in range(0, len(text), 5))


def parse_recovery_key(text: str) -> bytes:
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    compact = compact.replace("0", "O").replace("1", "I").replace("8", "B")
    padded = compact + "=" * (-len(compact) % 8)
    try:
        raw = base64.b32decode(padded)
    except ValueError:
        raise WrongPassphrase(_("This is not a valid recovery key.")) from None
    if len(raw) != 34:
        raise WrongPassphrase(_("This recovery key has the wrong length."))
    secret, check = raw[:32], raw[32:]
    if hashlib.sha256(b"evidencekit-recovery" + secret).digest()[:2] != check:
        raise WrongPassphrase(_("This recovery key has a typing mistake (its checksum is "
                                "wrong)."))
    return secret


def public_key_of(secret: bytes) -> bytes:
    public = X25519PrivateKey.from_private_bytes(secret).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(
        shared
    )


def seal(master_key: bytes | bytearray, recipient_public: bytes, aad: bytes) -> dict[str, str]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(12)
    wrapped = AESGCM(_kek(shared, ephemeral_public, recipient_public)).encrypt(
        nonce, master_key, aad
    )
    return {
        "public_key": base64.b64encode(recipient_public).decode(),
        "ephemeral": base64.b64encode(ephemeral_public).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "wrapped": base64.b64encode(wrapped).decode(),
    }


def unseal(slot: dict[str, str], secret: bytes, aad: bytes) -> bytearray | None:
    """The master key, or None when this recovery key does not open this slot."""
    recipient_public = base64.b64decode(slot["public_key"])
    if public_key_of(secret) != recipient_public:
        return None
    ephemeral_public = base64.b64decode(slot["ephemeral"])
    shared = X25519PrivateKey.from_private_bytes(secret).exchange(
        X25519PublicKey.from_public_bytes(ephemeral_public)
    )
    from evidencekit.core.secretbuf import unwrap

    return unwrap(_kek(shared, ephemeral_public, recipient_public),
                  base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped"]), aad)
