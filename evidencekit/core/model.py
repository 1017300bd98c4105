"""The evidence model as the rest of the app sees it: plain, immutable records."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ANNOTATION_FIELDS = (
    "title",
    "description",
    "platform",
    "url",
    "author",
    "author_url",
    "author_id",
    "published_at",
    "seen_at",
    "occurred_at",
    "category",
    "sensitive",
    "online_status",
    "online_checked_at",
    "notes",
)
ONLINE_STATUSES = ("", "online", "removed", "unknown")


@dataclass(frozen=True)
class Case:
    id: int
    name: str
    created_at: str
    item_count: int = 0


@dataclass(frozen=True)
class Annotations:
    title: str = ""
    description: str = ""
    platform: str = ""
    url: str = ""
    author: str = ""
    author_url: str = ""
    author_id: str = ""
    published_at: str = ""  # as displayed by the platform ("il y a 2 h", "12/11/2026 21:05")
    seen_at: str = ""  # when the victim saw or captured it (ISO 8601 with offset when known)
    occurred_at: str = ""  # journal entries: when the incident happened
    category: str = ""
    sensitive: bool = False
    online_status: str = ""
    online_checked_at: str = ""
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Original:
    sha256: str
    size: int
    media_type: str
    original_name: str
    source_path: str
    file_mtime: str | None
    imported_at: str
    import_timezone: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Removal:
    sha256: str
    at: str
    reason: str


@dataclass(frozen=True)
class Item:
    id: int
    case_id: int
    case_name: str
    kind: str  # file | journal | url | paste
    parent_id: int | None
    created_at: str
    original: Original | None
    annotations: Annotations
    removal: Removal | None = None
    children: tuple[int, ...] = ()

    @property
    def display_name(self) -> str:
        if self.annotations.title:
            return self.annotations.title
        if self.original is not None:
            return self.original.original_name
        return self.annotations.url or f"#{self.id}"

    def to_json(self) -> dict[str, Any]:
        o = self.original
        return {
            "id": self.id,
            "kind": self.kind,
            "case": self.case_name,
            "parent_id": self.parent_id,
            "children": list(self.children),
            "created_at": self.created_at,
            "sha256": o.sha256 if o else None,
            "size": o.size if o else None,
            "original_name": o.original_name if o else None,
            "media_type": o.media_type if o else None,
            "imported_at": o.imported_at if o else self.created_at,
            "file_mtime": o.file_mtime if o else None,
            "import_timezone": o.import_timezone if o else None,
            "source_path": o.source_path if o else None,
            "facts": o.facts if o else {},
            "annotations": self.annotations.to_json(),
            "removed": asdict(self.removal) if self.removal else None,
        }


@dataclass(frozen=True)
class Derived:
    id: int
    item_id: int
    kind: str
    sha256: str
    media_type: str
    tool: str
    created_at: str
    size: int
    facts: dict[str, Any] = field(default_factory=dict)
