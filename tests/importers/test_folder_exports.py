"""Unzipped export folders: each DYI thread or Telegram HTML export becomes one item with its media."""

from __future__ import annotations

import json
import os
from pathlib import Path

from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_paths

T0 = 1_794_500_000_000  # ms since the epoch, November 2026


def _options() -> ImportOptions:
    return ImportOptions(case="Karim", timezone="Europe/Paris")


def _dyi_folder(tmp_path: Path) -> Path:
    root = tmp_path / "instagram-lina-2026"
    thread = root / "your_instagram_activity" / "messages" / "inbox" / "karim_123"
    (thread / "photos").mkdir(parents=True)
    uri = "your_instagram_activity/messages/inbox/karim_123/photos/menace.jpg"
    (thread / "photos" / "menace.jpg").write_bytes(b"\xff\xd8\xff\xe0 threat photo")
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"\xff\xd8\xff\xe0 not in the export")
    os.symlink(outside, thread / "photos" / "link.jpg")
    link_uri = "your_instagram_activity/messages/inbox/karim_123/photos/link.jpg"
    meta = {"participants": [{"name": "Karim"}, {"name": "Lina"}], "title": "Karim"}
    # Meta writes newest first; message_1.json holds the newest messages.
    newest = [
        {"sender_name": "Karim", "timestamp_ms": T0 + 4000, "content": "dernier avertissement"},
        {"sender_name": "Karim", "timestamp_ms": T0 + 3000,
         "photos": [{"uri": link_uri}, {"uri": "photos/absente.jpg"}]},
        {"sender_name": "Karim", "timestamp_ms": T0 + 2000, "photos": [{"uri": uri}]},
    ]
    oldest = [
        {"sender_name": "Lina", "timestamp_ms": T0 + 1000, "content": "laisse-moi"},
        {"sender_name": "Karim", "timestamp_ms": T0, "content": "je te vois"},
    ]
    (thread / "message_1.json").write_text(json.dumps({**meta, "messages": newest}), "utf-8")
    (thread / "message_2.json").write_text(json.dumps({**meta, "messages": oldest}), "utf-8")
    other = root / "your_instagram_activity" / "messages" / "archived_threads" / "sam_9"
    other.mkdir(parents=True)
    (other / "message_1.json").write_text(json.dumps({
        "participants": [{"name": "Sam"}], "title": "Sam",
        "messages": [{"sender_name": "Sam", "timestamp_ms": T0, "content": "salut"}]}), "utf-8")
    (root / "personal_information.json").write_text('{"profile": "lina"}', "utf-8")
    return root


def _page(messages: str) -> str:
    return ('<html><head><meta charset="utf-8"/></head><body><div class="page_wrap">'
            '<div class="page_body chat_page"><div class="history">'
            f"{messages}</div></div></div></body></html>")


def _message(n: int, sender: str, minute: int, body: str) -> str:
    return (f'<div class="message default clearfix" id="message{n}"><div class="body">'
            f'<div class="pull_right date details" title="12.11.2026 21:{minute:02d}:00 UTC+01:00">'
            f'21:{minute:02d}</div><div class="from_name">{sender}</div>{body}</div></div>\n')


def _telegram_folder(tmp_path: Path) -> Path:
    root = tmp_path / "ChatExport_2026-11-13"
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8\xff\xe0 telegram photo")
    photo = ('<div class="media_wrap clearfix"><a class="photo_wrap clearfix pull_left" '
             'href="photos/photo_1.jpg"><img class="photo" src="photos/photo_1_thumb.jpg"/>'
             '</a></div>')
    gone = ('<div class="media_wrap clearfix"><a class="photo_wrap clearfix pull_left" '
            'href="photos/photo_2.jpg"></a></div>')
    (root / "messages.html").write_text(_page(
        _message(1, "Karim", 1, '<div class="text">un</div>')
        + _message(2, "Karim", 2, photo)), "utf-8")
    (root / "messages2.html").write_text(_page(
        _message(3, "Lina", 3, '<div class="text">trois</div>')
        + _message(4, "Karim", 4, gone)), "utf-8")
    return root


def _children(vault: Vault, item_id: int | None) -> set[str]:
    rows = vault.conn.execute("SELECT original_name FROM originals o JOIN items i"
                              " ON i.id = o.item_id WHERE i.parent_id = ?", (item_id,))
    return {r[0] for r in rows}


def test_dyi_folder_threads_become_one_item_each(vault: Vault, tmp_path: Path) -> None:
    root = _dyi_folder(tmp_path)
    outcomes = import_paths(vault, [root], _options())
    by_name = {Path(o.path).name: o for o in outcomes}
    threads = [o for o in outcomes if Path(o.path).name == "message_1.json"]
    assert [o.status for o in threads] == ["imported", "imported"], [o.message for o in outcomes]
    karim = next(o for o in threads if "karim_123" in o.path)
    messages = list_messages(vault.conn, item_id=karim.item_id)
    assert [m["text"] for m in messages][:2] == ["je te vois", "laisse-moi"]
    assert [m["index"] for m in messages] == list(range(5))
    assert [m["sent_at_utc"] for m in messages] == sorted(m["sent_at_utc"] for m in messages)
    assert {m["span"]["part"] for m in messages} == {"message_1.json", "message_2.json"}
    photo = messages[2]["attachment_names"][0]
    assert photo["missing"] is False and photo["item_id"] in messages[2]["attachments"]
    link, absent = messages[3]["attachment_names"]
    assert link["missing"] is True and absent["missing"] is True  # the symlink is not followed
    assert _children(vault, karim.item_id) == {"message_2.json", "menace.jpg"}
    report = " ".join(karim.extra["report_lines"])
    assert "5 messages, 3 attachments (2 named but missing" in report
    assert "2 files from the export stored as originals" in report
    # The unrelated file is imported on its own; the symlink is refused, never read.
    assert by_name["personal_information.json"].status == "imported"
    assert by_name["link.jpg"].status == "refused"
    names = [r[0] for r in vault.conn.execute("SELECT original_name FROM originals")]
    assert "secret.jpg" not in names and "link.jpg" not in names
    assert sorted(names).count("message_2.json") == 1 and names.count("menace.jpg") == 1
    assert len(outcomes) == 4  # two threads, the unrelated file, the refused symlink


