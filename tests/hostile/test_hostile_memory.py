"""Hostile files within a laptop's memory (issue 14 item 4): the real command line in a child
process whose address space is capped with RLIMIT_AS, so that a step needing gigabytes fails
there instead of passing on a big test machine.

Before the fix, one 60 MB WhatsApp message was held whole several times over (and its locale
cues searched for a minute), its 60 million characters stored as the message's text; a 119 Mpx
PNG was decoded at full size, three or four copies at once, to draw a 1,000-pixel picture.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.importers import textcap
from tests.hostile.corpus import giant_whatsapp_message, huge_png, telegram

# Enough for the CLI with SQLCipher, Pillow and reportlab loaded (measured: 400 MB passes the
# import and the dossier of the 119 Mpx PNG), far below what the old code needed.
ADDRESS_SPACE = 450 * 2**20
PASSPHRASE = "hostile memory test passphrase"


def run_capped(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    env = {**os.environ, "EVIDENCEKIT_INSECURE_TEST_KDF": "1"}
    return subprocess.run(
        [sys.executable, "-m", "evidencekit", "--vault", str(vault), "--passphrase-stdin", *args],
        input=PASSPHRASE + "\n" + PASSPHRASE + "\n", capture_output=True, text=True, env=env,
        preexec_fn=cap, timeout=300, check=False)


@pytest.fixture
def capped_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    done = run_capped(vault, "init", "--no-recovery-key")
    assert done.returncode == 0, done.stderr
    return vault


def _messages(vault: Path) -> list[dict[str, object]]:
    done = run_capped(vault, "messages", "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["messages"])


def test_a_giant_whatsapp_message_is_stored_capped_and_exported(
        capped_vault: Path, tmp_path: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Karim.txt"
    giant_whatsapp_message(chat, 60)
    done = run_capped(capped_vault, "import", "--case", "c", str(chat))
    assert done.returncode == 0, done.stderr[-1000:]
    messages = _messages(capped_vault)
    assert [m["sender"] for m in messages] == ["Karim", "Lina"]
    text = str(messages[0]["text"])
    # The first million characters, then the note saying how many more the original holds.
    assert len(text) < textcap.DISPLAY_CHARS + 200
    assert text.startswith("<script>alert('x')</script>\n")
    assert "characters not shown; the original keeps every byte]" in text
    shown, note = text.rsplit("\n[… ", 1)
    cut = int(note.split(" ", 1)[0])
    body = chat.read_text(encoding="utf-8").split("\n[12/11/2026 21:06:00]")[0]
    message = body.removeprefix("[12/11/2026 21:05:00] Karim: ")
    assert message.startswith(shown)
    assert len(shown) + cut == len(message)  # the count is exact
    # The original is every byte of the file.
    listed = run_capped(capped_vault, "list", "--json")
    assert hashlib.sha256(chat.read_bytes()).hexdigest() in listed.stdout
    # And the long message goes into a dossier and a bundle (a table cell holding it used to
    # fail to split across pages: IndexError).
    for what, out in (("dossier", "d.pdf"), ("bundle", "b.zip")):
        extra = ["--no-tsa"] if what == "bundle" else []
        done = run_capped(capped_vault, "export", what, "--recipient", "lawyer", "--case", "c",
                          "--messages", str(messages[0]["id"]), *extra,
                          "--out", str(tmp_path / out))
        assert done.returncode == 0, (what, done.stderr[-1000:])


def test_a_119_megapixel_png_is_not_decoded_for_the_dossier(
        capped_vault: Path, tmp_path: Path) -> None:
    picture = tmp_path / "huge.png"
    huge_png(picture, 119)
    done = run_capped(capped_vault, "import", "--case", "c", str(picture))
    assert done.returncode == 0, done.stderr[-1000:]
    pdf = tmp_path / "d.pdf"
    done = run_capped(capped_vault, "export", "dossier", "--recipient", "lawyer", "--case", "c",
                      "--lang", "en", "--out", str(pdf))
    assert done.returncode == 0, done.stderr[-1000:]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "This image has 119 million pixels" in " ".join(text.split())


def test_a_huge_telegram_message_is_capped_when_stored(capped_vault: Path,
                                                         tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    long_text = "menace " * 300_000  # 2.1 million characters in one message
    telegram(export, json.dumps([{"id": 1, "type": "message", "date": "2026-11-12T21:05:00",
                                  "date_unixtime": "1794513900", "from": "Y",
                                  "text": long_text}]))
    done = run_capped(capped_vault, "import", "--case", "c", str(export))
    assert done.returncode == 0, done.stderr[-1000:]
    (message,) = _messages(capped_vault)
    text = str(message["text"])
    assert text.startswith(long_text[: textcap.DISPLAY_CHARS])
    assert f"[… {len(long_text) - textcap.DISPLAY_CHARS} characters not shown" in text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30), st.integers(0, 200))
def test_line_budget_keeps_at_most_the_cap_and_counts_the_rest(lines: list[str],
                                                                 first: int) -> None:
    cap = 100
    old = textcap.DISPLAY_CHARS
    textcap.DISPLAY_CHARS = cap
    try:
        budget = textcap.LineBudget(min(first, cap))
        kept: list[str] = []
        for line in lines:
            budget.take(line, kept)
        whole = sum(len(line) + 1 for line in lines)
        assert sum(len(line) + 1 for line in kept) + budget.cut == whole
        assert budget.used <= max(cap, min(first, cap)) + 1
        text, cut = textcap.capped("x" * (cap + first))
        assert cut == first
        assert text.startswith("x" * cap)
        assert ("characters not shown" in text) == (first > 0)
    finally:
        textcap.DISPLAY_CHARS = old
