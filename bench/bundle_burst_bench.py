"""A bundle holding very compressible originals (issue 14 item 3), against a bare zip of them.

    python bench/bundle_burst_bench.py [LINES] [TEXTS]

The vault holds a chat of one message sent LINES times (stored uncompressed in the bundle) and
TEXTS log-like text files of 4 MiB (deflated; each one's first MiB is sampled to decide). The
baseline writes the same bytes with plain zipfile (deflate) and hashes them back: the ratio is
the cost of the bundle's own work (manifest, signatures, dossier, read-back verification).
"""

from __future__ import annotations

import hashlib
import random
import sys
import zipfile

from common import Row, emit, peak_rss_mb, scratch, timed

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from evidencekit.importers.batch import ImportOptions, import_one

PASS = "bench pass phrase"
LINE = "[12/11/2026 21:05:01] Karim: Tu vas voir ce qui va t'arriver\n"


def log_text(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    words = ["menace", "photo", "compte", "message", "police", "lien", "vidéo", "ami"]
    lines = []
    total = 0
    while total < size:
        line = f"{rng.randrange(10**9)} {' '.join(rng.choices(words, k=8))}\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()[:size]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    texts = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    rows: list[Row] = []
    with scratch("bundle_burst") as work:
        inputs = work / "in"
        inputs.mkdir()
        chat = inputs / "WhatsApp Chat with Karim.txt"
        chat.write_text(LINE * count, encoding="utf-8")
        paths = [chat]
        for n in range(texts):
            path = inputs / f"journal-{n}.log"
            path.write_bytes(log_text(n, 4 * 1024 * 1024))
            paths.append(path)
        vault, _ = Vault.create(work / "vault", PASS, kdf=TEST_PARAMS)
        with vault:
            for path in paths:
                outcome = import_one(vault, path, ImportOptions(case="bench"))
                assert outcome.status == "imported", outcome.message
            out = work / "bundle.zip"
            export_t, _r = timed(lambda: export_bundle(vault, DossierRequest("police",
                                                                             case="bench"), out))
        verify_t, report = timed(lambda: verify_bundle(out))
        assert report.ok, (report.bad, report.general)

        def bare() -> None:
            with zipfile.ZipFile(work / "bare.zip", "w", zipfile.ZIP_DEFLATED) as zf:
                for path in paths:
                    zf.write(path, path.name)
            with zipfile.ZipFile(work / "bare.zip") as zf:
                for name in zf.namelist():
                    hashlib.sha256(zf.read(name)).hexdigest()

        bare_t, _ = timed(bare)
        rows.append(Row("burst", f"export bundle ({count} identical lines + {texts} texts)",
                        export_t, "s", bare_t, "< 10x a bare zip", export_t < 10 * bare_t))
        rows.append(Row("burst", "verify-bundle of it", verify_t, "s", bare_t,
                        "< 3x a bare zip", verify_t < 3 * bare_t))
        rows.append(Row("burst", "peak resident memory", peak_rss_mb(), "MB", None, "< 500 MB",
                        peak_rss_mb() < 500))
    emit(rows)


if __name__ == "__main__":
    main()
