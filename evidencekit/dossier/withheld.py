"""Intimate images of a minor: never put in a dossier or a bundle, not even blurred.

When the case records the victim's birth date (or, when it records none, another case of the
vault does), every intimate image (an image or video marked sensitive, or any item filed under an
intimate category), of this case or held by one of its exports, that reached the vault before her
eighteenth birthday is withheld, and so is every export whose file holds one (a WhatsApp zip
holds its photos). The image stays in the encrypted vault; the dossier says which pieces were
withheld, why, and where to get help.
A photo older than its import only makes her younger, so the import date is the safe bound.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from evidencekit.core.db import Connection
from evidencekit.core.export_media import INTIMATE_CATEGORIES, exports_holding
from evidencekit.dossier.victim import DossierInfo, parse_birth_date

ADULT_AGE = 18


@dataclass(frozen=True)
class WithheldImage:
    item_id: int
    name: str
    sha256: str


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


def _earliest(*texts: str | None) -> date | None:
    days = []
    for text in texts:
        try:
            days.append(date.fromisoformat(str(text or "")[:10]))
        except ValueError:
            continue
    return min(days) if days else None


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


def withholding(conn: Connection, case_id: int, info: DossierInfo) -> Withholding:
    birth = parse_birth_date(info.birth_date) if info.birth_date else None
    birth = birth or _youngest_recorded(conn)
    if birth is None:
        return Withholding()
    adult = adulthood(birth)
    marks = ",".join("?" * len(INTIMATE_CATEGORIES))
    # A photo is stored once, in the case it first came to: an export of this case may hold
    # one marked in another case. An item filed under an intimate category is withheld whatever
    # its type (a zip or PDF of photos); a mark "sensitive" alone withholds images and videos.
    rows = conn.execute(
        "SELECT i.id, o.original_name, o.sha256, o.imported_at, a.occurred_at, a.seen_at,"
        " a.published_at FROM items i JOIN originals o ON o.item_id = i.id"
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
    for item_id, name, sha, imported, occurred, seen, published in rows:
        when = _earliest(imported, occurred, seen, published)
        if when is None or when < adult:
            images[int(item_id)] = WithheldImage(int(item_id), str(name), str(sha))
            for export_id in exports_holding(conn, int(item_id)):
                exports.setdefault(export_id, []).append(int(item_id))
    return Withholding(images, {k: tuple(v) for k, v in exports.items()})


README = {
    "en": ("WITHHELD - INTIMATE IMAGES OF A MINOR. The victim was a minor when some intimate\n"
           "images were stored. They are never put in a bundle: exhibits {numbers} are listed in\n"
           "manifest.json with their SHA-256 but without their file (\"withheld\"); a chat export\n"
           "that holds one of them is withheld too, its messages are quoted in the dossier.\n"
           "Help: 3018 (e-Enfance, 3018.fr) and Pharos (internet-signalement.gouv.fr).\n\n"),
    "fr": ("PIÈCES RETENUES - IMAGES INTIMES D'UNE PERSONNE MINEURE. La victime était mineure\n"
           "quand des images intimes ont été conservées. Elles ne sont jamais mises dans une\n"
           "archive : les pièces {numbers} figurent dans manifest.json avec leur SHA-256 mais\n"
           "sans leur fichier (\"withheld\") ; un export de conversation qui en contient une est\n"
           "retenu aussi, ses messages sont cités dans le dossier.\n"
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
