"""Intimate images of a minor: never put in a dossier or a bundle, not even blurred.

When the case records the victim's birth date (or, when it records none, another case of the
vault does), every intimate image (an image or video marked sensitive, or any item filed under an
intimate category), of this case or held by one of its exports, is withheld if the victim was a
minor when it was made or sent, and so is every export whose file holds one (a WhatsApp zip
holds its photos). The image stays in the encrypted vault; the dossier says which pieces were
withheld, on which date she was a minor, why, and where to get help.

The question is her age when the image was made or sent, not when it reached the vault: a photo
taken at 17 and imported at 19 is a minor's image. The dates looked at, in this order: the
device's capture time (EXIF DateTimeOriginal), the time of the messages that carried it, the
dates the user gave (incident, publication, seen), and, last, the day it was imported, which only
counts as a date of its own when none of the others exists. Any of them before her eighteenth
birthday withholds the image: the dates can disagree (a camera clock, a photo sent again years
later), and the child is protected whichever is right. The import date stays in the comparison
because an image cannot have been made after it reached the vault: imported while she was a
minor, it was made while she was one, whatever its metadata claim. A date before her birth or
after today is a wrong clock, not a fact about her age, and is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidencekit.core.db import Connection
from evidencekit.core.export_media import INTIMATE_CATEGORIES, exports_holding
from evidencekit.core.timeutil import parse_iso
from evidencekit.dossier.event_dates import IMPORTED, exif_capture, read_display
from evidencekit.dossier.victim import DossierInfo, parse_birth_date

ADULT_AGE = 18
# Naive times get a zone only so they can be read; the day kept is the one they wrote.
_UTC = ZoneInfo("UTC")
_CHUNK = 500  # images per query (SQLite's limit on bound values is far above)


@dataclass(frozen=True)
class DatedFact:
    """One date of an image: what it is (an event kind of dossier/event_dates, or "imported")
    and the day, as the source wrote it (the camera's or the phone's own local day)."""

    kind: str
    day: date


@dataclass(frozen=True)
class WithheldImage:
    item_id: int
    name: str
    sha256: str
    # The date on which she was a minor that decided it; None only for an image with no date
    # at all (withheld: without a date nothing shows she was an adult).
    used: DatedFact | None = None
    # Its other dates that fall on or after her eighteenth birthday (they disagree).
    adult_dates: tuple[DatedFact, ...] = ()


@dataclass(frozen=True)
class Withholding:
    """What a dossier or bundle of one case leaves out."""

    images: dict[int, WithheldImage] = field(default_factory=dict)
    exports: dict[int, tuple[int, ...]] = field(default_factory=dict)  # export -> its images

    def hides(self, item_id: int) -> bool:
        return item_id in self.images or item_id in self.exports

    def __bool__(self) -> bool:
        return bool(self.images)

    def related(self, item_id: int, attachment_ids: tuple[int, ...] = ()) -> list[WithheldImage]:
        """The withheld images an exhibit (an item, or a message and its attachments) touches."""
        ids = [item_id, *self.exports.get(item_id, ()), *attachment_ids]
        return [self.images[i] for i in dict.fromkeys(ids) if i in self.images]


def adulthood(birth: date) -> date:
    try:
        return birth.replace(year=birth.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        return date(birth.year + ADULT_AGE, 3, 1)


def _own_day(moment: datetime) -> date:
    """The day in the moment's own offset: where the photo was taken or the message sent."""
    return moment.date()


def _typed(kind: str, text: str | None) -> DatedFact | None:
    """A date the user typed (ISO, 12/03/2026, 12 mars 2026); None when it gives no day."""
    found = read_display(kind, str(text or ""), _UTC)
    if found is None or found.approx:  # "il y a 2 h": no day without the time it was seen
        return None
    day = _own_day(found.moment) if found.moment is not None else found.day
    return DatedFact(kind, day) if day is not None else None


def _captured(facts_json: str | None) -> DatedFact | None:
    try:
        facts = json.loads(facts_json or "{}")
    except ValueError:
        return None
    found = exif_capture(facts, _UTC) if isinstance(facts, dict) else None
    return DatedFact("captured", _own_day(found.moment)) if found and found.moment else None


