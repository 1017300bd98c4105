"""Replies in a Telegram Desktop HTML export: matched on the same page and across pages, said to
be missing when the export does not hold the answered message, read back in the viewer's and the
dossier's words. The pages are written here the way Telegram Desktop writes them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from evidencekit.core.message_notes import reply_line, resolve_replies
from evidencekit.core.messages import list_messages
from evidencekit.core.vault import Vault
from evidencekit.dossier.render import render_dossier
from evidencekit.dossier.request import DossierRequest
from evidencekit.importers.batch import ImportOptions, import_paths
from evidencekit.importers.records import ParsedMessage
from evidencekit.importers.telegram_html import parse_telegram_html
from evidencekit.importers.telegram_replies import link_replies, own_id, reply_link

CASE = "Karim"


def page(body: str) -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"/><title>Exported Data</title>'
            '</head><body><div class="page_wrap"><div class="page_header"><div class="content">'
            '<div class="text bold">Karim</div></div></div><div class="page_body chat_page">'
            f'<div class="history">\n{body}</div></div></div></body></html>\n')


def day(n: int, text: str) -> str:
    """Telegram's day heading: a service block with a negative id."""
    return (f'<div class="message service" id="message-{n}"><div class="body details">{text}'
            '</div></div>\n')


def message(n: int, sender: str, minute: int, text: str, href: str | None = None) -> str:
    reply = "" if href is None else (
        '<div class="reply_to details">In reply to '
        f'<a href="{href}" onclick="return GoToMessage({n})">this message</a></div>')
    return (f'<div class="message default clearfix" id="message{n}"><div class="body">'
            '<div class="pull_right date details" '
            f'title="12.11.2026 21:{minute:02d}:00 UTC+01:00">21:{minute:02d}</div>'
            f'<div class="from_name">{sender}</div>{reply}<div class="text">{text}</div>'
            '</div></div>\n')


# Page 1: message 5, answered on the same page by 6. Page 2 opens with its own day heading (a
# row of its own in the vault), then answers across the page break (7 -> 5, the link naming
# the page as Telegram writes it; 9 -> 6 with a bare "#"), and to a message the export does not
# hold (8 -> 2), and one whose link is not one Telegram writes (10).
PAGE_1 = page(day(1, "12 November 2026")
              + message(5, "Karim", 1, "Je sais où tu habites")
              + message(6, "Inès", 2, "Laisse-moi", "#go_to_message5"))
PAGE_2 = page(day(2, "13 November 2026")
              + message(7, "Inès", 3, "Arrête", "messages.html#go_to_message5")
              + message(8, "Karim", 4, "Tu te souviens ?", "#go_to_message2")
              + message(9, "Karim", 5, "Non", "#go_to_message6")
              + message(10, "Karim", 6, "Regarde", "javascript:GoToMessage(5)"))

EXPECTED = {
    "Je sais où tu habites": "",
    "Laisse-moi": "↪ reply to Karim: Je sais où tu habites",
    "Arrête": "↪ reply to Karim: Je sais où tu habites",
    "Tu te souviens ?": "↪ reply to a message not in this export",
    "Non": "↪ reply to Inès: Laisse-moi",
    "Regarde": "↪ reply to an earlier message",
}


def export_folder(tmp_path: Path) -> Path:
    root = tmp_path / "ChatExport_2026-11-14"
    root.mkdir()
    (root / "messages.html").write_text(PAGE_1, encoding="utf-8")
    (root / "messages2.html").write_text(PAGE_2, encoding="utf-8")
    return root


def export_zip(tmp_path: Path) -> Path:
    path = tmp_path / "Telegram.zip"
    with zipfile.ZipFile(path, "w") as zf:
        # Zip order is not page order: the importer sorts the pages before linking them.
        zf.writestr("ChatExport_2026-11-14/messages2.html", PAGE_2)
        zf.writestr("ChatExport_2026-11-14/messages.html", PAGE_1)
    return path


