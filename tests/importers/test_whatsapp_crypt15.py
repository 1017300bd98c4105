"""WhatsApp's encrypted backup (msgstore.db.crypt15): decrypted in memory, every message read."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.core.vault import Vault
from evidencekit.importers import whatsapp_crypt15 as c15
from evidencekit.importers.batch import ImportOptions, import_paths
from evidencekit.importers.whatsapp_msgstore import open_database, read_store
from tests.importers.crypt15_fixture import (
    KEY_TEXT,
    PHOTO,
    ROOT,
    app_key,
    database_from,
    encrypt,
    encrypt_plain,
    fix_checksum,
    header,
    legacy_database,
    sample_database,
)


def _write(tmp_path: Path, data: bytes, name: str = "msgstore.db.crypt15") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _import(vault: Vault, path: Path, key: str | None = KEY_TEXT):  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def ask(name: str) -> str | None:
        asked.append(name)
        return key

    [outcome] = import_paths(vault, [path], ImportOptions(case="C", backup_key=ask))
    return outcome, asked


def _messages(vault: Vault) -> list[dict[str, object]]:
    rows = vault.conn.execute(
        "SELECT conversation, sender, direction, sent_at_utc, text, kind, extra, span_start"
        " FROM messages ORDER BY idx").fetchall()
    keys = ("conversation", "sender", "direction", "at", "text", "kind", "extra", "row")
    return [dict(zip(keys, r[:6] + (json.loads(r[6]), r[7]), strict=True)) for r in rows]


def _items(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM items").fetchone()[0])


def test_key_derivation_is_the_apps_hmac_loop() -> None:
    assert c15.backup_cipher_key(ROOT) == app_key(ROOT)


def test_key_text_as_shown_by_the_app() -> None:
    grouped = " ".join(KEY_TEXT[i:i + 4] for i in range(0, 64, 4)).upper()
    assert c15.parse_key(grouped) == ROOT
    for bad in ("", KEY_TEXT[:-1], KEY_TEXT[:-1] + "g", KEY_TEXT + "0"):
        with pytest.raises(ValueError, match="64 hexadecimal"):
            c15.parse_key(bad)


def test_the_decrypted_database_stays_in_memory() -> None:
    conn = open_database(bytearray(sample_database()))
    # SQLite's sorts and temporary tables would otherwise spill to files in $TMPDIR.
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly|query_only|attempt to write"):
        conn.execute("DELETE FROM message")


def test_header_read() -> None:
    parsed = c15.read_header(header() + b"\x00" * 40)
    assert parsed.iv == bytes(range(100, 116))
    assert (parsed.app_version, parsed.number_end, parsed.feature_table) == ("2.24.10.74", "78",
                                                                           True)
    assert c15.looks_like_crypt15(header())
    for other in (b"", b"SQLite format 3\x00", b"PK\x03\x04" + b"\x00" * 60, b"\x10" * 300):
        assert not c15.looks_like_crypt15(other)


def test_round_trip_every_message_with_numbers_replies_edits_deletions(
        vault: Vault, tmp_path: Path) -> None:
    data = encrypt(sample_database())
    path = _write(tmp_path, data)
    outcome, asked = _import(vault, path)
    assert outcome.status == "imported", outcome.message
    assert asked == ["msgstore.db.crypt15"]
    # The original is the encrypted file, byte for byte.
    sha, size = vault.conn.execute("SELECT sha256, size FROM originals WHERE item_id = ?",
                                   (outcome.item_id,)).fetchone()
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
    messages = _messages(vault)
    assert len(messages) == 9  # every row of the message table, the orphan too
    by_key = {m["extra"]["key_id"]: m for m in messages}  # type: ignore[index]
    first = by_key["K1"]
    assert (first["sender"], first["direction"], first["conversation"]) == (
        "+33612345678", "received", "+33612345678")
    assert str(first["at"]).startswith("2024-11-12T20:05:00") and first["text"] == "Tu vas voir ce soir"
    reply = by_key["K2"]
    assert (reply["sender"], reply["direction"]) == (None, "sent")
    assert reply["extra"]["quoted"] == {  # type: ignore[index]
        "key_id": "K1", "text": "Tu vas voir ce soir", "sender": "+33612345678"}
    photo = by_key["K3"]
    assert photo["text"] == "regarde" and photo["extra"]["media_type"] == "image/jpeg"  # type: ignore[index]
    assert by_key["K4"]["kind"] == "deleted"
    assert by_key["K4"]["extra"]["deleted_at"] == "2024-11-12T20:08:20+00:00"  # type: ignore[index]
    assert photo["extra"]["media_sha256"] == hashlib.sha256(PHOTO).hexdigest()  # type: ignore[index]
    assert by_key["K5"]["kind"] == "edited"
    assert by_key["K5"]["extra"]["edited_at"] == "2024-11-12T20:10:00+00:00"  # type: ignore[index]
    assert (by_key["K6"]["sender"], by_key["K6"]["conversation"], by_key["K6"]["text"]) == (
        "+212600000000", "Classe 3B", "ستندم")
    assert by_key["K7"]["sender"] == "+212600000000"  # a privacy "lid" mapped to its number
    assert by_key["K8"]["kind"] == "system"
    assert by_key["K9"]["conversation"] == "chat 77"
    # The photo is named, and said to be missing: the backup holds no media files.
    name, missing = vault.conn.execute(
        "SELECT name, missing FROM message_attachments").fetchone()
    assert (name, missing) == ("Media/WhatsApp Images/IMG-20241112-WA0001.jpg", 1)
    lines = " ".join(outcome.extra["report_lines"])
    assert "9 messages" in lines and "9 rows in its message table" in lines
    assert "ends in 78" in lines
    log = vault.conn.execute("SELECT group_concat(detail, ' ') FROM custody").fetchone()[0]
    assert "whatsapp-msgstore-crypt15" in log
    assert KEY_TEXT not in log and KEY_TEXT[:16] not in log  # the key is never kept


def test_no_plaintext_reaches_the_disk(vault: Vault, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(var, str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = _write(tmp_path, encrypt(sample_database()))
    outcome, _asked = _import(vault, path)
    assert outcome.status == "imported"
    assert list(scratch.iterdir()) == []
    for file in tmp_path.rglob("*"):
        if file.is_file():
            content = file.read_bytes()
            assert b"Tu vas voir" not in content, file
            assert b"SQLite format 3" not in content or file.name != path.name


@pytest.mark.parametrize(("key", "sentence"), [
    (None, "needs the 64-digit key"),
    ("", "needs the 64-digit key"),
    ("not a key", "must be 64 characters"),
    ("ab" * 32, "this key does not open the backup"),
])
def test_key_missing_malformed_or_wrong_is_refused(vault: Vault, tmp_path: Path,
                                                   key: str | None, sentence: str) -> None:
    path = _write(tmp_path, encrypt(sample_database()))
    outcome, _asked = _import(vault, path, key)
    assert outcome.status == "refused"
    assert sentence in outcome.message and "msgstore.db.crypt15" in outcome.message
    assert "Nothing was added" in outcome.message
    assert _items(vault) == 0
    # The right key afterwards still imports it: nothing half-stored blocks a second try.
    assert _import(vault, path)[0].status == "imported"


def _refused(vault: Vault, tmp_path: Path, data: bytes) -> str:
    outcome, _asked = _import(vault, _write(tmp_path, data))
    assert outcome.status == "refused", outcome.message
    assert _items(vault) == 0
    return str(outcome.message)


def test_truncated_and_altered_files_are_refused(vault: Vault, tmp_path: Path) -> None:
    data = encrypt(sample_database())
    assert "damaged or incomplete" in _refused(vault, tmp_path, data[: len(data) // 2])
    assert "damaged or incomplete" in _refused(vault, tmp_path, data[:-40])
    tag = len(data) - 32
    flipped = data[:tag] + bytes([data[tag] ^ 1]) + data[tag + 1:]
    assert "damaged or incomplete" in _refused(vault, tmp_path, flipped)
    # Altered with care (checksum recomputed): the tag still catches it, whatever the byte.
    middle = len(header()) + 10
    forged = fix_checksum(data[:middle] + bytes([data[middle] ^ 0x40]) + data[middle + 1:])
    assert "does not open" in _refused(vault, tmp_path, forged)
    assert "does not open" in _refused(vault, tmp_path, fix_checksum(flipped))


def test_zlib_bomb_stops_at_the_cap(vault: Vault, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(c15, "MAX_DATABASE", 4 * 1024 * 1024)
    bomb = zlib.compress(b"SQLite format 3\x00" + bytes(64 * 1024 * 1024), 9)  # 64 MB in ~64 KB
    assert len(bomb) < 200_000
    assert "larger than" in _refused(vault, tmp_path, encrypt_plain(bomb))


def test_cancelling_stops_the_decryption() -> None:
    """A cancelled import (the GUI's Stop) does not wait for a 1 GB backup to be decrypted."""
    calls: list[int] = []

    def stop() -> None:
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("stopped")

    big = encrypt(b"SQLite format 3\x00" + os.urandom(3 * c15.READ_SIZE))  # 3+ blocks
    with pytest.raises(RuntimeError, match="stopped"):
        c15.decrypt_database(io.BytesIO(big), ROOT, stop=stop)
    assert len(calls) == 2


def test_plaintext_that_is_not_zlib_is_refused(vault: Vault, tmp_path: Path) -> None:
    assert "does not open" in _refused(vault, tmp_path, encrypt_plain(sample_database()))


def test_other_backups_are_kept_as_files(vault: Vault, tmp_path: Path) -> None:
    for script, said in (
        ("CREATE TABLE wa_contacts(jid TEXT);", "holds no WhatsApp messages"),
        ("CREATE TABLE messages(_id INTEGER PRIMARY KEY, body TEXT);",
         "holds no WhatsApp messages"),
        # A view named like the table must not be queried (it could run for ever).
        ("CREATE TABLE chat(_id, jid_row_id); CREATE TABLE jid(_id, user, server);"
         "CREATE VIEW message AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"
         " SELECT x AS _id, 0 AS chat_row_id, 0 AS from_me, 0 AS timestamp,"
         " 0 AS message_type, '' AS text_data FROM r;", "holds no WhatsApp messages"),
    ):
        path = _write(tmp_path, encrypt(database_from(script)), f"{len(script)}.crypt15")
        outcome, _asked = _import(vault, path)
        assert outcome.status == "imported"
        assert said in " ".join(outcome.extra["report_lines"])
    assert vault.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_the_schema_before_2022_is_read_too(vault: Vault, tmp_path: Path) -> None:
    outcome, _asked = _import(vault, _write(tmp_path, encrypt(legacy_database())))
    assert outcome.status == "imported", outcome.message
    by_key = {m["extra"]["key_id"]: m for m in _messages(vault)}  # type: ignore[index]
    assert len(by_key) == 6
    assert (by_key["L1"]["sender"], by_key["L1"]["direction"]) == ("+33612345678", "received")
    assert by_key["L2"]["direction"] == "sent"
    assert by_key["L2"]["extra"]["quoted"] == {  # type: ignore[index]
        "key_id": "L1", "text": "je sais où tu es", "sender": "+33612345678"}
    assert by_key["L3"]["kind"] == "message"
    assert by_key["L3"]["extra"]["media_sha256"] == hashlib.sha256(PHOTO).hexdigest()  # type: ignore[index]
    assert by_key["L4"]["kind"] == "deleted"
    assert by_key["L5"]["kind"] == "system"
    assert (by_key["L6"]["sender"], by_key["L6"]["conversation"]) == ("+212600000000",
                                                                       "Classe 3B")
    name = vault.conn.execute("SELECT name FROM message_attachments").fetchone()[0]
    assert name == "IMG-20211112-WA0001.jpg"
    assert "6 rows in its message table" in " ".join(outcome.extra["report_lines"])


def test_a_damaged_database_inside_is_one_sentence(vault: Vault, tmp_path: Path) -> None:
    database = bytearray(sample_database())
    database[4096:] = bytes(len(database) - 4096)  # every page after the first wiped
    message = _refused(vault, tmp_path, encrypt(bytes(database)))
    assert "msgstore.db.crypt15" in message and "Traceback" not in message


def test_hostile_cell_values_do_not_break_the_reader(vault: Vault, tmp_path: Path) -> None:
    script = (
        "CREATE TABLE jid(_id, user, server, raw_string); CREATE TABLE chat(_id, jid_row_id,"
        " subject); CREATE TABLE message(_id TEXT, chat_row_id, from_me, timestamp,"
        " message_type, text_data, key_id, sender_jid_row_id);"
        "INSERT INTO jid VALUES (1, x'ff', 5, NULL);"
        "INSERT INTO chat VALUES ('a', 'b', x'00');"
        "INSERT INTO message VALUES ('x', 'a', 'yes', 99999999999999999, 'z', x'0102', 3, -5);"
        "INSERT INTO message VALUES (NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL);")
    outcome, _asked = _import(vault, _write(tmp_path, encrypt(database_from(script))))
    assert outcome.status == "imported", outcome.message
    extras = [json.loads(r[0]) for r in vault.conn.execute("SELECT extra FROM messages")]
    assert len(extras) == 2
    assert any(e.get("text_data") == "0102" for e in extras)  # odd cells are kept, not dropped


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_header_reader_fuzz(data: bytes) -> None:
    try:
        parsed = c15.read_header(data)
    except c15.BackupProblem:
        return
    assert len(parsed.iv) == 16 and parsed.length <= len(data)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=0, max_value=255))
