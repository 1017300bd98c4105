"""signal-export's Markdown since March 2024 (`[2024-05-01 09:17:00] Alice: …`, seconds and no
comma) is not a WhatsApp chat: it is recognised as signal-export, its media are linked, and the
custody log names Signal (issue 12, item 4)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.formats import recognise
from evidencekit.importers.records import MessageKind
from evidencekit.importers.signal_md import parse_signal_md
from evidencekit.importers.whatsapp import looks_like_whatsapp

PARIS = ZoneInfo("Europe/Paris")

SIGNAL_2024 = (
    "[2024-05-01 09:17:00] Alice: look  ![IMG_0001.jpg](./media/IMG_0001.jpg)  \n"
    "[2024-05-01 09:18:30] Moi: tu arrêtes\n"
    "ou je porte plainte\n"
    "[2024-05-01 09:19:02] Alice: (This message was deleted)\n"
    "[2024-05-01 09:20:45] Alice: [note.pdf](./media/note.pdf)  \n"
)


def test_current_signal_export_layout_is_not_taken_for_whatsapp() -> None:
    assert not looks_like_whatsapp(SIGNAL_2024)
    fmt = recognise(SIGNAL_2024.encode())
    assert fmt is not None and fmt.name == "signal-export"


@pytest.mark.parametrize("text", [
    # WhatsApp's own bracketed ISO layout has a comma and seconds.
    "[2026-11-12, 21:05:07] Karim: salut\n[2026-11-13, 08:00:00] Lina: bonjour\n",
    # Without the comma, iOS's U+200E before its own lines still says WhatsApp.
    "\u200e[2026-11-12 21:05:07] Karim: \u200e<attached: 00000012-PHOTO-2026-11-12.jpg>\n"
    "[2026-11-12 21:06:00] Lina: ok\n",
])
def test_whatsapp_year_first_exports_are_still_whatsapp(text: str) -> None:
    assert looks_like_whatsapp(text)
    fmt = recognise(text.encode())
    assert fmt is not None and fmt.name == "whatsapp"


def test_signal_export_2024_messages_media_and_deleted() -> None:
    result = parse_signal_md(io.BytesIO(SIGNAL_2024.encode()), source_name="chat.md",
                             timezone=PARIS)
    msgs = list(result.messages)
    assert [m.sender for m in msgs] == ["Alice", "Moi", "Alice", "Alice"]
    assert msgs[0].time is not None and msgs[0].time.instant is not None
    assert msgs[0].time.literal == "2024-05-01 09:17:00"
    assert msgs[0].time.instant.isoformat() == "2024-05-01T09:17:00+02:00"
    assert msgs[0].text == "look  ![IMG_0001.jpg](./media/IMG_0001.jpg)  "
    assert [(a.name, a.media_hint) for a in msgs[0].attachments] == [
        ("./media/IMG_0001.jpg", "photo")]
    assert msgs[1].text == "tu arrêtes\nou je porte plainte"
    assert msgs[2].kind is MessageKind.DELETED
    assert msgs[2].text == "(This message was deleted)"
    assert [a.name for a in msgs[3].attachments] == ["./media/note.pdf"]


def test_signal_export_zip_links_media_and_logs_signal(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "signal-Alice.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Alice/chat.md", SIGNAL_2024.encode())
        zf.writestr("Alice/media/IMG_0001.jpg", b"\xff\xd8\xff\xe0 photo bytes")
        zf.writestr("Alice/media/note.pdf", b"%PDF-1.4 note")
    outcome = import_one(vault, path, ImportOptions(case="Alice", timezone="Europe/Paris"))
    assert outcome.status == "imported", outcome.message
    messages = list_messages(vault.conn, item_id=outcome.item_id)
    assert [m["sender"] for m in messages] == ["Alice", "Moi", "Alice", "Alice"]
    photo = messages[0]["attachment_names"][0]
    assert photo["missing"] is False and photo["item_id"] in messages[0]["attachments"]
    note = messages[3]["attachment_names"][0]
    assert note["missing"] is False
    details = [json.loads(row[0]) for row in vault.conn.execute(
        "SELECT detail FROM custody WHERE action = 'messages-imported'")]
    assert [d["formats"] for d in details] == [["signal-export"]]
