"""The evidence list now shows an export's media under it: the cost of its page query.

Two vaults, timed with the query before this change (top-level items only) as the baseline:
- 100,000 top-level items;
- one export holding 100,000 parts that are not media (JSON threads of a whole account, which
  stay hidden) followed by 300 items: the page query must step over the hidden parts.
Each figure is the median of 20 fetches of the first page (200 rows) and of a page at the end.
Usage: python bench/export_media_bench.py [items]
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time

from common import Row, emit, scratch

from evidencekit.core.evidence import ensure_case
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.gui.main import evidence_model

OLD_SQL = (
    "SELECT i.id, i.kind, o.original_name, a.title, a.url, o.media_type, o.size,"
    " COALESCE(o.imported_at, i.created_at), a.category, a.sensitive, r.item_id, i.parent_id"
    " FROM items i LEFT JOIN originals o ON o.item_id = i.id"
    " LEFT JOIN annotations a ON a.item_id = i.id LEFT JOIN removals r ON r.item_id = i.id"
    " WHERE i.case_id = ? AND i.parent_id IS NULL AND i.id > ? ORDER BY i.id LIMIT ?"
)


def fill(vault: Vault, hidden: int, shown: int) -> int:
    now = now_iso()
    with vault.transaction() as conn:
        case_id = ensure_case(conn, "bench")
        parent = None
        for n in range(hidden + shown + (1 if hidden else 0)):
            is_export = hidden and n == 0
            child = hidden and 0 < n <= hidden
            item_id = conn.execute(
                "INSERT INTO items (case_id, kind, parent_id, created_at) VALUES (?, 'file', ?, ?)",
                (case_id, parent if child else None, now)).lastrowid
            if is_export:
                parent = item_id
            media = "application/zip" if is_export else (
                "application/json" if child else "image/png")
            conn.execute(
                "INSERT INTO originals (item_id, sha256, size, media_type, original_name,"
                " source_path, imported_at, import_timezone, chunk_size, chunk_count)"
                " VALUES (?, ?, 1, ?, ?, '', ?, 'UTC', 1, 0)",
                (item_id, hashlib.sha256(str(n).encode()).hexdigest(), media, f"f{n}", now))
    return case_id


def median_ms(vault: Vault, sql: str, case_id: int, after: int) -> float:
    times = []
    for _ in range(20):
        start = time.perf_counter()
        vault.conn.execute(sql, (case_id, after, evidence_model.PAGE_SIZE)).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = []
    with scratch("export-media") as folder:
        for label, hidden, shown in (("top-level items", 0, items),
                                     ("export with hidden parts", items, 300)):
            vault, _key = Vault.create(folder / label.replace(" ", "-"), "bench passphrase",
                                       kdf=TEST_PARAMS)
            case_id = fill(vault, hidden, shown)
            last = int(vault.conn.execute("SELECT max(id) FROM items").fetchone()[0])
            for where, after in (("first page", 0), ("last page", last - 150)):
                new = median_ms(vault, evidence_model._PAGE_SQL, case_id, after)
                old = median_ms(vault, OLD_SQL, case_id, after)
                rows.append(Row("export-media", f"{label}, {where}", round(new, 2), "ms",
                                round(old, 2), "< 50 ms", new < 50))
            vault.close()
    emit(rows)


if __name__ == "__main__":
    main()