def test_mutated_backup_fuzz(position: int, value: int) -> None:
    data = bytearray(_SMALL)
    data[position % len(data)] = value
    reasons = {"not-crypt15", "crypt14", "wrong-key", "damaged", "too-large", "not-sqlite"}
    try:
        database = c15.decrypt_database(io.BytesIO(bytes(data)), ROOT, max_size=1 << 20)
    except c15.BackupProblem as problem:
        reason = problem.reason
    else:
        reason = ""
        assert bytes(database) == _SMALL_DB  # a change the format ignores (an unread field)
    assert reason in reasons | {""}


_SMALL_DB = database_from("CREATE TABLE t(x); INSERT INTO t VALUES ('x');")
_SMALL = encrypt(_SMALL_DB)


_CELL = st.one_of(st.none(), st.integers(min_value=-2**63, max_value=2**63 - 1),
                  st.text(max_size=20), st.binary(max_size=8),
                  st.floats(allow_nan=True, allow_infinity=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(*[_CELL] * 8), min_size=1, max_size=6), st.booleans())
def test_any_cell_values_fuzz(rows: list[tuple[object, ...]], legacy: bool) -> None:
    """Whatever the cells hold, every row of the message table becomes one message."""
    db = sqlite3.connect(":memory:")
    if legacy:
        db.executescript("CREATE TABLE messages(_id, key_remote_jid, key_from_me, timestamp,"
                         " data, media_wa_type, media_name, quoted_row_id);"
                         "CREATE TABLE messages_quotes(_id, key_id, data);")
        db.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?)", rows)
    else:
        db.executescript("CREATE TABLE jid(_id, user, server); CREATE TABLE chat(_id,"
                         " jid_row_id); CREATE TABLE message(_id, chat_row_id, from_me,"
                         " timestamp, message_type, text_data, key_id, sender_jid_row_id);"
                         "CREATE TABLE message_media(message_row_id, file_path);"
                         "INSERT INTO jid VALUES (1, '336', 's.whatsapp.net');"
                         "INSERT INTO chat VALUES (1, 1);")
        db.executemany("INSERT INTO message VALUES (?,?,?,?,?,?,?,?)", rows)
    db.commit()
    conn = open_database(bytearray(db.serialize()))
    store = read_store(conn)
    assert len(list(store.messages())) == store.facts().rows == len(rows)