def test_second_import_of_folder_records_duplicates_only(vault: Vault, tmp_path: Path) -> None:
    root = _dyi_folder(tmp_path)
    import_paths(vault, [root], _options())
    before = [vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("originals", "messages")]
    again = import_paths(vault, [root], _options())
    after = [vault.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("originals", "messages")]
    assert after == before
    statuses = sorted(o.status for o in again)
    assert statuses == ["duplicate"] * 5 + ["refused"], [o.message for o in again]
    dup = vault.conn.execute("SELECT count(*) FROM imports WHERE duplicate = 1").fetchone()[0]
    assert dup == 5


def test_telegram_html_folder_pages_in_order(vault: Vault, tmp_path: Path) -> None:
    root = _telegram_folder(tmp_path)
    outcomes = import_paths(vault, [root], _options())
    assert len(outcomes) == 1, [o.message for o in outcomes]
    outcome = outcomes[0]
    assert outcome.status == "imported" and Path(outcome.path).name == "messages.html"
    messages = list_messages(vault.conn, item_id=outcome.item_id)
    assert [m["index"] for m in messages] == [0, 1, 2, 3]
    assert [m["sender"] for m in messages] == ["Karim", "Karim", "Lina", "Karim"]
    assert [m["span"]["part"] for m in messages] == ["messages.html"] * 2 + ["messages2.html"] * 2
    assert messages[1]["attachment_names"][0]["missing"] is False
    assert messages[3]["attachment_names"][0]["missing"] is True
    assert _children(vault, outcome.item_id) == {"messages2.html", "photo_1.jpg"}
    report = " ".join(outcome.extra["report_lines"])
    assert "4 messages, 2 attachments (1 named but missing" in report


def test_cancelling_during_an_export_folder_stops_the_batch(vault: Vault, tmp_path: Path) -> None:
    import threading

    root = _dyi_folder(tmp_path)
    cancel = threading.Event()

    def progress(_done: int, _total: int, label: str) -> None:
        if label.startswith("Adding 1 of"):
            cancel.set()

    outcomes = import_paths(vault, [root], _options(), progress, cancel)
    assert outcomes[0].status == "refused"
    assert {o.status for o in outcomes[1:]} == {"not-tried"}
    assert "cancelled" in outcomes[0].message
    assert "one by one" not in outcomes[0].message
    assert vault.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0


def _pages_with_a_joined_opening(tmp_path: Path, second_page: str) -> Path:
    root = tmp_path / "ChatExport_2026-11-14"
    root.mkdir()
    joined = ('<div class="message default clearfix joined" id="message3"><div class="body">'
              '<div class="pull_right date details" title="12.11.2026 21:03:00 UTC+01:00">'
              '21:03</div><div class="text">tu vas voir</div></div></div>\n')
    (root / "messages.html").write_text(_page(
        _message(1, "Lina", 1, '<div class="text">arrête</div>')
        + _message(2, "Karim", 2, '<div class="text">non</div>')), "utf-8")
    (root / second_page).write_text(_page(joined), "utf-8")
    return root


def test_telegram_joined_message_opening_a_page_keeps_its_sender(vault: Vault,
                                                                 tmp_path: Path) -> None:
    """Telegram drops the name of a sender who writes again, even across the page break."""
    root = _pages_with_a_joined_opening(tmp_path, "messages2.html")
    outcomes = import_paths(vault, [root], _options())
    assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
    messages = list_messages(vault.conn, item_id=outcomes[0].item_id)
    assert [(m["sender"], m["text"]) for m in messages] == [
        ("Lina", "arrête"), ("Karim", "non"), ("Karim", "tu vas voir")]


def test_telegram_sender_is_not_guessed_across_a_missing_page(vault: Vault,
                                                              tmp_path: Path) -> None:
    """Without page 2, the sender of page 3's opening messages is unknown, and said so."""
    root = _pages_with_a_joined_opening(tmp_path, "messages3.html")
    outcomes = import_paths(vault, [root], _options())
    assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
    messages = list_messages(vault.conn, item_id=outcomes[0].item_id)
    assert [(m["sender"], m["text"]) for m in messages][-1] == (None, "tu vas voir")
    report = " ".join(outcomes[0].extra["report_lines"])
    assert "Page 3 of the export opens with messages whose sender is named on the page " \
        "before, which is missing" in report


def test_the_bar_moves_while_an_export_stores_its_media(vault: Vault, tmp_path: Path) -> None:
    root = _telegram_folder(tmp_path)
    photo = root / "photos" / "photo_1.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(3 * 2**20))  # three 1 MiB chunks and a bit
    reports: list[tuple[int, int]] = []
    outcomes = import_paths(vault, [root], _options(), lambda d, t, _l: reports.append((d, t)))
    assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
    first_page = (root / "messages.html").stat().st_size
    done = [d for d, _t in reports]
    assert done == sorted(done) and max(done) == reports[0][1]
    # Reports inside the photo's bytes, after the first page: the bar moved while it was stored.
    assert len([d for d in done if first_page < d < first_page + photo.stat().st_size]) >= 3
