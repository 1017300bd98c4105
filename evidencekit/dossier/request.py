"""What a caller asks a dossier for, and what it gets back: the stable API of the dossier."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RECIPIENTS = ("pharos", "police", "lawyer", "emc", "eblagh")
LANGS = ("fr", "en", "ar")
# Moroccan bodies work in Arabic: their headings are always given in Arabic and French.
MOROCCAN = frozenset({"emc", "eblagh"})

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DossierRequest:
    recipient: str
    lang: str = "fr"
    case: str | None = None
    item_ids: tuple[int, ...] | None = None  # None = all items of the case, in exhibit order
    message_ids: tuple[int, ...] = ()  # chosen messages of chats, as exhibits
    bundle_manifest_sha256: str | None = None  # inside a bundle: its manifest hash, for the annex
    # The zone the dossier's dates are shown in (IANA name); None: the vault's when it names a
    # place, else Europe/Paris or Africa/Casablanca by recipient (event_dates.case_zone).
    timezone: str | None = None


@dataclass(frozen=True)
class ExhibitRef:
    number: int
    item_id: int
    message_id: int | None
    title: str
    sha256: str | None


@dataclass
class DossierResult:
    pdf_path: Path
    pages: int
    exhibits: list[ExhibitRef]
    extra_files: list[Path]  # e.g. the lawyer's bordereau as CSV and ODT beside the PDF
