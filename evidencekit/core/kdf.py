"""Argon2id key derivation, calibrated on the user's machine when a vault is created."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

from _argon2_cffi_bindings import ffi, lib
from argon2.exceptions import HashingError
from argon2.low_level import Type, error_to_str

# Floors from security.md: at least 64 MiB, and a target of about 0.5-1 s on this machine.
MIN_MEMORY_KIB = 64 * 1024
TARGET_SECONDS = 0.6
MAX_TIME_COST = 40
# Tests set this to get a vault that opens in milliseconds. The parameters are stored with the
# vault, so a vault created this way stays weak: `init` says so loudly when it is set.
INSECURE_TEST_ENV = "EVIDENCEKIT_INSECURE_TEST_KDF"


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int
    algorithm: str = "argon2id"
    version: int = 19

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        params = cls(
            time_cost=int(str(data["time_cost"])),
            memory_kib=int(str(data["memory_kib"])),
            parallelism=int(str(data["parallelism"])),
            algorithm=str(data.get("algorithm", "argon2id")),
            version=int(str(data.get("version", 19))),
        )
        if params.algorithm != "argon2id" or params.version != 19:
            raise ValueError("unsupported key derivation")
        if not (1 <= params.time_cost <= 1000 and 8 <= params.memory_kib <= 16 * 1024 * 1024):
            raise ValueError("key derivation parameters out of range")
        if not 1 <= params.parallelism <= 64:
            raise ValueError("key derivation parameters out of range")
        return params

    @property
    def is_production(self) -> bool:
        return self.memory_kib >= MIN_MEMORY_KIB


TEST_PARAMS = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def derive_key(secret: bytes | bytearray, salt: bytes, params: KdfParams) -> bytearray:
    """32 raw bytes from a passphrase; returned as a bytearray so the caller can zero it.

    argon2-cffi's `hash_secret_raw` copies the secret into a C buffer it frees without wiping
    and returns the key as immutable bytes. We call the same C function (argon2_hash) with
    pointers straight into our own bytearrays instead, so neither the passphrase nor the key
    is ever copied where it cannot be zeroed. Argon2 wipes its own working memory.
    """
    out = bytearray(32)
    rv = lib.argon2_hash(
        params.time_cost, params.memory_kib, params.parallelism,
        ffi.from_buffer("uint8_t[]", secret), len(secret),
        ffi.from_buffer("uint8_t[]", salt), len(salt),
        ffi.from_buffer("uint8_t[]", out, require_writable=True), len(out),
        ffi.NULL, 0, Type.ID.value, params.version,
    )
    if rv != lib.ARGON2_OK:
        raise HashingError(error_to_str(rv))
    return out


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Pick parameters costing about `target_seconds` here, never below the 64 MiB floor."""
    if os.environ.get(INSECURE_TEST_ENV) == "1":
        return TEST_PARAMS
    parallelism = max(1, min(4, os.cpu_count() or 1))
    memory = MIN_MEMORY_KIB * 2 if (os.cpu_count() or 1) >= 2 else MIN_MEMORY_KIB
    salt = os.urandom(16)
    time_cost = 1
    while True:
        params = KdfParams(time_cost=time_cost, memory_kib=memory, parallelism=parallelism)
        started = time.perf_counter()
        derive_key(b"calibration", salt, params)
        elapsed = time.perf_counter() - started
        if elapsed >= target_seconds or time_cost >= MAX_TIME_COST:
            return params
        # Scale up in one step when far below the target, then refine by one.
        ratio = target_seconds / max(elapsed, 1e-3)
        time_cost = max(time_cost + 1, min(MAX_TIME_COST, int(time_cost * ratio * 0.9)))
