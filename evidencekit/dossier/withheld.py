"""Intimate images of a minor: never put in a dossier or a bundle, not even blurred.

When the case records the victim's birth date, every intimate image (marked sensitive, or filed
under an intimate category) that reached the vault before her eighteenth birthday is withheld,
and so is every export whose file holds one (a WhatsApp zip holds its photos). The image stays
in the encrypted vault; the dossier says which pieces were withheld, why, and where to get help.
A photo older than its import only makes her younger, so the import date is the safe bound.
"""

from __future__ import annotations

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


def withholding(conn: Connection, case_id: int, info: DossierInfo) -> Withholding:
    birth = parse_birth_date(info.birth_date) if info.birth_date else None
    if birth is None:
        return Withholding()
    adult = adulthood(birth)
    marks = ",".join("?" * len(INTIMATE_CATEGORIES))
    rows = conn.execute(
        "SELECT i.id, o.original_name, o.sha256, o.imported_at, a.occurred_at, a.seen_at,"
        " a.published_at FROM items i JOIN originals o ON o.item_id = i.id"
        " JOIN annotations a ON a.item_id = i.id LEFT JOIN removals r ON r.item_id = i.id"
        f" WHERE i.case_id = ? AND r.item_id IS NULL"
        " AND (o.media_type LIKE 'image/%' OR o.media_type LIKE 'video/%')"
        f" AND (a.sensitive = 1 OR a.category IN ({marks})) ORDER BY i.id",
        (case_id, *sorted(INTIMATE_CATEGORIES))).fetchall()
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


def readme_paragraph(lang: str, numbers: list[int]) -> str:
    """The paragraph README.txt / LISEZMOI.txt opens with when pieces were withheld."""
    if not numbers:
        return ""
    return README["fr" if lang == "fr" else "en"].replace(
        "{numbers}", ", ".join(str(n) for n in numbers))
