"""`verify` against someone who has the passphrase and rewrites the vault's database directly.

Each attack opens the SQLCipher database with the key unwrapped from the passphrase, as an
attacker with the passphrase would (not through the app), changes it, puts the append-only
triggers back exactly as they were where that hides the change, and then runs `verify`.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from evidencekit.core.custody import DOMAIN, GENESIS, canonical
from evidencekit.core.db import Connection, connect
from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.keyslots import KeySlots
from evidencekit.core.schema import CREATED_TRIGGERS
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_one
from tests.conftest import PASSPHRASE

CHAT = (
    "[12/11/2026 21:05:01] Karim: Je sais où tu habites\n"
    "[12/11/2026 21:05:40] Karim: Tu vas voir\n"
    "[13/11/2026 08:00:00] Lina: Arrête, je vais porter plainte\n"
)


def _chat_zip(tmp_path: Path) -> Path:
    path = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", CHAT.encode("utf-8"))
    return path


@pytest.fixture
def folder(tmp_path: Path, vault_dir: Path) -> Path:
    """A closed vault with two screenshots and a WhatsApp export (three messages)."""
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS)
    with vault:
        with vault.transaction() as tx:
            case_id = ensure_case(tx, "Karim")
            for name, data in (("menace.png", b"\x89PNG first screenshot"),
                               ("insulte.png", b"\x89PNG second screenshot")):
                store_stream(tx, io.BytesIO(data), SourceFacts(name, f"/home/l/{name}", None),
                             case_id=case_id)
        outcome = import_one(vault, _chat_zip(tmp_path),
                             ImportOptions(case="Karim", timezone="Europe/Paris"))
        assert outcome.status == "imported", outcome.message
    return vault_dir


@contextmanager
def as_attacker(folder: Path) -> Iterator[Connection]:
    """The database opened with the key the passphrase unwraps, outside the app."""
    slots = KeySlots.load(folder)
    _state, master = next(iter(slots.passphrase_candidates(PASSPHRASE.encode())))
    conn = connect(folder / "vault.db", master)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def without_triggers(conn: Connection, *names: str) -> Iterator[None]:
    """Drop the named protections, and put them back word for word afterwards."""
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    for name in names:
        conn.execute(CREATED_TRIGGERS[name])


def verify(folder: Path) -> tuple[Any, Any]:
    with Vault.open(folder, PASSPHRASE) as vault:
        return verify_vault(vault), vault.unlock_report


def rechain(conn: Connection, detail_of: dict[int, dict[str, Any]] | None = None,
            keep: int | None = None) -> None:
    """Rewrite the log's hashes (after changing entries) so that the chain verifies again."""
    rows = conn.execute("SELECT seq, at, action, item_id, detail FROM custody ORDER BY seq"
                        ).fetchall()
    prev = GENESIS
    for seq, at, action, item_id, detail in rows:
        if keep is not None and seq > keep:
            conn.execute("DELETE FROM custody WHERE seq = ?", (seq,))
            continue
        parsed = (detail_of or {}).get(seq, json.loads(detail))
        body = canonical({"seq": seq, "at": at, "action": action, "item_id": item_id,
                          "detail": parsed, "prev": prev})
        entry_hash = hashlib.sha256(DOMAIN + body).hexdigest()
        conn.execute("UPDATE custody SET detail = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?",
                     (canonical(parsed).decode(), prev, entry_hash, seq))
        prev = entry_hash


def test_an_untouched_vault_is_intact_and_its_messages_covered(folder: Path) -> None:
    report, unlock = verify(folder)
    assert report.ok, report.problems
    assert report.notes == []
    assert unlock.log_problem is None
    assert report.originals_intact == report.originals_checked >= 3


def test_a_dropped_trigger_is_named(folder: Path) -> None:
    with as_attacker(folder) as conn:
        conn.execute("DROP TRIGGER custody_no_delete")
    report, _ = verify(folder)
    assert not report.ok
    assert any("custody_no_delete" in p and "removed" in p for p in report.problems)


def test_a_changed_or_added_trigger_is_named(folder: Path) -> None:
    with as_attacker(folder) as conn:
        conn.execute("DROP TRIGGER messages_no_update")
        conn.execute("CREATE TRIGGER messages_no_update BEFORE UPDATE ON messages "
                     "WHEN 0 BEGIN SELECT RAISE(ABORT, 'messages are never modified'); END")
        conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON custody BEGIN SELECT 1; END")
    report, _ = verify(folder)
    assert any("messages_no_update" in p and "changed" in p for p in report.problems)
    assert any("sneaky" in p for p in report.problems)


