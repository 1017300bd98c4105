"""`evidencekit reparse` on a real vault: the dates change, the log says so, verify stays green,
and every refusal is one sentence with the exit code of the contract."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

CHAT = (
    "[01/02/2026 21:05:01] Karim: Je sais où tu habites\n"
    "[01/03/2026 21:05:40] Karim: Tu vas voir\n"
    "[02/03/2026 08:00:00] Lina: Arrête\n"
)


def _imported(cli, tmp_path: Path, chat: str = CHAT) -> int:  # type: ignore[no-untyped-def]
    export = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", chat.encode())
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("import", str(export), "--case", "Karim", "--timezone", "Europe/Paris",
                 "--json")
    assert result.code == 0, result.err
    return int(json.loads(result.out)["imported"][0]["id"])


def test_reparse_reads_again_and_verify_stays_green(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item = _imported(cli, tmp_path)
    before = json.loads(cli("messages", "--item", str(item), "--json").out)["messages"]
    assert before[0]["sent_at"] == "2026-02-01T21:05:01+01:00"
    dry = cli("reparse", str(item), "--date-order", "mdy", "--dry-run")
    assert dry.code == 0 and "nothing was changed" in dry.out
    assert json.loads(cli("messages", "--item", str(item), "--json").out)["messages"] == before
    result = cli("reparse", str(item), "--date-order", "mdy", "--timezone", "Africa/Casablanca")
    assert result.code == 0, result.err
    assert "read again with date order mdy, time zone Africa/Casablanca" in result.out
    assert "first reading: date order dmy, time zone Europe/Paris" in result.out
    assert "Every message kept its id" in result.out
    after = json.loads(cli("messages", "--item", str(item), "--json").out)["messages"]
    assert [m["id"] for m in after] == [m["id"] for m in before]
    assert after[0]["sent_at"] == "2026-01-02T21:05:01+01:00"
    assert "Africa/Casablanca" in after[0]["time_rule"]
    log = json.loads(cli("log", "--item", str(item), "--json").out)
    entries = log["entries"] if isinstance(log, dict) else log
    assert [e["action"] for e in entries].count("messages-reread") == 1
    verify = cli("verify", "--json")
    assert verify.code == 0, verify.out
    again = cli("reparse", str(item), "--date-order", "mdy", "--timezone", "Africa/Casablanca",
                "--json")
    assert again.code == 0 and json.loads(again.out)["changed"] is False


def test_reparse_refusals(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item = _imported(cli, tmp_path, CHAT + "[25/03/2026 09:00:00] Lina: Stop\n")
    zone = cli("reparse", str(item), "--timezone", "Mars/Olympus")
    assert zone.code == 2 and zone.err.count("\n") == 1 and "Mars/Olympus" in zone.err
    order = cli("reparse", str(item), "--date-order", "dym")
    assert order.code == 2
    impossible = cli("reparse", str(item), "--date-order", "mdy")
    assert impossible.code == 3, impossible.err
    assert "rule out the order mdy" in impossible.err and "Traceback" not in impossible.err
    note = tmp_path / "note.txt"
    note.write_text("juste une note\n", encoding="utf-8")
    imported = cli("import", str(note), "--case", "Karim", "--json")
    note_id = json.loads(imported.out)["imported"][0]["id"]
    not_chat = cli("reparse", str(note_id), "--date-order", "mdy")
    assert not_chat.code == 3 and "is not a chat export" in not_chat.err
    missing = cli("reparse", "999")
    assert missing.code == 2 and "no item 999" in missing.err
    assert cli("verify").code == 0
