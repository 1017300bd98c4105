"""The offline help directory (resources/help/directory.json), read in the current language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from evidencekit.paths import resource


@dataclass(frozen=True)
class Contact:
    kind: str  # phone, whatsapp, web, app
    value: str


@dataclass(frozen=True)
class Service:
    id: str
    country: str  # FR or MA
    emergency: bool
    name: str
    what: str
    hours: str
    reach: tuple[Contact, ...]


@dataclass(frozen=True)
class Situation:
    id: str
    text: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class Directory:
    note: str
    situations: tuple[Situation, ...]
    services: tuple[Service, ...]

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)


@cache
def _raw() -> dict[str, Any]:
    data = json.loads(resource("help", "directory.json").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _pick(texts: Any, lang: str) -> str:
    if isinstance(texts, dict):
        return str(texts.get(lang) or texts.get("en") or "")
    return str(texts or "")


def load_directory(lang: str) -> Directory:
    raw = _raw()
    situations = tuple(
        Situation(str(s["id"]), _pick(s, lang), tuple(str(x) for x in s.get("services", ())))
        for s in raw.get("situations", ()))
    services = tuple(
        Service(str(s["id"]), str(s.get("country", "")), bool(s.get("emergency", False)),
                _pick(s.get("name"), lang), _pick(s.get("what"), lang),
                _pick(s.get("hours"), lang),
                tuple(Contact(str(c["kind"]), str(c["value"])) for c in s.get("reach", ())))
        for s in raw.get("services", ()))
    return Directory(_pick(raw.get("note"), lang), situations, services)
