"""Unlock time: the key derivation's own cost plus the rest, on an empty and a filled vault.

Target (design.md): the KDF's cost (about 0.5-1 s by design) plus under 200 ms, at any size.
Usage: python bench/unlock_bench.py [ITEMS]   (default 2000 small originals in the filled vault)
"""

from __future__ import annotations

import io
import os
import sys

from common import Row, emit, scratch, timed

from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import calibrate, derive_key
from evidencekit.core.keyslots import KeySlots
from evidencekit.core.vault import Vault

PASS = "bench unlock passphrase"


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    os.environ.pop("EVIDENCEKIT_INSECURE_TEST_KDF", None)
    params = calibrate()
    rows: list[Row] = []
    with scratch("unlock") as work:
        for label, count in (("empty", 0), ("filled", items)):
            folder = work / label
            vault, _ = Vault.create(folder, PASS, kdf=params)
            with vault.transaction() as conn:
                case_id = ensure_case(conn, "bench")
                for i in range(count):
                    store_stream(conn, io.BytesIO(os.urandom(4096) + str(i).encode()),
                                 SourceFacts(f"f{i}.bin", "bench", None), case_id=case_id)
            vault.close()
            slot = KeySlots.load(folder).slots[0]
            import base64

            salt = base64.b64decode(slot["salt"])
            # Best of three for both, so the difference is the unlock's own cost, not noise.
            kdf_t = min(timed(lambda salt=salt: derive_key(PASS.encode(), salt, params))[0]
                        for _ in range(3))
            best = min(timed(lambda folder=folder: Vault.open(folder, PASS).close())[0]
                       for _ in range(3))
            extra_ms = (best - kdf_t) * 1000
            rows.append(Row("unlock", f"unlock {label} vault ({count} items), beyond the KDF",
                            extra_ms, "ms", None, "< 200 ms", extra_ms < 200))
        rows.append(Row("unlock", f"KDF alone (Argon2id t={params.time_cost}, "
                        f"{params.memory_kib // 1024} MiB, p={params.parallelism})", kdf_t, "s",
                        None, "0.5-1 s", 0.4 <= kdf_t <= 1.2))
    emit(rows)


if __name__ == "__main__":
    main()
