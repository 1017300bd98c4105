"""Builders for dossier tests: a real vault with images, chats, journal entries and URLs."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

from evidencekit.core.evidence import (
    add_derived,
    add_journal_entry,
    add_url,
    annotate,
    find_case,
)
from evidencekit.core.intake import import_file
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.dossier.victim import Author, DossierInfo, save_info

CASE = "Affaire Karim"
NASTY = '<img src="/etc/passwd"> & Élodie 🔪'
ARABIC = "سأنشر صورك في كل مكان"
MESSAGES = [
    ("Karim_75", "12/11/2026 21:05", "2026-11-12T21:05:00+01:00",
     "Tu vas le regretter 🔪 & <b>vite</b>"),
    ("Moi", "12/11/2026 21:06", "2026-11-12T21:06:00+01:00", "Arrête, laisse-moi tranquille."),
    ("Karim_75", "12/11/2026 21:07", "2026-11-12T21:07:00+01:00", ARABIC),
]
OCR_TEXT = "Texte OCR : espèce de <menteuse> & co"


def screenshot(path: Path, text: str = "Publication injurieuse",
               size: tuple[int, int] = (360, 640)) -> Path:
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, size[0], 40), fill=(30, 60, 120))
    for y in range(60, size[1] - 20, 22):
        d.text((12, y), f"{text} {y}", fill="black")
    img.save(path)
    return path


def checkerboard(path: Path, size: int = 256, cell: int = 8) -> Path:
    """High-frequency content: any real copy of it is easy to tell from a strong blur."""
    img = Image.new("RGB", (size, size), (0, 0, 0))
    d = ImageDraw.Draw(img)
    for y in range(0, size, cell):
        for x in range(0, size, cell):
            if (x // cell + y // cell) % 2 == 0:
                d.rectangle((x, y, x + cell - 1, y + cell - 1), fill=(255, 220, 200))
    # A face-like blob of colour, so the blurred copy is not just uniform grey.
    d.ellipse((60, 40, 200, 220), fill=(200, 120, 90))
    img.save(path)
    return path


def add_chat(vault: Vault, tmp: Path) -> tuple[int, list[int]]:
    """A chat export item with messages written straight to the table (parsers live elsewhere)."""
    path = tmp / "WhatsApp Chat with Karim.txt"
    path.write_text("\n".join(f"{m[1]} - {m[0]}: {m[3]}" for m in MESSAGES), encoding="utf-8")
    outcome = import_file(vault, path, case=CASE, annotations=Annotations(platform="WhatsApp"))
    assert outcome.item_id is not None
    item_id = outcome.item_id
    ids = []
    with vault.transaction() as tx:
        for idx, (sender, source, sent, text) in enumerate(MESSAGES):
            cur = tx.execute(
                "INSERT INTO messages (item_id, idx, conversation, sender, sent_at, sent_at_utc,"
                " sent_at_source, time_rule, text, kind, direction, span_kind, span_start,"
                " span_end, span_part, extra) VALUES (?, ?, 'Karim', ?, ?, ?, ?, '', ?, 'message',"
                " '', 'line', ?, ?, '', ?)",
                (item_id, idx, sender, sent, sent, source, text, idx, idx + 1, json.dumps({})))
            ids.append(int(cur.lastrowid))
    return item_id, ids


def populate(vault: Vault, tmp: Path) -> dict[str, int]:
    """Six kinds of evidence in one case, with hostile strings in every free-text field."""
    ids: dict[str, int] = {}
    # Named as Android names a screenshot: what makes the dossier call it one.
    shot = import_file(vault, screenshot(tmp / "Screenshot_20261112-213000_Instagram.png"),
                       case=CASE,
                       annotations=Annotations(
        title=NASTY, platform="Instagram", url="https://instagram.com/p/abc?x=1&y=2",
        author="karim_75", author_url="https://instagram.com/karim_75",
        published_at="12/11/2026 21:05", seen_at="2026-11-12T21:30:00+01:00",
        category="defamation", description=f"Il écrit « {ARABIC} » & menace",
        online_status="online", notes="Capturée sur mon téléphone"))
    assert shot.item_id is not None
    ids["shot"] = shot.item_id
    intimate = import_file(vault, checkerboard(tmp / "photo.png"), case=CASE,
                           annotations=Annotations(
        title="Photo intime diffusée", platform="Telegram", category="intimate_images",
        sensitive=True, published_at="2026-10-01T10:00:00+02:00"))
    assert intimate.item_id is not None
    ids["intimate"] = intimate.item_id
    with vault.transaction() as tx:
        ids["journal"] = add_journal_entry(tx, CASE, f"Il m'a suivie jusqu'au travail. {ARABIC} 🔪",
                                           occurred_at="2026-11-10T08:00:00+01:00",
                                           title="Récit du 10 novembre")
        ids["url"] = add_url(tx, CASE, Annotations(
            url="https://forum.example/thread/42", title="Fil de discussion diffamatoire",
            platform="forum.example", category="threats", description="Menace de mort publique",
            published_at="2026-11-01"))
        add_derived(tx, ids["shot"], "ocr", OCR_TEXT.encode(), "text/plain", "tesseract (test)")
        annotate(tx, ids["shot"], notes="Capturée sur mon téléphone, Android 14")
    ids["chat"], msg_ids = add_chat(vault, tmp)
    ids["msg0"], ids["msg2"] = msg_ids[0], msg_ids[2]
    with vault.transaction() as tx:
        case_id = find_case(tx, CASE)
    save_info(vault, case_id, DossierInfo(
        full_name="Élodie Martin", birth="01/02/1995, Lyon", city="Paris",
        address="1 rue de la Paix, 75002 Paris", phone="06 00 00 00 00",
        email="elodie@example.org",
        authors=(Author(name="Karim B.", pseudonyms="karim_75, Karim_75",
                        profile_urls="https://instagram.com/karim_75",
                        relationship="ex-conjoint"),),
        narrative=f"Depuis septembre, il publie des insultes. {NASTY}", prejudice="ITT 5 jours",
        witnesses="Sophie L.", steps_taken="Signalement Instagram n° 123", civil_party=True))
    return ids
