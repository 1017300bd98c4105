"""Import of a WhatsApp encrypted backup (msgstore.db.crypt15) beside the text export.

Builds a msgstore database of MESSAGES messages in WhatsApp's modern schema (ten chats, one in
25 with a photo, one in 10 a quoted reply), encrypts it as the app does, and imports it into a
fresh vault; the baseline is the WhatsApp text export of the same number of messages
(`chat_bench.whatsapp_text`), imported the same way. Also: the decryption alone, and the
process's peak RSS (the decrypted database is held in memory, twice for a moment: once as bytes,
once in SQLite's own copy).
Usage: python bench/crypt15_bench.py [MESSAGES]   (default 100000)
"""

from __future__ import annotations

import io
import sqlite3
import sys

from chat_bench import WORDS, whatsapp_text
from common import Row, emit, peak_rss_mb, scratch, timed

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.whatsapp_crypt15 import decrypt_database
from tests.importers.crypt15_fixture import KEY_TEXT, ROOT, SCHEMA, T0, encrypt


def msgstore(n: int) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO jid(_id, user, server, raw_string) VALUES (?, ?, ?, ?)",
                   [(i, f"3361234{i:04d}", "s.whatsapp.net", f"3361234{i:04d}@s.whatsapp.net")
                    for i in range(1, 11)])
    db.executemany("INSERT INTO chat(_id, jid_row_id) VALUES (?, ?)",
                   [(i, i) for i in range(1, 11)])
    rows = []
    for i in range(1, n + 1):
        body = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(8))
        photo = i % 25 == 0
        rows.append((i, 1 + i % 10, i % 3 == 0, f"K{i}", T0 + i * 60_000, 1 if photo else 0,
                     None if photo else f"{body} {i}"))
    db.executemany("INSERT INTO message(_id, chat_row_id, from_me, key_id, timestamp,"
                   " message_type, text_data) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO message_media(message_row_id, file_path, mime_type)"
                   " VALUES (?, ?, 'image/jpeg')",
                   [(i, f"Media/WhatsApp Images/IMG-{i:08d}.jpg") for i in range(25, n + 1, 25)])
    db.executemany("INSERT INTO message_quoted(message_row_id, chat_row_id,"
                   " parent_message_chat_row_id, from_me, key_id, text_data)"
                   " VALUES (?, 1, 1, 0, ?, 'quoted')",
                   [(i, f"K{i - 1}") for i in range(10, n + 1, 10)])
    db.commit()
    return db.serialize()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows: list[Row] = []
    with scratch("crypt15") as work:
        database = msgstore(n)
        backup = work / "msgstore.db.crypt15"
        backup.write_bytes(encrypt(database))
        text = work / "_chat.txt"
        text.write_bytes(whatsapp_text(n))
        vault, _ = Vault.create(work / "vault", "bench passphrase crypt15", kdf=TEST_PARAMS)
        plain = ImportOptions(case="bench", timezone="Europe/Paris")
        keyed = ImportOptions(case="bench", timezone="Europe/Paris",
                              backup_key=lambda _name: KEY_TEXT)
        base_t, outcome = timed(lambda: import_one(vault, text, plain))
        assert outcome.status == "imported", outcome.message
        ours_t, outcome = timed(lambda: import_one(vault, backup, keyed))
        assert outcome.status == "imported", outcome.message
        stored = vault.conn.execute("SELECT count(*) FROM messages WHERE item_id = ?",
                                    (outcome.item_id,)).fetchone()[0]
        assert stored == n, (stored, n)
        data = backup.read_bytes()
        decrypt_t, _db = timed(lambda: decrypt_database(io.BytesIO(data), ROOT))
        vault.close()
        rows.append(Row("crypt15", f"import {n} messages from msgstore.db.crypt15 "
                        f"({len(data) >> 20} MB, {len(database) >> 20} MB decrypted)", ours_t,
                        "s", base_t, "about the text export (baseline)", None))
        rows.append(Row("crypt15", "decrypt + decompress alone", decrypt_t, "s"))
        rows.append(Row("crypt15", "messages per second", n / ours_t, "msg/s"))
        rows.append(Row("crypt15", "peak RSS of the bench process", peak_rss_mb(), "MB", None,
                        "< 500 MB"))
    emit(rows)


if __name__ == "__main__":
    main()