def _import(vault: Vault, path: Path) -> int:
    [outcome] = import_paths(vault, [path], ImportOptions(case=CASE, timezone="Europe/Paris"))
    assert outcome.status == "imported", outcome.message
    assert outcome.item_id is not None
    return outcome.item_id


def _lines(vault: Vault, item_id: int, lang: str = "en") -> dict[str, str]:
    rows = list_messages(vault.conn, item_id=item_id)
    resolve_replies(vault.conn, rows)
    return {str(r["text"]): reply_line(r["extra"], lang) for r in rows if r["kind"] != "system"}


def test_the_parser_records_the_link_as_the_json_importer_does() -> None:
    result = parse_telegram_html(io.BytesIO(PAGE_2.encode()), source_name="x/messages2.html")
    heading, across, missing, bare, odd = list(result.messages)
    assert "telegram" not in heading.extra  # a day heading is no message of the chat
    assert across.extra["telegram"] == {"id": 7, "reply_to_message_id": 5}
    assert across.extra["reply_to_page"] == "messages.html"
    assert across.extra["reply_to"] == "In reply to this message"  # the exporter's words, kept
    # Read alone, page 2 does not hold page 1: the answered message is on a page not read.
    assert across.extra["reply_page_not_imported"] is True
    assert missing.extra["telegram"] == {"id": 8, "reply_to_message_id": 2}
    assert missing.extra["reply_not_in_export"] is True
    assert bare.extra["reply_not_in_export"] is True  # 6 is on page 1, the link does not say
    assert odd.extra["telegram"] == {"id": 10}  # a reply, to no message the link names
    assert odd.extra["reply_to"] == "In reply to this message"
    assert "reply_not_in_export" not in odd.extra


def test_links_and_ids_read_strictly() -> None:
    assert reply_link("#go_to_message123") == (123, "")
    assert reply_link("messages12.html#go_to_message4") == (4, "messages12.html")
    for bad in ("", "#go_to_message", "#go_to_message-3", "#go_to_message1x",
                "../messages.html#go_to_message1", "https://t.me/c/1/2", "#go_to_message" + "9" * 19,
                "javascript:GoToMessage(5)"):
        assert reply_link(bad) is None, bad
    assert own_id("message42") == 42
    assert own_id("message-1") is None and own_id("msg42") is None and own_id("") is None


@pytest.mark.parametrize("maker", [export_folder, export_zip])
def test_replies_resolved_across_pages(vault: Vault, tmp_path: Path, maker: Any) -> None:
    item_id = _import(vault, maker(tmp_path))
    rows = list_messages(vault.conn, item_id=item_id)
    assert [r["kind"] for r in rows].count("system") == 2  # the day headings are rows too
    stored = [json.dumps(r["extra"], sort_keys=True) for r in rows]
    assert _lines(vault, item_id) == EXPECTED
    # Resolving is reading: the stored rows are never changed by it.
    again = list_messages(vault.conn, item_id=item_id)
    assert [json.dumps(r["extra"], sort_keys=True) for r in again] == stored


def test_a_page_imported_alone_names_the_page_that_was_not(vault: Vault,
                                                           tmp_path: Path) -> None:
    alone = tmp_path / "messages2.html"
    alone.write_text(PAGE_2, encoding="utf-8")
    lines = _lines(vault, _import(vault, alone))
    assert lines["Arrête"] == ("↪ reply to a message on messages.html, a page of the export "
                               "that was not imported")
    assert lines["Tu te souviens ?"] == "↪ reply to a message not in this export"


@pytest.mark.parametrize(("lang", "missing", "found"), [
    ("fr", "↪ en réponse à un message absent de cet export",
     "↪ en réponse à Karim : Je sais où tu habites"),
    ("ar", "↪ ردًّا على رسالة غير موجودة في هذا التصدير",
     "↪ ردًّا على Karim: Je sais où tu habites"),
])
def test_the_lines_in_french_and_arabic(vault: Vault, tmp_path: Path, lang: str, missing: str,
                                        found: str) -> None:
    lines = _lines(vault, _import(vault, export_folder(tmp_path)), lang)
    assert lines["Tu te souviens ?"] == missing
    assert lines["Arrête"] == found