def _sent(conn: Connection, item_ids: list[int]) -> dict[int, DatedFact]:
    """Per image, the earliest day a message carrying it was sent (its own offset's day): one
    pass over the attachments for all the images (that column has no index of its own)."""
    earliest: dict[int, date] = {}
    for start in range(0, len(item_ids), _CHUNK):
        chunk = item_ids[start:start + _CHUNK]
        rows = conn.execute(
            "SELECT ma.attachment_item_id, m.sent_at, m.sent_at_utc FROM message_attachments ma"
            " JOIN messages m ON m.id = ma.message_id WHERE ma.attachment_item_id IN"
            f" ({','.join('?' * len(chunk))})", chunk)
        for item_id, local_text, utc_text in rows:  # streamed: memory stays flat
            day = _day_of(local_text) or _day_of(utc_text)
            if day is not None and (item_id not in earliest or day < earliest[item_id]):
                earliest[int(item_id)] = day
    return {item_id: DatedFact("sent", day) for item_id, day in earliest.items()}


def _day_of(text: Any) -> date | None:
    try:
        return _own_day(parse_iso(str(text or "")))
    except (ValueError, OverflowError):
        return None


def _imported(text: Any, tz: ZoneInfo) -> DatedFact | None:
    """The import's day in the case's zone, the day the dossier's fiche shows."""
    try:
        moment = parse_iso(str(text or ""))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return DatedFact(IMPORTED, moment.astimezone(tz).date())
    except (ValueError, OverflowError):
        return None


def image_dates(row: tuple[Any, ...], sent: DatedFact | None,
                tz: ZoneInfo = _UTC) -> list[DatedFact]:
    """An image's dates in the order they are looked at: capture, sent, the user's, import.
    `row` is (facts, occurred_at, published_at, seen_at, imported_at)."""
    facts, occurred, published, seen, imported = row
    found = [_captured(facts), sent, _typed("occurred", occurred),
             _typed("published", published), _typed("seen", seen), _imported(imported, tz)]
    return [f for f in found if f is not None]


Verdict = tuple[DatedFact | None, tuple[DatedFact, ...]]


def decide(dates: list[DatedFact], birth: date, today: date) -> Verdict | None:
    """(the date used, the dates that disagree) when the image is withheld; None when every
    date that can be about her places it on or after her eighteenth birthday."""
    adult = adulthood(birth)
    usable = [f for f in dates if birth <= f.day <= today]
    if not usable:  # no date, or only wrong clocks: nothing shows she was an adult
        return None, ()
    minor = [f for f in usable if f.day < adult]
    if not minor:
        return None
    return minor[0], tuple(f for f in usable if f.day >= adult)


def _youngest_recorded(conn: Connection) -> date | None:
    """The latest birth date any case records: the vault is one person's, and `victim --birth`
    given for her first case must protect the others too. With several (a parent keeping two
    children's cases), the youngest is the safe one."""
    births = []
    for (data,) in conn.execute("SELECT data FROM dossier_info").fetchall():
        try:
            value = json.loads(data).get("birth_date")
        except (ValueError, AttributeError):
            continue
        day = parse_birth_date(value) if isinstance(value, str) and value else None
        if day is not None:
            births.append(day)
    return max(births) if births else None


