"""The app's settings file: preferences only, never evidence, names or paths of evidence."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from evidencekit.core.atomicfile import write_atomic
from evidencekit.dossier.tsa_client import TimestampError, TimestampSettings

DEFAULT_AUTO_LOCK_MINUTES = 5
FILE_NAME = "settings.json"


def default_settings_path() -> Path:
    return Path(platformdirs.user_config_dir("evidencekit", appauthor=False)) / FILE_NAME


@dataclass(frozen=True)
class Settings:
    language: str = ""  # "" means: follow the system
    timezone: str = ""  # "" means: the vault's / the system's
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    ocr: bool = True
    timestamping: bool = False  # off: exports never reach the network
    tsa_url: str = ""  # one or more RFC 3161 addresses, spaces between; "" = the default list
    tsa_ca: str = ""  # a CA certificate file trusted for a TSA outside the public store
    view: str = "list"  # "list" or "grid"

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def timestamp_settings(self) -> TimestampSettings:
        """What an export asks of timestamp authorities; nothing at all unless turned on."""
        if not self.timestamping:
            return TimestampSettings()
        try:
            return TimestampSettings.from_choices([self.tsa_url or "default"],
                                                  [self.tsa_ca] if self.tsa_ca else [])
        except TimestampError:
            return TimestampSettings.from_choices(["default"])


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
        known = {f.name: f.type for f in fields(Settings)}
        values: dict[str, Any] = {}
        defaults = Settings()
        for name in known:
            if name not in raw:
                continue
            value, default = raw[name], getattr(defaults, name)
            # A hand-edited or damaged file must not crash the app: keep only well-typed values.
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[name] = value
            elif isinstance(default, int):
                if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1440:
                    values[name] = value
            elif isinstance(value, str) and len(value) < 500:
                values[name] = value
        return Settings(**values)

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = json.dumps(asdict(settings), indent=2, sort_keys=True).encode("utf-8")
        write_atomic(self.path, data)
