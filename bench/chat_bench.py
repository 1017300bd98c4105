"""Import of a 100,000-message WhatsApp export and an SMS backup of the same size.

Prints messages per second and peak memory beside a baseline that only reads the same file and
splits its lines, and full-text search time over the imported messages. WhatsApp's peak memory is
measured at MESSAGES and at four times as many, to show whether it grows with the export.
Targets (design.md): under 5 s for 100,000 WhatsApp messages; memory flat as the file grows;
search under 50 ms per query.
Usage: python bench/chat_bench.py [MESSAGES]   (default 100000)
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

from common import Row, emit, scratch, timed

from evidencekit.core import search
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one

WORDS = ("je", "vais", "te", "retrouver", "demain", "lycée", "photo", "menace", "سأنشر", "صورك",
         "🔪", "tu", "es", "seule", "ce", "soir", "réponds", "vite", "arrête", "plainte")


def whatsapp_text(n: int) -> bytes:
    lines = []
    for i in range(n):
        day, minute = 1 + (i // 1440) % 28, i % 1440
        stamp = f"{day:02d}/11/2026 {minute // 60:02d}:{minute % 60:02d}"
        sender = "Karim" if i % 3 else "Lina"
        body = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(8))
        if i % 10 == 0:
            lines.append(f"[{stamp}:00] {sender}: {body}\nsuite du message {i}")
        elif i % 25 == 0:
            lines.append(f"\u200e[{stamp}:00] {sender}: \u200e<attached: {i:08d}-PHOTO.jpg>")
        else:
            lines.append(f"[{stamp}:00] {sender}: {body} {i}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sms_xml(n: int) -> bytes:
    parts = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", f'<smses count="{n}">']
    for i in range(n):
        body = " ".join(WORDS[(i * 3 + k) % len(WORDS)] for k in range(8))
        parts.append(f'<sms address="+33612345678" date="{1731441900000 + i * 1000}" '
                     f'type="{1 + i % 2}" body="{body} {i}" readable_date="x" contact_name="K" />')
    parts.append("</smses>")
    return "\n".join(parts).encode("utf-8")


def peak_import(work: Path, label: str, path: Path, options: ImportOptions) -> int:
    """Python peak memory (tracemalloc) of importing `path` into a fresh vault.

    A run of its own: tracemalloc slows Python down 2-3x, so it must not be on while timing.
    """
    spare, _ = Vault.create(work / f"vault-{label}", "bench passphrase chats", kdf=TEST_PARAMS)
    tracemalloc.start()
    try:
        outcome = import_one(spare, path, options)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        spare.close()
    assert outcome.status == "imported", outcome.message
    return peak


def whatsapp_growth(work: Path, n: int, peak_n: int, options: ImportOptions) -> list[Row]:
    """Peak memory for an export four times larger, beside the one at n messages."""
    data = whatsapp_text(4 * n)
    path = work / "_chat_4x.txt"
    path.write_bytes(data)
    peak = peak_import(work, "whatsapp-4x", path, options)
    return [
        Row("chat", f"whatsapp: Python peak memory, {4 * n} messages", peak / 2**20, "MB",
            len(data) / 2**20, "flat in file size", None),
        Row("chat", f"whatsapp: peak memory at {4 * n} / at {n} messages", peak / peak_n, "x",
            None, "flat: about 1x", peak / peak_n < 1.5),
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows: list[Row] = []
    with scratch("chat") as work:
        vault, _ = Vault.create(work / "vault", "bench passphrase chats", kdf=TEST_PARAMS)
        options = ImportOptions(case="bench", timezone="Europe/Paris")
        for label, name, data in (("whatsapp", "_chat.txt", whatsapp_text(n)),
                                  ("sms", "sms.xml", sms_xml(n))):
            path = work / name
            path.write_bytes(data)

            def baseline(path=path) -> int:  # type: ignore[no-untyped-def]
                with open(path, encoding="utf-8") as fh:
                    return sum(1 for _line in fh)

            base_t, _ = timed(baseline)
            ours_t, outcome = timed(lambda path=path: import_one(vault, path, options))
            assert outcome.status == "imported", outcome.message
            peak = peak_import(work, label, path, options)
            stored = vault.conn.execute("SELECT count(*) FROM messages WHERE item_id = ?",
                                        (outcome.item_id,)).fetchone()[0]
            target = "< 5 s for 100,000" if label == "whatsapp" else ""
            ok = ours_t < 5.0 * n / 100_000 if label == "whatsapp" else None
            rows.append(Row("chat", f"{label}: import {stored} messages ({len(data) >> 20} MB)",
                            ours_t, "s", base_t, target, ok))
            rows.append(Row("chat", f"{label}: messages per second", stored / ours_t, "msg/s"))
            rows.append(Row("chat", f"{label}: Python peak memory (tracemalloc)", peak / 2**20,
                            "MB", len(data) / 2**20, "flat in file size", None))
            if label == "whatsapp":
                rows.extend(whatsapp_growth(work, n, peak, options))
        queries = ["menace", "LYCEE", "صورك", "retrouver demain", "plainte vite", "zzzz"]
        search.search(vault.conn, "warm")
        started = time.perf_counter()
        for q in queries * 5:
            search.search(vault.conn, q, limit=50)
        per_query = (time.perf_counter() - started) / (len(queries) * 5) * 1000
        total = vault.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        rows.append(Row("search", f"query over {total} messages (top 50)", per_query, "ms",
                        None, "< 50 ms", per_query < 50))
        vault.close()
    emit(rows)


if __name__ == "__main__":
    main()
