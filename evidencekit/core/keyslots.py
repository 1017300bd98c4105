"""The vault's key slots: the random master key, wrapped for the passphrase and the recovery key.

`keyslots.json` sits beside the database. It holds no secret in the clear: salts, Argon2id
parameters and the master key sealed with AES-256-GCM under a key derived from the passphrase (or
to the recovery public key). A passphrase change writes the new slots as "pending" first, rekeys
the database, then promotes them, so a crash at any step leaves a vault that the old or the new
passphrase opens — never neither.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidencekit.core import recoverykey
from evidencekit.core.atomicfile import write_atomic
from evidencekit.core.errors import VaultDamaged
from evidencekit.core.kdf import KdfParams, derive_key
from evidencekit.core.secretbuf import unwrap, zero
from evidencekit.i18n import _

FILE_NAME = "keyslots.json"
FORMAT = "evidencekit-keyslots"
VERSION = 1
ACTIVE = "active"
PENDING = "pending"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    return base64.b64decode(str(text), validate=True)


@dataclass
class KeySlots:
    vault_id: str
    slots: list[dict[str, Any]] = field(default_factory=list)

    def aad(self, kind: str) -> bytes:
        return f"{FORMAT}:{self.vault_id}:{kind}".encode()

    # -- passphrase slots --------------------------------------------------------------
    def add_passphrase_slot(
        self, master_key: bytes | bytearray, passphrase: bytes | bytearray, params: KdfParams,
        state: str
    ) -> None:
        salt = os.urandom(16)
        kek = derive_key(passphrase, salt, params)
        try:
            nonce = os.urandom(12)
            wrapped = AESGCM(kek).encrypt(nonce, master_key, self.aad("passphrase"))
        finally:
            zero(kek)
        self.slots.append(
            {
                "kind": "passphrase",
                "state": state,
                "kdf": params.to_json(),
                "salt": _b64(salt),
                "nonce": _b64(nonce),
                "wrapped": _b64(wrapped),
            }
        )

    def passphrase_candidates(
        self, passphrase: bytes | bytearray
    ) -> Iterator[tuple[str, bytearray]]:
        """Master keys this passphrase unwraps, active slots first (pending after a crash)."""
        ordered = sorted(
            (s for s in self.slots if s.get("kind") == "passphrase"),
            key=lambda s: 0 if s.get("state") == ACTIVE else 1,
        )
        derived: dict[tuple[str, str], bytearray] = {}
        try:
            for slot in ordered:
                try:
                    params = KdfParams.from_json(slot["kdf"])
                    salt = _unb64(slot["salt"])
                    nonce = _unb64(slot["nonce"])
                    wrapped = _unb64(slot["wrapped"])
                except (KeyError, ValueError, TypeError):
                    raise VaultDamaged(_("The vault's key file is damaged.")) from None
                cache_key = (slot["salt"], json.dumps(slot["kdf"], sort_keys=True))
                kek = derived.get(cache_key)
                if kek is None:
                    kek = derive_key(passphrase, salt, params)
                    derived[cache_key] = kek
                key = unwrap(kek, nonce, wrapped, self.aad("passphrase"))
                if key is None:
                    continue
                yield str(slot.get("state")), key
        finally:
            for kek in derived.values():
                zero(kek)

    # -- recovery slots ----------------------------------------------------------------
    def add_recovery_slot(
        self, master_key: bytes | bytearray, public_key: bytes, state: str
    ) -> None:
        sealed = recoverykey.seal(master_key, public_key, self.aad("recovery"))
        self.slots.append({"kind": "recovery", "state": state, **sealed})

    def recovery_public_key(self) -> bytes | None:
        for slot in self.slots:
            if slot.get("kind") == "recovery" and slot.get("state") == ACTIVE:
                return _unb64(slot["public_key"])
        return None

    def recovery_candidates(self, secret: bytes) -> Iterator[tuple[str, bytearray]]:
        ordered = sorted(
            (s for s in self.slots if s.get("kind") == "recovery"),
            key=lambda s: 0 if s.get("state") == ACTIVE else 1,
        )
        for slot in ordered:
            try:
                key = recoverykey.unseal(slot, secret, self.aad("recovery"))
            except (KeyError, ValueError, TypeError):
                raise VaultDamaged(_("The vault's key file is damaged.")) from None
            if key is not None:
                yield str(slot.get("state")), key

    @property
    def has_recovery(self) -> bool:
        return self.recovery_public_key() is not None

    # -- state changes -----------------------------------------------------------------
    def drop(self, state: str) -> None:
        self.slots = [s for s in self.slots if s.get("state") != state]

    def promote_pending(self) -> None:
        self.drop(ACTIVE)
        for slot in self.slots:
            slot["state"] = ACTIVE

    @property
    def has_pending(self) -> bool:
        return any(s.get("state") == PENDING for s in self.slots)

    # -- file ----------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        document = {"format": FORMAT, "version": VERSION, "vault_id": self.vault_id,
                    "slots": self.slots}
        write_atomic(folder / FILE_NAME, json.dumps(document, indent=1).encode("utf-8"))

    @classmethod
    def load(cls, folder: Path) -> KeySlots:
        path = folder / FILE_NAME
        try:
            document = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise VaultDamaged(_("The vault at {folder} has no key file ({file}).")
                               .format(folder=folder, file=FILE_NAME)) from None
        except (OSError, ValueError):
            raise VaultDamaged(_("The vault's key file {path} is unreadable or damaged.")
                               .format(path=path)) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise VaultDamaged(_("{path} is not an evidencekit key file.").format(path=path))
        if document.get("version") != VERSION:
            raise VaultDamaged(_("{path} was written by a newer evidencekit; update the app.")
                               .format(path=path))
        slots = document.get("slots")
        if not isinstance(slots, list) or not all(isinstance(s, dict) for s in slots):
            raise VaultDamaged(_("The vault's key file {path} is damaged.").format(path=path))
        return cls(vault_id=str(document.get("vault_id", "")), slots=slots)
