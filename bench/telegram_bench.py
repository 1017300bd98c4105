"""Parse of a large Telegram result.json: peak Python memory against json.loads of the same file.

The parser streams the file (ijson, two passes), so its memory should stay flat as the export
grows, where json.loads (what the importer did before) holds the whole document. Measured with
tracemalloc at N and 4N messages; the baseline is json.loads of the same bytes.
Target (issue: memory on hostile files): no import over 500 MB resident, memory flat in size.
Usage: python bench/telegram_bench.py [MESSAGES]   (default 100000)
"""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
import zoneinfo

from common import Row, emit, timed

from evidencekit.importers.telegram import parse_telegram


def export(n: int) -> bytes:
    messages = [{"id": i, "type": "message", "date": "2026-11-12T21:05:00",
                 "date_unixtime": str(1794513600 + i), "from": "Karim" if i % 3 else "Lina",
                 "from_id": "user42", "text": ["je vais te retrouver ",
                                               {"type": "bold", "text": "ce soir"}, f" #{i}"],
                 "text_entities": [{"type": "plain", "text": "je vais te retrouver "}]}
                for i in range(n)]
    return json.dumps({"name": "Karim", "type": "personal_chat", "id": 1,
                       "messages": messages}, ensure_ascii=False).encode()


def peak(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    seconds, _ = timed(fn)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, top / 2**20


def main(n: int) -> None:
    rows: list[Row] = []
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    for size in (n, 4 * n):
        data = export(size)

        def stream(data: bytes = data) -> int:
            result = parse_telegram(io.BytesIO(data), source_name="result.json", timezone=zone)
            return sum(1 for _ in result.messages)

        base_s, base_mb = peak(lambda data=data: json.loads(data))
        s, mb = peak(stream)
        rows.append(Row("telegram", f"peak MB, {size:,} msgs ({len(data) // 2**20} MB file)",
                        mb, "MB", base_mb, "flat; < 500", mb < 500))
        rows.append(Row("telegram", f"parse time, {size:,} msgs", s, "s", base_s))
    emit(rows)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
