"""The vault's Ed25519 signing key: made on first use, kept only inside the encrypted database."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from evidencekit.core.custody import CustodyLog
from evidencekit.core.vault import Vault

# The private key lives in the `meta` table, so it is encrypted with everything else and travels
# with the vault's backups; it is never written to a file and never logged.
META_KEY = "signing_key_ed25519"


def signing_key(vault: Vault) -> Ed25519PrivateKey:
    """The vault's signing key, generated and recorded (public half only) on first use."""
    found = _stored(vault)
    if found is not None:
        return found
    with vault.transaction() as tx:
        # Re-read under the write lock: another export may have created the key meanwhile.
        row = tx.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        if row is not None:
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(str(row[0])))
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (META_KEY, raw.hex()))
        CustodyLog(tx).append("signing-key-created", algorithm="Ed25519",
                              public_key_sha256=fingerprint(key.public_key()))
    return key


def _stored(vault: Vault) -> Ed25519PrivateKey | None:
    value = vault.meta(META_KEY)
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(value)) if value else None


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, the form a recipient can compare by phone."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    """Raises ValueError when `data` is not an Ed25519 public key in PEM."""
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify_signature(public: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
