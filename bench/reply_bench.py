"""Opening a page of a long chat with replies resolved and media linked at reading time.

The viewer and the dossier look up, per page of 200 messages, the message each Telegram reply
points to (a JSON field of the stored messages, so a scan of the chat) and each media
reference's file by SHA-256 (an indexed lookup). Baseline: the same page read without them.
Target: a page still opens well under the 100 ms a reader notices.
Usage: python bench/reply_bench.py [MESSAGES]   (default 50000)
"""

from __future__ import annotations

import json
import sys

from common import Row, emit, scratch, timed

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.media_links import link_media
from evidencekit.core.message_notes import resolve_replies
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_paths


def export(n: int) -> bytes:
    messages = []
    for i in range(1, n + 1):
        record = {"id": i, "type": "message", "date": "2026-11-12T21:05:00",
                  "date_unixtime": str(1794513600 + i), "from": "Karim" if i % 3 else "Lina",
                  "text": f"je vais te retrouver #{i}"}
        if i % 4 == 0:  # one message in four replies to one a while back
            record["reply_to_message_id"] = max(1, i - 37)
        messages.append(record)
    return json.dumps({"name": "Karim", "type": "personal_chat", "id": 1,
                       "messages": messages}).encode()


def main(n: int) -> None:
    with scratch("reply") as folder:
        vault, _ = Vault.create(folder / "vault", "bench pass phrase", kdf=TEST_PARAMS)
        path = folder / "result.json"
        path.write_bytes(export(n))
        [outcome] = import_paths(vault, [path], ImportOptions(case="C"))
        chat = int(outcome.item_id)
        offset = n - 200  # the last page: the scan cannot stop early

        def plain() -> list[dict[str, object]]:
            return list_messages(vault.conn, item_id=chat, limit=200, offset=offset)

        def resolved() -> int:
            rows = plain()
            link_media(vault.conn, rows)
            resolve_replies(vault.conn, rows)
            return sum(1 for r in rows if isinstance(r["extra"], dict)
                       and "quoted" in r["extra"])

        plain()  # warm the page cache for both
        base = min(timed(plain)[0] for _ in range(5))
        runs = [timed(resolved) for _ in range(5)]
        seconds = min(s for s, _ in runs)
        assert runs[0][1] == 50, runs[0][1]  # every reply on the page found its message
        vault.close()
    emit([Row("reply", f"page of 200 with replies resolved, {n:,} msgs", seconds * 1000,
              "ms", base * 1000, "< 100 ms", seconds < 0.1)])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50000)