def test_a_forged_row_distance_reads_nothing_else(vault: Vault, tmp_path: Path) -> None:
    """The distance is looked up with the answered message's number: a stored distance that
    lands on another message quotes nothing, and an absurd one is not even asked for."""
    item_id = _import(vault, export_folder(tmp_path))
    rows = list_messages(vault.conn, item_id=item_id)
    target = next(r for r in rows if r["text"] == "Arrête")
    for forged in (1, 10**30, -(10**30), True, "3"):
        target["extra"]["reply_rows_back"] = forged
        target["extra"].pop("quoted", None)
        resolve_replies(vault.conn, [target])
        assert "quoted" not in target["extra"], forged
        assert reply_line(target["extra"], "en") == "↪ reply to message 5"


def _parsed(n: int, target: int | None) -> ParsedMessage:
    html = page(message(n, "K", 1, "x", None if target is None else f"#go_to_message{target}"))
    return next(iter(parse_telegram_html(io.BytesIO(html.encode()),
                                         source_name="messages.html").messages))


def test_linking_again_replaces_what_one_page_decided() -> None:
    answered, reply = _parsed(3, None), _parsed(4, 3)
    assert reply.extra["reply_not_in_export"] is True  # alone on its page
    assert link_replies([("messages.html", [answered]), ("messages2.html", [reply])]) == 1
    assert reply.extra["reply_rows_back"] == 1 and "reply_not_in_export" not in reply.extra


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages).split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dossier_prints_the_replies(vault: Vault, tmp_path: Path, lang: str) -> None:
    _import(vault, export_folder(tmp_path))
    out = tmp_path / f"police-{lang}.pdf"
    render_dossier(vault, DossierRequest("police", lang=lang, case=CASE), out)
    text = _pdf_text(out)
    if lang == "en":
        assert "↪ reply to Karim: Je sais où tu habites" in text
        assert "↪ reply to Inès: Laisse-moi" in text
        assert "↪ reply to a message not in this export" in text
        assert "↪ reply to an earlier message" in text
    else:
        assert "↪ en réponse à Karim : Je sais où tu habites" in text
        assert "↪ en réponse à un message absent de cet export" in text
    # Telegram's day heading has no sender and no time: its line says what it is, with no
    # empty "— · ·" slots before it.
    assert "— · ·" not in text
    heading = "system message" if lang == "en" else "message du système"
    assert f"{heading} 12 November 2026" in text



def test_the_lawyer_is_not_told_there_is_no_date_when_only_the_category_is_missing(
        vault: Vault, tmp_path: Path) -> None:
    """The messages are dated; what the prescription table lacks is an offence."""
    _import(vault, export_folder(tmp_path))
    out = tmp_path / "lawyer.pdf"
    render_dossier(vault, DossierRequest("lawyer", lang="fr", case=CASE), out)
    text = _pdf_text(out)
    assert "Aucune date exploitable" not in text
    assert "Aucune pièce n'a encore de catégorie : le délai dépend de l'infraction" in text


def test_the_command_line_prints_the_replies(vault: Vault, tmp_path: Path, cli: Any) -> None:
    item_id = _import(vault, export_folder(tmp_path))
    vault.close()
    result = cli("messages", "--item", str(item_id), env={"LANGUAGE": "en"})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    after = {lines[i].split(": ", 1)[-1]: lines[i + 1].strip() for i in range(len(lines) - 1)
             if lines[i + 1].startswith(" ")}
    assert after["Arrête"] == "↪ reply to Karim: Je sais où tu habites"
    assert after["Tu te souviens ?"] == "↪ reply to a message not in this export"