def withholding(conn: Connection, case_id: int, info: DossierInfo,
                tz: ZoneInfo = _UTC) -> Withholding:
    """What a dossier or bundle of the case leaves out; `tz`, the case's zone, gives the day of
    the import (the other dates keep the day their source wrote)."""
    birth = parse_birth_date(info.birth_date) if info.birth_date else None
    birth = birth or _youngest_recorded(conn)
    if birth is None:
        return Withholding()
    marks = ",".join("?" * len(INTIMATE_CATEGORIES))
    # A photo is stored once, in the case it first came to: an export of this case may hold
    # one marked in another case. An item filed under an intimate category is withheld whatever
    # its type (a zip or PDF of photos); a mark "sensitive" alone withholds images and videos.
    rows = conn.execute(
        "SELECT i.id, o.original_name, o.sha256, o.facts, a.occurred_at, a.published_at,"
        " a.seen_at, o.imported_at FROM items i JOIN originals o ON o.item_id = i.id"
        " JOIN annotations a ON a.item_id = i.id LEFT JOIN removals r ON r.item_id = i.id"
        " WHERE r.item_id IS NULL"
        f" AND (a.category IN ({marks}) OR (a.sensitive = 1"
        " AND (o.media_type LIKE 'image/%' OR o.media_type LIKE 'video/%')))"
        # Uncorrelated IN lists: each is built once, not searched again per image.
        " AND (i.case_id = ? OR i.parent_id IN (SELECT id FROM items WHERE case_id = ?)"
        " OR i.id IN (SELECT ma.attachment_item_id FROM message_attachments ma"
        " JOIN messages m ON m.id = ma.message_id JOIN items e ON e.id = m.item_id"
        " WHERE e.case_id = ?)) ORDER BY i.id",
        (*sorted(INTIMATE_CATEGORIES), case_id, case_id, case_id)).fetchall()
    images: dict[int, WithheldImage] = {}
    exports: dict[int, list[int]] = {}
    today = datetime.now(tz).date()
    sent = _sent(conn, [int(r[0]) for r in rows])
    for item_id, name, sha, *dated in rows:
        verdict = decide(image_dates(tuple(dated), sent.get(int(item_id)), tz), birth, today)
        if verdict is not None:
            images[int(item_id)] = WithheldImage(int(item_id), str(name), str(sha), *verdict)
            for export_id in exports_holding(conn, int(item_id)):
                exports.setdefault(export_id, []).append(int(item_id))
    return Withholding(images, {k: tuple(v) for k, v in exports.items()})


README = {
    "en": ("WITHHELD - INTIMATE IMAGES OF A MINOR. The victim was a minor when some intimate\n"
           "images were made, sent or stored (the dossier gives the date used for each). They\n"
           "are never put in a bundle: exhibits {numbers} are listed in manifest.json with their\n"
           "SHA-256 and that date but without their file (\"withheld\"); a chat export that\n"
           "holds one of them is withheld too, its messages are quoted in the dossier.\n"
           "Help: 3018 (e-Enfance, 3018.fr) and Pharos (internet-signalement.gouv.fr).\n\n"),
    "fr": ("PIÈCES RETENUES - IMAGES INTIMES D'UNE PERSONNE MINEURE. La victime était mineure\n"
           "quand des images intimes ont été prises, envoyées ou conservées (le dossier donne\n"
           "la date retenue pour chacune). Elles ne sont jamais mises dans une archive : les\n"
           "pièces {numbers} figurent dans manifest.json avec leur SHA-256 et cette date mais\n"
           "sans leur fichier (\"withheld\") ; un export de conversation qui en contient une\n"
           "est retenu aussi, ses messages sont cités dans le dossier.\n"
           "Aide : 3018 (e-Enfance, 3018.fr) et Pharos (internet-signalement.gouv.fr).\n\n"),
}


# A Moroccan recipient's bundle names the services in Morocco, not the French ones.
HELP_MA = {
    "en": "Help: EMC-Helpline (cyberconfiance.ma/helpline, WhatsApp +212 6 24 40 58 89) and the\n"
          "police (19) or the gendarmerie (177).\n\n",
    "fr": "Aide : EMC-Helpline (cyberconfiance.ma/helpline, WhatsApp +212 6 24 40 58 89) et la\n"
          "police (19) ou la gendarmerie (177).\n\n",
}


def readme_paragraph(lang: str, numbers: list[int], *, moroccan: bool = False) -> str:
    """The paragraph README.txt / LISEZMOI.txt opens with when pieces were withheld."""
    if not numbers:
        return ""
    key = "fr" if lang == "fr" else "en"
    text = README[key]
    if moroccan:
        text = text[:text.index("Aide :" if key == "fr" else "Help:")] + HELP_MA[key]
    return text.replace("{numbers}", ", ".join(str(n) for n in numbers))
