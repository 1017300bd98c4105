"""A Telegram HTML export given as a zip: pages in page order, senders carried across pages."""

from __future__ import annotations

import zipfile
from pathlib import Path

from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_paths


def _page(body: str) -> str:
    return ('<html><head><meta charset="utf-8"/></head><body><div class="page_wrap">'
            f'<div class="page_body chat_page"><div class="history">{body}</div></div></div>'
            "</body></html>")


def _message(n: int, sender: str | None, text: str) -> str:
    joined = " joined" if sender is None else ""
    name = "" if sender is None else f'<div class="from_name">{sender}</div>'
    return (f'<div class="message default clearfix{joined}" id="message{n}"><div class="body">'
            f'<div class="pull_right date details" title="12.11.2026 21:{n:02d}:00 UTC+01:00">'
            f'21:{n:02d}</div>{name}<div class="text">{text}</div></div></div>\n')


def test_pages_of_a_zipped_html_export_follow_page_order(vault: Vault, tmp_path: Path) -> None:
    pages = {1: _message(1, "Lina", "p1") + _message(2, "Karim", "p1 bis"),
             2: _message(3, None, "p2 joined")}
    for n in range(3, 11):
        pages[n] = _message(n + 1, "Karim" if n % 2 else "Lina", f"p{n}")
    archive = tmp_path / "Telegram Karim.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        # Zip order is name order: messages10.html comes before messages2.html.
        for n in sorted(pages, key=lambda n: f"messages{n if n > 1 else ''}.html"):
            zf.writestr(f"ChatExport_2026-11-14/messages{n if n > 1 else ''}.html",
                        _page(pages[n]))
    outcomes = import_paths(vault, [archive], ImportOptions(case="Karim", timezone="UTC"))
    assert [o.status for o in outcomes] == ["imported"], [o.message for o in outcomes]
    messages = list_messages(vault.conn, item_id=outcomes[0].item_id)
    texts = [m["text"] for m in messages]
    assert texts == ["p1", "p1 bis", "p2 joined"] + [f"p{n}" for n in range(3, 11)]
    assert messages[2]["sender"] == "Karim"  # named on page 1, dropped by Telegram on page 2