def test_a_rewritten_message_is_named(folder: Path) -> None:
    with as_attacker(folder) as conn, without_triggers(conn, "messages_no_update"):
        item = conn.execute("SELECT item_id FROM messages WHERE text LIKE 'Arrête%'").fetchone()
        conn.execute("UPDATE messages SET text = 'Pardon, je retire tout' "
                     "WHERE text LIKE 'Arrête%'")
    report, _ = verify(folder)
    assert not report.ok
    assert any(f"item {item[0]}: its messages differ" in p for p in report.problems), \
        report.problems


def test_a_deleted_message_is_named(folder: Path) -> None:
    with as_attacker(folder) as conn, without_triggers(conn, "messages_no_delete"):
        conn.execute("DELETE FROM messages WHERE text LIKE 'Tu vas voir%'")
    report, _ = verify(folder)
    assert any("its messages differ" in p and "(2 now, 3 then)" in p for p in report.problems)


def test_swapped_bytes_with_their_stored_hash_rewritten_are_named(folder: Path) -> None:
    forged = b"\x89PNG a harmless picture"
    with as_attacker(folder) as conn, \
            without_triggers(conn, "originals_no_update", "chunks_no_update"):
        item_id = conn.execute("SELECT item_id FROM originals WHERE original_name = 'menace.png'"
                               ).fetchone()[0]
        conn.execute("UPDATE chunks SET data = ? WHERE item_id = ?", (forged, item_id))
        conn.execute("UPDATE originals SET sha256 = ?, size = ? WHERE item_id = ?",
                     (hashlib.sha256(forged).hexdigest(), len(forged), item_id))
    report, _ = verify(folder)
    assert not report.ok
    assert any(f"item {item_id} (menace.png)" in p and "import entry" in p
               for p in report.problems), report.problems


def test_a_log_rewritten_to_match_swapped_bytes_contradicts_the_anchor(folder: Path) -> None:
    """The whole attack: bytes, stored hash, import entry and every later hash rewritten."""
    forged = b"\x89PNG a harmless picture"
    new_sha = hashlib.sha256(forged).hexdigest()
    with as_attacker(folder) as conn, without_triggers(
            conn, "originals_no_update", "chunks_no_update", "custody_no_update"):
        item_id = conn.execute("SELECT item_id FROM originals WHERE original_name = 'menace.png'"
                               ).fetchone()[0]
        conn.execute("UPDATE chunks SET data = ? WHERE item_id = ?", (forged, item_id))
        conn.execute("UPDATE originals SET sha256 = ?, size = ? WHERE item_id = ?",
                     (new_sha, len(forged), item_id))
        seq, detail = conn.execute("SELECT seq, detail FROM custody WHERE action = 'import' "
                                   "AND item_id = ?", (item_id,)).fetchone()
        rewritten = {**json.loads(detail), "sha256": new_sha, "size": len(forged)}
        rechain(conn, {seq: rewritten})
    report, unlock = verify(folder)
    assert not report.ok
    rewritten_problems = [p for p in report.problems if "the log was rewritten" in p]
    assert rewritten_problems, report.problems
    # Every check inside the vault agrees with itself: only the anchor outside it disagrees.
    assert not any("import entry" in p or "altered" in p for p in report.problems)
    assert unlock.log_problem is not None and "rewritten" in unlock.log_problem


def test_deleted_last_entries_are_named_at_unlock_and_by_verify(folder: Path, cli: Any) -> None:
    with as_attacker(folder) as conn, without_triggers(conn, "custody_no_delete"):
        total = conn.execute("SELECT count(*) FROM custody").fetchone()[0]
        conn.execute("DELETE FROM custody WHERE seq > ?", (total - 3,))
    result = cli("verify")
    assert result.code == 1, result.out + result.err
    assert f"but this computer saw {total}" in result.err
    assert "entries were removed, or an older copy of the vault was put back" in result.err
    assert "Everything is intact" not in result.out


