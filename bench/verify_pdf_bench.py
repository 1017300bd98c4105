"""verify-bundle's read-back of dossier.pdf, read in place from the zip, against the former way
(the whole member inflated into memory, then parsed).

    python bench/verify_pdf_bench.py [SCREENSHOTS]

The vault holds SCREENSHOTS noisy 900x700 PNGs (40 by default), so the dossier PDF is about
15 MB and stored in the bundle. Both ways run the same check on the same pages.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile

from common import Row, emit, scratch, timed
from PIL import Image

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.dossier import verify_checks
from evidencekit.dossier.bundle import export_bundle
from evidencekit.dossier.request import DossierRequest
from evidencekit.dossier.verify_bundle import verify_bundle
from evidencekit.importers.batch import ImportOptions, import_one


def in_memory(zf: zipfile.ZipFile, report: object) -> None:
    """The same check with the member read whole into memory, as before (the one line that
    differs put back for the measurement)."""
    kept = verify_checks._stored_window
    verify_checks._stored_window = lambda archive, info: io.BytesIO(archive.read(info))  # type: ignore[assignment]
    try:
        verify_checks.check_dossier_pdf(zf, report)  # type: ignore[arg-type]
    finally:
        verify_checks._stored_window = kept


def main() -> None:
    shots = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rows: list[Row] = []
    with scratch("verify_pdf") as work:
        rng = random.Random(1)
        vault, _ = Vault.create(work / "vault", "bench pass phrase", kdf=TEST_PARAMS)
        with vault:
            for n in range(shots):
                path = work / f"shot{n}.png"
                Image.frombytes("RGB", (900, 700), rng.randbytes(900 * 700 * 3)).save(path)
                import_one(vault, path, ImportOptions(case="bench"))
            out = work / "bundle.zip"
            export_bundle(vault, DossierRequest("police", case="bench"), out)
        report = verify_bundle(out)
        assert report.ok, (report.bad, report.general)
        best_new = best_old = float("inf")
        for _ in range(5):
            with zipfile.ZipFile(out) as zf:
                new_t, _r = timed(lambda: verify_checks.check_dossier_pdf(zf, report))
            with zipfile.ZipFile(out) as zf:
                old_t, _r = timed(lambda: in_memory(zf, report))
            best_new, best_old = min(best_new, new_t), min(best_old, old_t)
        size = zipfile.ZipFile(out).getinfo(verify_checks.PDF).file_size / 1e6
        rows.append(Row("verifypdf", f"dossier.pdf read back in place ({size:.1f} MB)",
                        best_new, "s", best_old, "<= 1.2x inflating it into memory",
                        best_new <= 1.2 * best_old))
    emit(rows)


if __name__ == "__main__":
    main()
