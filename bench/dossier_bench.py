"""Benchmark: a dossier of N image exhibits against a bare reportlab PDF of the same images.

    python bench/dossier_bench.py [N] [--width 1080] [--height 1920] [--no-tracemalloc]

Each measured run happens in its own fresh process, so ru_maxrss is that run's own peak. The
baseline reads the same originals from the same vault and draws one per page on a bare canvas.
Targets (design.md): render time at most 3x the baseline; peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evidencekit.core.evidence import ensure_case  # noqa: E402
from evidencekit.core.intake import SourceFacts, store_stream  # noqa: E402
from evidencekit.core.kdf import TEST_PARAMS  # noqa: E402
from evidencekit.core.model import Annotations  # noqa: E402
from evidencekit.core.vault import Vault  # noqa: E402

PASS = "bench pass phrase"
CASE = "Bench"


def screenshot(n: int, width: int, height: int) -> bytes:
    """A phone-screenshot-like PNG: flat colours, bars and text, different for every n."""
    rng = random.Random(n)
    img = Image.new("RGB", (width, height), (245, 245, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, height // 14), fill=(rng.randrange(256), 90, 140))
    y = height // 10
    while y < height - 120:
        h = rng.randrange(60, 220)
        left = rng.choice((30, width // 4))
        draw.rounded_rectangle((left, y, left + width * 2 // 3, y + h), radius=28,
                               fill=(rng.randrange(180, 256), rng.randrange(180, 256), 255))
        draw.text((left + 24, y + 20), f"message {n}-{y} " * 3, fill=(20, 20, 20))
        y += h + 30
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def build_vault(folder: Path, count: int, width: int, height: int) -> int:
    vault, _ = Vault.create(folder, PASS, kdf=TEST_PARAMS)
    total = 0
    with vault:
        for start in range(0, count, 50):
            with vault.transaction() as tx:
                case_id = ensure_case(tx, CASE)
                for n in range(start, min(count, start + 50)):
                    data = screenshot(n, width, height)
                    total += len(data)
                    store_stream(tx, io.BytesIO(data), SourceFacts(f"shot-{n}.png", "(bench)",
                                                                   None),
                                 case_id=case_id, annotations=Annotations(
                                     title=f"Capture {n}", platform="instagram",
                                     url=f"https://example.org/p/{n}", category="threats"))
        # Numbers are given once; giving them here keeps that one-off cost out of the timing.
        from evidencekit.dossier.exhibits import select
        from evidencekit.dossier.request import DossierRequest

        select(vault, DossierRequest("police", case=CASE))
    return total


def bare_pdf(vault_dir: Path, out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from evidencekit.core.blobreader import open_reader

    with Vault.open(vault_dir, PASS) as vault:
        ids = [int(r[0]) for r in vault.conn.execute("SELECT item_id FROM originals ORDER BY 1")]
        canvas = Canvas(str(out), pagesize=A4)
        for item_id in ids:
            with open_reader(vault.conn, item_id) as reader:
                image = ImageReader(io.BytesIO(reader.read()))
            w, h = image.getSize()
            scale = min((A4[0] - 72) / w, (A4[1] - 72) / h)
            canvas.drawImage(image, 36, 36, w * scale, h * scale)
            canvas.showPage()
        canvas.save()


def dossier(vault_dir: Path, out: Path) -> None:
    from evidencekit.dossier.bundle import default_renderer
    from evidencekit.dossier.request import DossierRequest

    with Vault.open(vault_dir, PASS) as vault:
        default_renderer()(vault, DossierRequest("police", case=CASE), out)


def _child(what: str, vault_dir: str, out: str, trace: bool, queue: Any) -> None:
    job = {"bare": bare_pdf, "dossier": dossier}[what]
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    job(Path(vault_dir), Path(out))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    queue.put({"seconds": elapsed, "traced_peak": peak,
               "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
               "pdf_bytes": Path(out).stat().st_size})


def measure(what: str, vault_dir: Path, out: Path, trace: bool) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(what, str(vault_dir), str(out), trace, queue))
    process.start()
    result: dict[str, float] = queue.get()
    process.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=300)
    parser.add_argument("--width", type=int, default=1080)
    parser.add_argument("--height", type=int, default=1920)
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args()
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="ek-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        total = build_vault(folder / "vault", args.count, args.width, args.height)
        print(f"{args.count} screenshots {args.width}x{args.height}, {total / mb:.1f} MB of PNG, "
              f"vault built in {time.perf_counter() - started:.1f} s")
        bare = measure("bare", folder / "vault", folder / "bare.pdf", False)
        render = measure("dossier", folder / "vault", folder / "dossier.pdf", False)
        print(f"bare reportlab PDF : {bare['seconds']:7.2f} s  maxrss {bare['maxrss'] / mb:6.0f} MB"
              f"  pdf {bare['pdf_bytes'] / mb:.1f} MB")
        print(f"render_dossier     : {render['seconds']:7.2f} s  maxrss "
              f"{render['maxrss'] / mb:6.0f} MB  pdf {render['pdf_bytes'] / mb:.1f} MB")
        ratio = render["seconds"] / bare["seconds"]
        print(f"ratio              : {ratio:.2f}x  (target <= 3x)")
        ok = ratio <= 3 and render["maxrss"] < 500 * mb
        if not args.no_tracemalloc:
            traced = measure("dossier", folder / "vault", folder / "dossier2.pdf", True)
            print(f"tracemalloc peak   : {traced['traced_peak'] / mb:.0f} MB (Python objects, "
                  f"separate run)")
            ok = ok and traced["traced_peak"] < 500 * mb
        print("targets met" if ok else "TARGETS MISSED")
        from common import Row, emit

        emit([
            Row("dossier", f"render {args.count} image exhibits", render["seconds"], "s",
                bare["seconds"], "<= 3x bare PDF", ratio <= 3),
            Row("dossier", "peak RSS of the render process", render["maxrss"] / mb, "MB",
                bare["maxrss"] / mb, "< 500 MB", render["maxrss"] < 500 * mb),
        ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
