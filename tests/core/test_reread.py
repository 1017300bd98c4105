"""A second reading of a stored chat export: one transaction, one log entry, stable ids, and a
first reading that `verify` can still prove — against someone who rewrites the database."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.custody import CustodyLog
from evidencekit.core.errors import UnsupportedInput, UsageError
from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.message_digest import messages_digest
from evidencekit.core.messages import list_messages
from evidencekit.core.reading_archive import KIND, read_archive
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.dossier import exhibits
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.reread import RereadRequest, reread
from tests.conftest import PASSPHRASE
from tests.core.test_verify_tamper import as_attacker, without_triggers

# Every date could be day-first or month-first, and both orders run forward in time.
CHAT = (
    "[01/02/2026 21:05:01] Karim: Je sais où tu habites\n"
    "[01/03/2026 21:05:40] Karim: Tu vas voir\n"
    "suite du message\n"
    "[02/03/2026 08:00:00] Lina: Arrête, je vais porter plainte\n"
    "[02/03/2026 08:01:00] Karim: IMG-0001.jpg (fichier joint)\n"
)
PHOTO = b"\xff\xd8\xff\xe0 a photo of the threat"


def _zip(tmp_path: Path, chat: str = CHAT) -> Path:
    path = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", chat.encode("utf-8"))
        zf.writestr("IMG-0001.jpg", PHOTO)
    return path


def _imported(vault: Vault, path: Path, order: str = "dmy") -> int:
    outcome = import_one(vault, path, ImportOptions(case="Karim", timezone="Europe/Paris",
                                                    date_order=order))
    assert outcome.status == "imported", outcome.message
    assert outcome.item_id is not None
    return outcome.item_id


@pytest.fixture
def chat(tmp_path: Path, vault_dir: Path) -> tuple[Vault, int]:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf=TEST_PARAMS)
    item_id = _imported(vault, _zip(tmp_path))
    yield vault, item_id
    if vault.is_open:
        vault.close()


def _state(vault: Vault, item_id: int) -> tuple[object, ...]:
    conn = vault.conn
    return (messages_digest(conn, item_id), CustodyLog(conn).head(),
            conn.execute("SELECT count(*) FROM derived").fetchone()[0],
            conn.execute("SELECT count(*) FROM items").fetchone()[0],
            conn.execute("SELECT count(*) FROM imports").fetchone()[0])


def test_a_reread_changes_the_dates_keeps_ids_and_writes_one_entry(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    before = list_messages(vault.conn, item_id=item_id)
    assert before[0]["sent_at"].startswith("2026-02-01T21:05:01")
    with vault.transaction() as tx:
        case_id = ensure_case(tx, "Karim")
        exhibits.assign(tx, case_id, [(item_id, before[1]["id"])])
    seq_before = CustodyLog(vault.conn).head()[0]
    items_before = vault.conn.execute("SELECT count(*) FROM items").fetchone()[0]

    result = reread(vault, item_id, RereadRequest("Europe/Paris", "mdy"))

    after = list_messages(vault.conn, item_id=item_id)
    assert result.changed and result.messages_before == result.messages_after == 4
    assert [m["id"] for m in after] == [m["id"] for m in before]
    assert [m["text"] for m in after] == [m["text"] for m in before]
    assert after[0]["sent_at"].startswith("2026-01-02T21:05:01")
    assert after[1]["sent_at"].startswith("2026-01-03T21:05:40")
    assert after[3]["attachments"] == before[3]["attachments"] != []
    assert result.instants_changed == 4 and not result.gone and not result.texts_changed
    assert [(e.number, e.change) for e in result.exhibits] == [(1, "time")]
    assert [(s.before, s.after) for s in result.samples][0] == (
        before[0]["sent_at"], after[0]["sent_at"])
    # Nothing stored again: the media of the zip are the items the import stored.
    assert vault.conn.execute("SELECT count(*) FROM items").fetchone()[0] == items_before
    entries = list(CustodyLog(vault.conn).entries())[seq_before:]
    assert [e.action for e in entries] == ["messages-reread"]
    detail = entries[0].detail
    assert detail["previous"] == {"date_orders": ["dmy"], "timezones": ["Europe/Paris"]}
    assert detail["requested"] == {"date_order": "mdy", "timezone": "Europe/Paris"}
    assert detail["date_orders"] == ["mdy"]
    assert detail["messages_sha256"] == messages_digest(vault.conn, item_id)[1]
    # The first reading is kept, hashed, and holds the rows that were shown before.
    kept = vault.conn.execute("SELECT id, sha256, data FROM derived WHERE kind = ?",
                              (KIND,)).fetchall()
    assert len(kept) == 1 and kept[0][0] == detail["superseded_reading"]["derived_id"]
    archived = read_archive(bytes(kept[0][2]))
    assert archived["messages"][0][4] == before[0]["sent_at"]
    assert detail["previous_messages_sha256"] == archived["messages_sha256"]
    report = verify_vault(vault)
    assert report.ok, report.problems
    # Search finds the messages of the new reading, once each.
    hits = vault.conn.execute("SELECT count(*) FROM search_index WHERE owner_kind = 'message'"
                              " AND item_id = ?", (item_id,)).fetchone()[0]
    assert hits == 4


def test_a_second_zone_and_a_second_reread_stay_verifiable(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    first = list_messages(vault.conn, item_id=item_id)
    reread(vault, item_id, RereadRequest("America/Montreal", "dmy"))
    moved = list_messages(vault.conn, item_id=item_id)
    assert moved[0]["sent_at"] == "2026-02-01T21:05:01-05:00"
    assert moved[0]["sent_at_utc"] != first[0]["sent_at_utc"]
    assert "America/Montreal" in moved[0]["time_rule"]
    result = reread(vault, item_id, RereadRequest("Europe/Paris", "mdy"))
    assert result.previous["timezones"] == ["America/Montreal"]
    assert verify_vault(vault).ok


def test_the_same_reading_again_changes_nothing(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    state = _state(vault, item_id)
    result = reread(vault, item_id, RereadRequest("Europe/Paris", "dmy"))
    assert not result.changed
    assert _state(vault, item_id) == state


def test_a_preview_keeps_nothing(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    state = _state(vault, item_id)
    result = reread(vault, item_id, RereadRequest("Europe/Paris", "mdy"), dry_run=True)
    assert result.changed and result.samples[0].after.startswith("2026-01-02")  # type: ignore[union-attr]
    assert _state(vault, item_id) == state


def test_an_order_the_dates_rule_out_is_refused_and_nothing_changes(tmp_path: Path,
                                                                    vault: Vault) -> None:
    item_id = _imported(vault, _zip(tmp_path, CHAT + "[25/03/2026 09:00:00] Lina: Stop\n"))
    state = _state(vault, item_id)
    with pytest.raises(UnsupportedInput, match="rule out the order mdy"):
        reread(vault, item_id, RereadRequest("Europe/Paris", "mdy"))
    assert _state(vault, item_id) == state


def test_bad_requests_and_items_that_are_not_chats(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    with pytest.raises(UsageError, match="Unknown time zone"):
        reread(vault, item_id, RereadRequest("Mars/Olympus", "mdy"))
    with pytest.raises(UsageError, match="Unknown date order"):
        reread(vault, item_id, RereadRequest("UTC", "dym"))
    with vault.transaction() as tx:
        shot = store_stream(tx, io.BytesIO(b"\x89PNG screenshot"),
                            SourceFacts("menace.png", "/home/l/menace.png", None),
                            case_id=ensure_case(tx, "Karim")).item_id
    with pytest.raises(UnsupportedInput, match="not a chat export"):
        reread(vault, shot, RereadRequest("UTC", "mdy"))


def test_messages_still_cannot_be_deleted_without_a_reread(chat) -> None:  # type: ignore[no-untyped-def]
    vault, item_id = chat
    with pytest.raises(Exception, match="logged removal or re-read"):
        with vault.transaction() as tx:
            tx.execute("DELETE FROM messages WHERE item_id = ?", (item_id,))


def _reread_and_close(chat: tuple[Vault, int]) -> tuple[Path, int]:
    vault, item_id = chat
    reread(vault, item_id, RereadRequest("Europe/Paris", "mdy"))
    vault.close()
    return vault.folder, item_id


def _verify(folder: Path) -> list[str]:
    with Vault.open(folder, PASSPHRASE) as vault:
        return verify_vault(vault).problems


def test_a_forged_first_reading_with_a_consistent_hash_is_named(chat) -> None:  # type: ignore[no-untyped-def]
    folder, item_id = _reread_and_close(chat)
    with as_attacker(folder) as conn:
        derived_id, data = conn.execute("SELECT id, data FROM derived WHERE kind = ?",
                                        (KIND,)).fetchone()
        body = read_archive(bytes(data))
        body["messages"][0][8] = "Je ne sais rien"  # the text of the first message
        import gzip
        import json
        forged = gzip.compress(json.dumps(body).encode(), mtime=0)
        with without_triggers(conn, "derived_no_update"):
            conn.execute("UPDATE derived SET data = ?, sha256 = ? WHERE id = ?",
                         (forged, hashlib.sha256(forged).hexdigest(), derived_id))
    problems = _verify(folder)
    assert any("first reading kept by the re-read" in p and "was changed" in p
               for p in problems), problems


def test_a_deleted_first_reading_and_a_left_permit_are_named(chat) -> None:  # type: ignore[no-untyped-def]
    folder, item_id = _reread_and_close(chat)
    with as_attacker(folder) as conn:
        conn.execute("DELETE FROM derived WHERE kind = ?", (KIND,))
        conn.execute("INSERT INTO reading_permits (item_id) VALUES (?)", (item_id,))
    problems = _verify(folder)
    assert any("is missing" in p for p in problems), problems
    assert any("permission to replace its messages" in p for p in problems), problems


def test_messages_changed_after_a_reread_are_named(chat) -> None:  # type: ignore[no-untyped-def]
    folder, item_id = _reread_and_close(chat)
    with as_attacker(folder) as conn, without_triggers(conn, "messages_no_update"):
        conn.execute("UPDATE messages SET text = 'rien' WHERE item_id = ? AND idx = 0",
                     (item_id,))
    problems = _verify(folder)
    assert any("its messages differ" in p for p in problems), problems


def test_a_forged_first_reading_with_its_log_entry_rewritten_is_named(chat) -> None:  # type: ignore[no-untyped-def]
    """The attacker also rewrites the re-read's entry to the forged record's hash and re-chains
    the log: the rows kept no longer give the digest the import recorded."""
    import gzip
    import json

    from tests.core.test_verify_tamper import rechain

    folder, item_id = _reread_and_close(chat)
    with as_attacker(folder) as conn:
        derived_id, data = conn.execute("SELECT id, data FROM derived WHERE kind = ?",
                                        (KIND,)).fetchone()
        body = read_archive(bytes(data))
        body["messages"][1][8] = "Tu ne verras rien"
        forged = gzip.compress(json.dumps(body).encode(), mtime=0)
        sha = hashlib.sha256(forged).hexdigest()
        seq, detail = conn.execute("SELECT seq, detail FROM custody WHERE action ="
                                   " 'messages-reread'").fetchone()
        changed = json.loads(detail)
        changed["superseded_reading"]["sha256"] = sha
        with without_triggers(conn, "derived_no_update", "custody_no_update",
                              "custody_no_delete"):
            conn.execute("UPDATE derived SET data = ?, sha256 = ? WHERE id = ?",
                         (forged, sha, derived_id))
            rechain(conn, {seq: changed})
    problems = _verify(folder)
    assert any("does not hold the messages that were replaced" in p for p in problems), problems


def test_naive_telegram_times_and_mail_attachments_read_again(tmp_path: Path,
                                                              vault: Vault) -> None:
    """Other formats: a Telegram export with wall-clock times only takes the new zone; an
    e-mail's attachment stays linked to the item stored at import, nothing stored again."""
    import json
    from email.message import EmailMessage

    telegram = tmp_path / "result.json"
    telegram.write_text(json.dumps({"name": "Karim", "type": "personal_chat", "messages": [
        {"id": 1, "type": "message", "date": "2026-11-12T21:05:00", "from": "Karim",
         "text": "Je sais où tu habites"}]}), encoding="utf-8")
    mail = EmailMessage()
    mail["From"], mail["To"] = "karim@example.org", "lina@example.org"
    mail["Date"], mail["Subject"] = "Thu, 12 Nov 2026 21:05:00 +0100", "Photo"
    mail.set_content("Regarde ce que j'ai.")
    mail.add_attachment(b"\xff\xd8\xff\xe0 photo", maintype="image", subtype="jpeg",
                        filename="photo.jpg")
    eml = tmp_path / "menace.eml"
    eml.write_bytes(mail.as_bytes())
    chat_id, mail_id = _imported(vault, telegram), _imported(vault, eml)
    before = list_messages(vault.conn, item_id=mail_id)
    assert before[0]["attachments"]
    counts = [vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
              for t in ("items", "imports", "originals")]

    moved = reread(vault, chat_id, RereadRequest("America/Montreal"))
    assert moved.changed
    assert moved.instants_changed == 1
    message = list_messages(vault.conn, item_id=chat_id)[0]
    assert message["sent_at"] == "2026-11-12T21:05:00-05:00"
    assert "America/Montreal" in message["time_rule"]
    same = reread(vault, mail_id, RereadRequest("America/Montreal"))
    assert not same.changed  # the e-mail's times carry their offset: nothing to read again
    assert list_messages(vault.conn, item_id=mail_id) == before
    assert counts == [vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                      for t in ("items", "imports", "originals")]
    assert verify_vault(vault).ok


