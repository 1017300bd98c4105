"""The app's settings file: preferences only, never evidence, names or paths of evidence."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import platformdirs

from evidencekit.core.atomicfile import write_atomic
from evidencekit.i18n import LANGUAGES, _

DEFAULT_AUTO_LOCK_MINUTES = 5
MAX_AUTO_LOCK_MINUTES = 240  # the settings page's own limit
FILE_NAME = "settings.json"
# The settings whose change weakens protection: kept (hashed) inside the vault when set in the
# app, so a change made by editing the file is noticed at the next unlock.
SAFETY_FIELDS = ("auto_lock_minutes", "tsa_url")
SAFETY_META_KEY = "gui_safety_settings"


def default_settings_path() -> Path:
    return Path(platformdirs.user_config_dir("evidencekit", appauthor=False)) / FILE_NAME


@dataclass(frozen=True)
class Settings:
    language: str = ""  # "" means: follow the system
    timezone: str = ""  # "" means: the vault's / the system's
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    ocr: bool = True
    tsa_url: str = ""
    view: str = "list"  # "list" or "grid"

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


class SettingsStore:
    """Reads and writes one settings file; the path is injected so tests use tmp_path."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Settings()
        if not isinstance(raw, dict):
            return Settings()
        values: dict[str, Any] = {}
        for name in (f.name for f in fields(Settings)):
            if name in raw and _valid(name, raw[name]):
                values[name] = raw[name]
        return Settings(**values)

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = json.dumps(asdict(settings), indent=2, sort_keys=True).encode("utf-8")
        write_atomic(self.path, data)


def _valid(name: str, value: Any) -> bool:
    """A hand-edited or planted file must not crash the app or set a value the app's own
    settings page could not: anything else falls back to the default."""
    if name == "ocr":
        return isinstance(value, bool)
    if name == "auto_lock_minutes":
        return (isinstance(value, int) and not isinstance(value, bool)
                and 0 <= value <= MAX_AUTO_LOCK_MINUTES)
    if not isinstance(value, str) or len(value) > 500:
        return False
    if name == "language":
        return value in ("", *LANGUAGES)
    if name == "timezone":
        return value == "" or value in available_timezones()
    if name == "view":
        return value in ("list", "grid")
    if name == "tsa_url":
        parts = urlsplit(value)
        return value == "" or (parts.scheme in ("http", "https") and bool(parts.hostname))
    return False


def safety_fingerprint(settings: Settings) -> str:
    """A digest of the protection-relevant settings, to keep inside the vault."""
    chosen = {name: getattr(settings, name) for name in SAFETY_FIELDS}
    return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()


def safety_notice(settings: Settings, remembered: str | None) -> str | None:
    """What to say at unlock about settings that weaken protection, or None.

    Always said when they differ from the defaults (someone at the same computer can edit the
    settings file); said as a warning when they changed since they were last set in the app.
    """
    weaker: list[str] = []
    if settings.auto_lock_minutes == 0:
        weaker.append(_("the vault never locks by itself when the computer is left alone"))
    elif settings.auto_lock_minutes > DEFAULT_AUTO_LOCK_MINUTES:
        weaker.append(_("the vault locks only after {n} minutes without use").format(
            n=settings.auto_lock_minutes))
    if settings.tsa_url:
        host = urlsplit(settings.tsa_url).hostname or settings.tsa_url
        weaker.append(_("exports contact the timestamp authority {host}").format(host=host))
    if not weaker:
        return None
    text = _("Settings: {list}.").format(list="; ".join(weaker))
    if remembered is not None and remembered != safety_fingerprint(settings):
        text = _("Warning: these settings were changed outside EvidenceKit since you last set "
                 "them here; if it was not you, someone else may have. Check them in "
                 "Settings.") + " " + text
    return text
