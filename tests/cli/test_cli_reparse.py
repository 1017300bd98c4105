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
    assert "read again with date order month/day/year (mdy), time zone Africa/Casablanca" in result.out
    assert "first reading: date order day/month/year (dmy), time zone Europe/Paris" in result.out
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


def test_a_dossier_after_reparse_names_both_readings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    item = _imported(cli, tmp_path)
    first = json.loads(cli("messages", "--item", str(item), "--json").out)["messages"][0]
    assert cli("reparse", str(item), "--date-order", "mdy").code == 0
    out = tmp_path / "plainte.pdf"
    made = cli("export", "dossier", "--recipient", "police", "--lang", "fr", "--case", "Karim",
               "--messages", str(first["id"]), "--out", str(out))
    assert made.code == 0, made.err
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "première lecture des messages, conservée lors de leur relecture" in text
    assert "messages relus avec un autre ordre des dates" in text
    assert "02/01/2026" in text or "2026-01-02" in text  # the message's date as read again


def test_a_reparse_killed_midway_leaves_the_first_reading(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL after the rows were deleted, and just before the commit: the vault reopens with
    the first reading whole, no permit left behind, and verify green."""
    item = _imported(cli, tmp_path)
    before = cli("messages", "--item", str(item), "--json").out
    for fault in ("reread.after_delete", "messages.mid_flush", "reread.before_commit"):
        killed = cli("reparse", str(item), "--date-order", "mdy",
                     env={"EVIDENCEKIT_FAULT": fault})
        assert killed.code == -9, (fault, killed.err)
        assert cli("messages", "--item", str(item), "--json").out == before, fault
        assert cli("verify").code == 0, fault
    log = json.loads(cli("log", "--item", str(item), "--json").out)
    entries = log["entries"] if isinstance(log, dict) else log
    assert "messages-reread" not in [e["action"] for e in entries]