def test_a_date_order_asked_for_unambiguous_dates_is_said_to_have_no_effect(
        tmp_path: Path, vault: Vault) -> None:
    """Telegram writes ISO dates: a chosen day/month order cannot change them, and the user is
    told so instead of believing the order was applied."""
    import json

    from evidencekit.importers.reread_text import summary_lines

    telegram = tmp_path / "result.json"
    telegram.write_text(json.dumps({"name": "Karim", "type": "personal_chat", "messages": [
        {"id": 1, "type": "message", "date": "2026-03-04T21:05:00", "from": "Karim",
         "text": "Réponds"}]}), encoding="utf-8")
    chat_id = _imported(vault, telegram)
    result = reread(vault, chat_id, RereadRequest("Africa/Casablanca", date_order="mdy"))
    assert result.order_unused and result.to_json()["order_unused"]
    assert any("no effect" in line for line in summary_lines(result))
    whatsapp = reread(vault, chat_id, RereadRequest("Africa/Casablanca"))
    assert not whatsapp.order_unused  # no order asked: nothing to say


def test_a_message_merged_into_the_one_before_is_named_with_its_exhibit(chat) -> None:  # type: ignore[no-untyped-def]
    """When a reading glues a message to the one before (its header read as text), the first
    keeps its id and reads differently, the second is named as gone, and so is its exhibit."""
    from dataclasses import dataclass, field

    from evidencekit.importers.message_identity import Identity
    from evidencekit.importers.records import ParsedMessage, SourceSpan, SpanKind

    @dataclass
    class Outcome:
        samples: list = field(default_factory=list)  # type: ignore[type-arg]
        instants_changed: int = 0
        time_changes: list = field(default_factory=list)  # type: ignore[type-arg]
        texts_changed: list = field(default_factory=list)  # type: ignore[type-arg]
        gone: list = field(default_factory=list)  # type: ignore[type-arg]
        new_ids: int = 0
        exhibits: list = field(default_factory=list)  # type: ignore[type-arg]

    vault, item_id = chat
    rows = list_messages(vault.conn, item_id=item_id)
    with vault.transaction() as tx:
        case_id = ensure_case(tx, "Karim")
        exhibits.assign(tx, case_id, [(item_id, rows[2]["id"]), (item_id, rows[3]["id"])])
    identity = Identity(vault.conn, item_id, 20)
    spans = [(r["span"]["part"], r["span"]["start"], r["span"]["end"]) for r in rows]
    merged = rows[1]["text"] + "\n" + rows[2]["sent_at_source"] + " " + rows[2]["text"]
    new = [ParsedMessage(0, SourceSpan(SpanKind.LINES, spans[0][1], spans[0][2], spans[0][0]),
                         rows[0]["sender"], None, rows[0]["text"]),
           ParsedMessage(1, SourceSpan(SpanKind.LINES, spans[1][1], spans[2][2], spans[1][0]),
                         rows[1]["sender"], None, merged),
           ParsedMessage(2, SourceSpan(SpanKind.LINES, spans[3][1], spans[3][2], spans[3][0]),
                         rows[3]["sender"], None, rows[3]["text"] + "!")]
    ids = [identity.assign_id("", m) for m in new]
    outcome = Outcome()
    identity.fill(outcome)
    assert ids == [rows[0]["id"], rows[1]["id"], rows[3]["id"]]
    assert outcome.gone == [rows[2]["id"]]
    assert outcome.texts_changed == [rows[1]["id"], rows[3]["id"]]
    assert [(e.number, e.change) for e in outcome.exhibits] == [(1, "gone"), (2, "text")]


