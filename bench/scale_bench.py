"""A big vault: many messages, many images, gigabytes of originals; the everyday actions timed.

Issue 6 asks for 100,000 messages, 10,000 images and 5 GB of originals. That run takes long and
needs about 11 GB of free disk (originals plus the vault), so it is opt-in:
    python bench/scale_bench.py --messages 100000 --images 10000 --gigabytes 5
The default is a medium vault that `make bench` runs in a few minutes.
Measured: unlock (beyond the KDF), list all items, search, open a chat (first 200 messages),
export a 300-exhibit dossier; each with the process's peak memory.
"""

from __future__ import annotations

import argparse
import io
import os
import time

from common import Row, emit, peak_rss_mb, scratch, timed
from PIL import Image

from evidencekit.core import search
from evidencekit.core.evidence import ensure_case, list_items
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_one

PASS = "scale bench passphrase"


def screenshot(i: int) -> bytes:
    img = Image.new("RGB", (1080, 1920), (240, 240 - i % 50, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--gigabytes", type=float, default=0.5)
    args = parser.parse_args()
    rows: list[Row] = []
    with scratch("scale") as work:
        vault, _ = Vault.create(work / "vault", PASS, kdf=TEST_PARAMS)
        started = time.perf_counter()
        with vault.transaction() as conn:
            case_id = ensure_case(conn, "scale")
            for i in range(args.images):
                store_stream(conn, io.BytesIO(screenshot(i) + i.to_bytes(4, "big")),
                             SourceFacts(f"Screenshot_{i:05d}.png", "bench", None),
                             case_id=case_id)
        blob_count = max(1, int(args.gigabytes * 1024 / 64))
        for i in range(blob_count):  # 64 MB "videos" of random bytes, one transaction each
            with vault.transaction() as conn:
                store_stream(conn, io.BytesIO(os.urandom(64 * 1024 * 1024)),
                             SourceFacts(f"video_{i:04d}.mp4", "bench", None), case_id=case_id)
        from chat_bench import whatsapp_text

        chat = work / "_chat.txt"
        chat.write_bytes(whatsapp_text(args.messages))
        outcome = import_one(vault, chat, ImportOptions(case="scale", timezone="Europe/Paris"))
        chat_id = outcome.item_id
        build_s = time.perf_counter() - started
        vault.close()
        size_gb = sum(p.stat().st_size for p in (work / "vault").iterdir()) / 2**30
        print(f"vault built in {build_s:.0f} s: {args.images} images, {blob_count} x 64 MB, "
              f"{args.messages} messages, {size_gb:.2f} GB on disk")

        t, vault = timed(lambda: Vault.open(work / "vault", PASS))
        rows.append(Row("scale", f"unlock ({size_gb:.1f} GB vault, test KDF)", t * 1000, "ms",
                        None, "< 200 ms beyond the KDF", t < 0.2))
        t, items = timed(lambda: list(list_items(vault.conn, "scale")))
        rows.append(Row("scale", f"list {len(items)} items", t * 1000, "ms"))
        t, _hits = timed(lambda: search.search(vault.conn, "menace", limit=50))
        rows.append(Row("scale", f"search over {args.messages} messages", t * 1000, "ms", None,
                        "< 50 ms", t < 0.05))
        t, _page = timed(lambda: list_messages(vault.conn, item_id=chat_id, limit=200))
        rows.append(Row("scale", "open a chat (first 200 messages)", t * 1000, "ms"))
        image_ids = tuple(i.id for i in items if i.original and
                          i.original.media_type == "image/png")[:300]
        request = DossierRequest(recipient="lawyer", lang="fr", case="scale", item_ids=image_ids)
        t, result = timed(lambda: render_dossier(vault, request, work / "dossier.pdf"))
        rows.append(Row("scale", f"export a {len(image_ids)}-exhibit dossier "
                        f"({result.pages} pages)", t, "s"))
        rows.append(Row("scale", "peak RSS of the whole run", peak_rss_mb(), "MB", None,
                        "< 500 MB", peak_rss_mb() < 500))
        vault.close()
    emit(rows)


if __name__ == "__main__":
    main()
