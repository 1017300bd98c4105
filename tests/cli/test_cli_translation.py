"""Translations and call recordings through the command line, as a script would use them."""

from __future__ import annotations

import json
import wave
from pathlib import Path

from evidencekit.core.translations import translation_of
from evidencekit.core.vault import Vault
from tests.conftest import PASSPHRASE

CHAT = ("12/03/2026, 21:05 - Yassine: غادي نوري الصور لخوك\n"
        "12/03/2026, 21:06 - Salma: Laisse-moi\n")


def test_annotate_translation_of_an_item_and_of_a_message(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          vault_dir: Path) -> None:
    export = tmp_path / "WhatsApp Chat with Yassine.txt"
    export.write_text(CHAT, encoding="utf-8")
    cli("init", "--no-recovery-key")
    assert cli("import", str(export), "--case", "Salma").code == 0
    first = json.loads(cli("messages", "--json").out)["messages"][0]
    done = cli("annotate", "--message", str(first["id"]), "--translation",
               "Je vais montrer les photos à ton frère")
    assert done.code == 0, done.err
    assert f"Message {first['id']} annotated (translation)." in done.out
    done = cli("annotate", str(first["item_id"]), "--translation", "Conversation avec Yassine",
               "--title", "WhatsApp Yassine")
    assert done.code == 0 and "(title, translation)" in done.out
    assert json.loads(cli("show", str(first["item_id"]), "--json").out)["translation"] == \
        "Conversation avec Yassine"
    listed = json.loads(cli("messages", "--json").out)["messages"]
    assert [m["translation"] for m in listed] == ["Je vais montrer les photos à ton frère", ""]
    assert "↳ Je vais montrer les photos à ton frère" in cli("messages").out
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        assert translation_of(vault.conn, first["item_id"], first["id"]) == \
            "Je vais montrer les photos à ton frère"
        assert translation_of(vault.conn, first["item_id"]) == "Conversation avec Yassine"
        actions = [e.action for e in vault.custody.entries(first["item_id"])]
        assert actions.count("translated") == 2
    # Usage errors: exit 2, one `error:` line.
    for args in (("annotate", "--translation", "x"),
                 ("annotate", "1", "--message", str(first["id"]), "--translation", "x"),
                 ("annotate", "--message", str(first["id"]), "--url", "https://x"),
                 ("annotate", "--message", "99999", "--translation", "x")):
        bad = cli(*args)
        assert bad.code == 2, (args, bad.err)
        assert bad.err.count("error:") == 1


def test_importing_audio_warns_about_call_recordings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    call = tmp_path / "appel-2026-03-12.wav"
    with wave.open(str(call), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 4000)
    note = tmp_path / "note.txt"
    note.write_text("rien", encoding="utf-8")
    cli("init", "--no-recovery-key")
    done = cli("import", str(call), str(note), "--case", "A")
    assert done.code == 0  # a warning, not a refusal: scripts keep working
    assert "447-1" in done.err and "appel-2026-03-12.wav" in done.err
    assert "note.txt" not in done.err
    assert "447-1" not in done.out
    call2 = tmp_path / "appel-2.wav"
    call2.write_bytes(call.read_bytes() + b"\x00\x00")
    as_json = cli("import", str(call2), "--case", "A", "--json")
    assert as_json.code == 0
    warnings = json.loads(as_json.out)["warnings"]
    assert [w["path"] for w in warnings] == [str(call2)] and "447-1" in warnings[0]["warning"]
    french = cli("import", str(note), "--case", "A", env={"LANGUAGE": "fr"})
    assert "447-1" not in french.err  # only audio is concerned
