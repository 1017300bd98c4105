"""An encrypted bundle for transport: the signed zip inside an age file with a passphrase.

Why age (through pyrage, the maintained Python binding of the Rust `rage`) rather than a 7-Zip
AES archive: age is one small, audited format with authenticated encryption (ChaCha20-Poly1305)
and a memory-hard passphrase KDF (scrypt), and its decryption either gives back the exact bytes
or fails; 7-Zip's AES-256 uses a weak SHA-256 iteration KDF, leaves file names visible unless
told otherwise, and py7zr is not an audited library. The cost: the recipient needs `age` (one
executable for Windows, macOS and Linux, `age -d FILE.zip.age > FILE.zip`) or evidencekit.

pyrage encrypts with a passphrase only from memory, so the zip is built in memory, never as a
plaintext file on disk; that bounds an encrypted bundle to MAX_PLAIN_BYTES (peak memory is about
three and a half times the bundle). The passphrase is generated here, shown once, and meant
to be given by another channel (by phone), never written beside the file.
"""

from __future__ import annotations

import io
import secrets
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyrage

from evidencekit.core.errors import UsageError, WrongPassphrase
from evidencekit.i18n import _

MAGIC = b"age-encryption.org/v1\n"
SUFFIX = ".age"
MAX_PLAIN_BYTES = 256 * 1024 * 1024  # peak memory measured at about 3.5x the bundle + 150 MB
# No 0/O, 1/I/L: read aloud on the phone without confusion. 24 symbols of 31: about 119 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP = 6, 4


def new_passphrase() -> str:
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _g in range(GROUPS)]
    return "-".join(groups)


def encrypted_name(out: Path) -> Path:
    return out if out.name.endswith(SUFFIX) else out.with_name(out.name + SUFFIX)


def check_size(total: int) -> None:
    if total > MAX_PLAIN_BYTES:
        raise UsageError(_(
            "This bundle would hold {size} MB, more than the {limit} MB that can be encrypted "
            "in memory. Choose fewer exhibits, or export it unencrypted onto an encrypted "
            "drive.").format(size=total // 2**20, limit=MAX_PLAIN_BYTES // 2**20))


def encrypt(plain: bytes, passphrase: str) -> bytes:
    return bytes(pyrage.passphrase.encrypt(plain, passphrase))


def is_encrypted(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def decrypt_file(path: Path, passphrase: str) -> bytes:
    """The zip inside an encrypted bundle, in memory; WrongPassphrase when it does not open."""
    path = Path(path)
    if path.stat().st_size > MAX_PLAIN_BYTES + 2**20 + MAX_PLAIN_BYTES // 2**16 * 16:
        raise UsageError(_("{path}: too large for an encrypted bundle.").format(path=path))
    data = path.read_bytes()
    try:
        return bytes(pyrage.passphrase.decrypt(data, passphrase.strip()))
    except (pyrage.DecryptError, pyrage.IdentityError, ValueError, TypeError):
        raise WrongPassphrase(_("{path}: this passphrase does not open the encrypted bundle "
                                "(or the file is damaged).").format(path=path)) from None


def verify_encrypted(path: Path, passphrase: str, progress: Any = None,
                     cancel: threading.Event | None = None, tsa_ca: Sequence[Path] = (),
                     expect_key: str | None = None, known_keys: Path | None = None) -> Any:
    """The full check (key_trust.check_bundle) of the zip inside an encrypted bundle, which is
    decrypted in memory only."""
    from evidencekit.dossier.key_trust import check_bundle

    plain = decrypt_file(path, passphrase)
    return check_bundle(Path(path), expect_key=expect_key, known_keys=known_keys,
                        progress=progress, cancel=cancel, tsa_ca=tsa_ca,
                        data=io.BytesIO(plain))