def test_messages_changed_behind_the_log_are_not_read_again(chat) -> None:  # type: ignore[no-untyped-def]
    """A re-read would otherwise keep the changed rows as the "first reading"."""
    from evidencekit.core.errors import TamperDetected

    vault, item_id = chat
    vault.close()
    with as_attacker(vault.folder) as conn, without_triggers(conn, "messages_no_update"):
        conn.execute("UPDATE messages SET text = 'rien' WHERE item_id = ? AND idx = 0",
                     (item_id,))
    with Vault.open(vault.folder, PASSPHRASE) as reopened:
        with pytest.raises(TamperDetected, match="differ from those the custody log recorded"):
            reread(reopened, item_id, RereadRequest("Europe/Paris", "mdy"))
        assert not reopened.conn.execute("SELECT count(*) FROM derived").fetchone()[0]


def test_a_rescued_vault_keeps_the_reread_and_verifies(chat, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The rescue copies the rows and carries the log over: the latest reading's digest still
    covers the messages."""
    from evidencekit.core.rescue import rescue_vault

    folder, item_id = _reread_and_close(chat)
    rescue_vault(folder, PASSPHRASE, tmp_path / "rescued")
    with Vault.open(tmp_path / "rescued", PASSPHRASE) as rescued:
        report = verify_vault(rescued)
        assert report.ok, report.problems
        assert list_messages(rescued.conn, item_id=item_id)[0]["sent_at"].startswith(
            "2026-01-02")