def test_an_old_copy_of_the_vault_folder_put_back_is_named(folder: Path, tmp_path: Path,
                                                           cli: Any) -> None:
    old = tmp_path / "old-copy"
    shutil.copytree(folder, old)
    with Vault.open(folder, PASSPHRASE) as vault, vault.transaction() as tx:
        store_stream(tx, io.BytesIO(b"\x89PNG a later threat"),
                     SourceFacts("later.png", "later.png", None), case_id=ensure_case(tx, "Karim"))
    shutil.rmtree(folder)
    shutil.copytree(old, folder)
    result = cli("verify")
    assert result.code == 1
    assert "an older copy of the vault was put back" in result.err
    assert "an older copy of the vault was put back" in result.err.split("\n")[0]  # at unlock
    # The alarm stays until someone decides: the rolled-back log never replaces the anchor.
    again = cli("verify")
    assert again.code == 1 and "an older copy" in again.err
    with Vault.open(folder, PASSPHRASE) as vault:
        actions = [e.action for e in vault.custody.entries()]
    assert "log-anchor-contradicted" in actions
    # The user decides to keep it (a backup copied back by hand, say): logged, then quiet.
    accepted = cli("verify", "--accept-log")
    assert accepted.code == 1 and "reference from now on" in accepted.err
    assert cli("verify").code == 0
    with Vault.open(folder, PASSPHRASE) as vault:
        decision = [e for e in vault.custody.entries() if e.action == "log-anchor-accepted"]
    assert decision and decision[0].detail["replaced_log_anchor"]["size"] > 0


def test_a_changed_source_path_is_named_and_never_in_the_log(folder: Path) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        logged = json.dumps([e.to_json() for e in vault.custody.entries()])
    assert "/home/l/" not in logged  # the log holds an HMAC of the path, not the path
    with as_attacker(folder) as conn, without_triggers(conn, "imports_no_update"):
        item_id = conn.execute("SELECT item_id FROM imports WHERE source_name = 'menace.png'"
                               ).fetchone()[0]
        conn.execute("UPDATE imports SET source_path = '/home/l/Downloads/menace.png'"
                     " WHERE item_id = ?", (item_id,))
    report, _ = verify(folder)
    assert any(f"item {item_id} (menace.png): where it was imported from differs" in p
               for p in report.problems), report.problems


def test_messages_imported_before_they_were_logged_are_said_not_covered(
        vault: Vault) -> None:
    with vault.transaction() as tx:
        case_id = ensure_case(tx, "Karim")
        stored = store_stream(tx, io.BytesIO(b"old chat export"),
                              SourceFacts("chat.txt", "chat.txt", None), case_id=case_id)
        tx.execute("INSERT INTO messages (item_id, idx, text, kind, span_kind, span_start,"
                   " span_end) VALUES (?, 0, 'salut', 'message', 'lines', 1, 1)",
                   (stored.item_id,))
        from evidencekit.core.custody import CustodyLog

        CustodyLog(tx).append("messages-imported", stored.item_id, messages=1)  # old format
    report = verify_vault(vault)
    assert report.ok
    assert any(f"item {stored.item_id}: its messages are not covered" in n for n in report.notes)


def test_a_restore_in_place_is_recorded_in_the_log_not_alarmed(folder: Path, tmp_path: Path,
                                                                cli: Any) -> None:
    """Restoring a backup rolls the log back on purpose: the replaced anchor goes in the log."""
    with Vault.open(folder, PASSPHRASE) as vault:
        backup = vault.backup(tmp_path / "b.zip")
        with vault.transaction() as tx:
            store_stream(tx, io.BytesIO(b"\x89PNG after the backup"),
                         SourceFacts("after.png", "after.png", None),
                         case_id=ensure_case(tx, "Karim"))
    restored = cli("restore", str(backup.path), "--replace")
    assert restored.code == 0, restored.err
    report, unlock = verify(folder)
    assert report.ok, report.problems
    assert unlock.log_problem is None
    with Vault.open(folder, PASSPHRASE) as vault:
        entry = [e for e in vault.custody.entries() if e.action == "restored-from-backup"][-1]
    assert entry.detail["replaced_log_anchor"]["size"] > entry.detail["custody_entries_in_backup"]


def test_an_unreadable_anchor_is_said_and_never_silently_replaced(folder: Path,
                                                                 cli: Any) -> None:
    from evidencekit.core import anchor

    with Vault.open(folder, PASSPHRASE) as vault:
        path = anchor.anchor_path(vault.vault_id, vault.folder)
    path.write_text("{not json")
    result = cli("verify")
    assert result.code == 1 and "is unreadable" in result.err
    assert path.read_text() == "{not json"  # locking did not paper over it
    assert cli("verify", "--accept-log").code == 1
    assert cli("verify").code == 0
