"""Opening a page of a long chat with replies resolved and media linked at reading time.

The viewer and the dossier look up, per page of 200 messages, the message each Telegram reply
points to (a JSON field of the stored messages, so a scan of the chat) and each media
reference's file by SHA-256 (an indexed lookup). Baseline: the same page read without them.
Target: a page still opens well under the 100 ms a reader notices.
The same for a Telegram HTML export of the same size, in pages of 1,000 messages (each page
opens with a day heading), where the importer found each answered message across the pages
and the reader reads one row per reply.
Usage: python bench/reply_bench.py [MESSAGES]   (default 50000)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

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


def html_export(folder: Path, n: int) -> Path:
    """Pages of 1,000 messages as Telegram Desktop writes them; a reply links to its page."""
    root = folder / "ChatExport"
    root.mkdir()
    for start in range(1, n + 1, 1000):
        number = start // 1000 + 1
        blocks = [f'<div class="message service" id="message-{number}"><div class="body '
                  f'details">{number} November 2026</div></div>']
        for i in range(start, min(start + 1000, n + 1)):
            reply = ""
            if i % 4 == 0:
                target = max(1, i - 37)
                other = (target - 1) // 1000 + 1
                page = "" if other == number else \
                    ("messages.html" if other == 1 else f"messages{other}.html")
                reply = (f'<div class="reply_to details">In reply to <a href="{page}#go_to_message'
                         f'{target}" onclick="return GoToMessage({target})">this message</a></div>')
            blocks.append(
                f'<div class="message default clearfix" id="message{i}"><div class="body">'
                '<div class="pull_right date details" title="12.11.2026 21:05:00 UTC+01:00">'
                f'21:05</div><div class="from_name">{"Karim" if i % 3 else "Lina"}</div>{reply}'
                f'<div class="text">je vais te retrouver #{i}</div></div></div>')
        name = "messages.html" if number == 1 else f"messages{number}.html"
        (root / name).write_text(
            '<html><body><div class="page_wrap"><div class="history">' + "\n".join(blocks)
            + "</div></div></body></html>", encoding="utf-8")
    return root


def page_times(vault: Vault, chat: int, offset: int, expected: int) -> tuple[float, float]:
    """(best time with replies resolved, best time of the plain page)."""
    def plain() -> list[dict[str, object]]:
        return list_messages(vault.conn, item_id=chat, limit=200, offset=offset)

    def resolved() -> int:
        rows = plain()
        link_media(vault.conn, rows)
        resolve_replies(vault.conn, rows)
        return sum(1 for r in rows if isinstance(r["extra"], dict) and "quoted" in r["extra"])

    plain()  # warm the page cache for both
    base = min(timed(plain)[0] for _ in range(5))
    runs = [timed(resolved) for _ in range(5)]
    assert runs[0][1] == expected, runs[0][1]  # every reply on the page found its message
    return min(s for s, _ in runs), base


def html_row(n: int) -> Row:
    with scratch("reply-html") as folder:
        vault, _ = Vault.create(folder / "vault", "bench pass phrase", kdf=TEST_PARAMS)
        [outcome] = import_paths(vault, [html_export(folder, n)], ImportOptions(case="C"))
        assert outcome.status == "imported", outcome.message
        chat = int(outcome.item_id)
        rows = int(vault.conn.execute("SELECT count(*) FROM messages WHERE item_id = ?",
                                      (chat,)).fetchone()[0])
        # The last 200 rows: no day heading among them when n is a multiple of 1,000.
        seconds, base = page_times(vault, chat, rows - 200, 50)
        vault.close()
    return Row("reply", f"same, Telegram HTML in pages, {n:,} msgs", seconds * 1000, "ms",
               base * 1000, "< 100 ms", seconds < 0.1)


def main(n: int) -> None:
    with scratch("reply") as folder:
        vault, _ = Vault.create(folder / "vault", "bench pass phrase", kdf=TEST_PARAMS)
        path = folder / "result.json"
        path.write_bytes(export(n))
        [outcome] = import_paths(vault, [path], ImportOptions(case="C"))
        chat = int(outcome.item_id)
        offset = n - 200  # the last page: the scan cannot stop early
        seconds, base = page_times(vault, chat, offset, 50)
        vault.close()
    emit([Row("reply", f"page of 200 with replies resolved, {n:,} msgs", seconds * 1000,
              "ms", base * 1000, "< 100 ms", seconds < 0.1), html_row(n)])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50000)
