"""Where to report child sexual abuse material and be helped: in France or in Morocco.

The sentences are the dossier's own (dossier/headings_withheld.py, in the three languages) and
the links come from the help directory (resources/help/directory.json), so the app, the PDF and
the bundle's README name the same services with the same numbers. A Moroccan victim cannot call
the French 3018, so the help follows Morocco when the case was last exported to a Moroccan
recipient or, before any export, when the app speaks Arabic or keeps Moroccan time.
"""

from __future__ import annotations

import html
import re
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from evidencekit.dossier.headings import t
from evidencekit.dossier.request import MOROCCAN
from evidencekit.gui.help.directory import load_directory
from evidencekit.gui.session import Session
from evidencekit.i18n import current_language

PHONE = re.compile(r"\+?\d+(?: \d+)+")
MOROCCAN_ZONES = frozenset({"Africa/Casablanca", "Africa/El_Aaiun"})
# Services of the directory the help links to, per country (the 3018 runs on e-Enfance's site;
# 3018, 19 and 177 are phone numbers: the sentence gives them).
LINKED = {"FR": ("e-enfance", "pharos"), "MA": ("emc",)}


def last_recipient(conn: sqlite3.Connection, case_id: int | None) -> str | None:
    """The recipient of the case's latest dossier, read from the custody log (None: never
    exported)."""
    if case_id is None:
        return None
    row = conn.execute(
        "SELECT json_extract(detail, '$.recipient') FROM custody WHERE action = 'exported'"
        " AND json_extract(detail, '$.what') = 'dossier'"
        " AND json_extract(detail, '$.case_id') = ? ORDER BY seq DESC LIMIT 1",
        (case_id,)).fetchone()
    return str(row[0]) if row is not None and row[0] else None


def help_country(recipient: str | None, language: str, timezone: str) -> str:
    """"MA" or "FR". The recipient decides when there is one: an Arabic-speaking victim who
    filed with the French police is helped in France."""
    if recipient:
        return "MA" if recipient in MOROCCAN else "FR"
    return "MA" if language == "ar" or timezone in MOROCCAN_ZONES else "FR"


def help_text(country: str, language: str) -> str:
    """The help as rich text: the dossier's sentence, then the services' web addresses."""
    sentence = t("withheld_help_ma" if country == "MA" else "withheld_help", language)
    directory = load_directory(language)
    links = []
    for service_id in LINKED[country]:
        service = directory.service(service_id)
        web = next((c.value for c in service.reach if c.kind == "web"), "") if service else ""
        if service is not None and web:
            name = service.name.split(" — ")[0]
            links.append(f'<a href="{html.escape(web)}">{html.escape(name)}</a>')
    # A phone number in groups ("+212 6 24 40 58 89") stays on one line: a break inside it
    # left "89" alone under the rest in the narrow Arabic dialog.
    sentence = PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), sentence)
    return html.escape(sentence) + ("<br>" + " · ".join(links) if links else "")


def case_help_country(session: Session, case_id: int | None) -> str:
    recipient = session.read(lambda v: last_recipient(v.conn, case_id)) \
        if session.is_unlocked else None
    return help_country(recipient, current_language(), session.timezone)


def help_label(session: Session, case_id: int | None) -> QLabel:
    """Where to report and be helped: our own fixed text and addresses, never user text."""
    country = case_help_country(session, case_id)
    widget = QLabel(help_text(country, current_language()))
    widget.setObjectName(f"abuseHelp{country}")
    widget.setTextFormat(Qt.TextFormat.RichText)
    widget.setOpenExternalLinks(True)
    widget.setWordWrap(True)
    return widget
