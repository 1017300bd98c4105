"""From a chat export to a dossier through the command line, with chosen messages as exhibits."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

CHAT = (
    "[12/11/2026 21:05:01] Karim: Je sais où tu habites 🔪 <b>&</b>\n"
    "[12/11/2026 21:05:40] Karim: Tu vas voir\n"
    "[13/11/2026 08:00:00] Lina: Arrête\n"
)


def test_chosen_messages_become_exhibits(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "WhatsApp Chat - Karim.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("_chat.txt", CHAT.encode())
    cli("init", "--no-recovery-key")
    assert cli("import", str(export), "--case", "Karim").code == 0
    messages = json.loads(cli("messages", "--case", "Karim", "--json").out)["messages"]
    assert [m["sender"] for m in messages] == ["Karim", "Karim", "Lina"]
    assert messages[0]["text"] == "Je sais où tu habites 🔪 <b>&</b>"
    chosen = messages[0]["id"]
    out = tmp_path / "plainte.pdf"
    result = cli("export", "dossier", "--recipient", "police", "--case", "Karim",
                 "--messages", str(chosen), "--out", str(out))
    assert result.code == 0, result.err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Je sais où tu habites" in text and "<b>&</b>" in text
    bad = cli("export", "dossier", "--recipient", "police", "--messages", "x", "--out",
              str(tmp_path / "x.pdf"))
    assert bad.code == 2 and "--messages takes numbers" in bad.err
