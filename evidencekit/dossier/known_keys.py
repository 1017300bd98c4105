"""The verifier's list of signing keys seen before, like SSH's known_hosts.

It lives with the verifier's own settings (platformdirs' user config folder), not in any vault:
the recipient (a lawyer, an investigator) has no vault. Each entry ties a vault id and the case
names seen with it to one key fingerprint. Only public facts are kept: fingerprints, vault ids,
case names as the bundles print them, and dates.

`EVIDENCEKIT_KNOWN_KEYS` (or `verify-bundle --known-keys FILE`) points elsewhere, for tests and
for an office that shares one list.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from evidencekit.core.atomicfile import write_atomic

FORMAT = "evidencekit-known-keys/1"
FILE_NAME = "known-keys.json"
ENV = "EVIDENCEKIT_KNOWN_KEYS"
MAX_BYTES = 4 * 1024**2
MAX_CASES = 50


def default_path() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("evidencekit", appauthor=False)) / FILE_NAME


@dataclass
class KnownKey:
    fingerprint: str
    vault_id: str
    cases: list[str] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""
    confirmed: bool = False  # compared with the sender's fingerprint (--expect-key)


def _entry(raw: Any) -> KnownKey | None:
    if not isinstance(raw, dict):
        return None
    fp, vault = raw.get("fingerprint"), raw.get("vault_id")
    if not isinstance(fp, str) or not isinstance(vault, str):
        return None
    cases = [c for c in raw.get("cases") or [] if isinstance(c, str)][:MAX_CASES]
    return KnownKey(fp, vault, cases, str(raw.get("first_seen") or ""),
                    str(raw.get("last_seen") or ""), raw.get("confirmed") is True)


class KnownKeys:
    """Loaded once, changed in memory, saved atomically (0600) by `save`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.keys: list[KnownKey] = []
        try:
            if self.path.stat().st_size <= MAX_BYTES:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                listed = raw.get("keys") if isinstance(raw, dict) else None
                self.keys = [k for k in map(_entry, listed or []) if k is not None]
        except (OSError, ValueError, RecursionError):
            # A missing or damaged list means "nothing seen yet": every key is then reported
            # as unknown, never as trusted.
            self.keys = []

    def for_vault(self, vault_id: str) -> list[KnownKey]:
        return [k for k in self.keys if vault_id and k.vault_id == vault_id]

    def for_case(self, case: str) -> list[KnownKey]:
        return [k for k in self.keys if case and case in k.cases]

    def with_fingerprint(self, fingerprint: str) -> list[KnownKey]:
        return [k for k in self.keys if k.fingerprint == fingerprint]

    def remember(self, fingerprint: str, vault_id: str, case: str, when: str, *,
                 confirmed: bool) -> None:
        """Record (or refresh) the key of `vault_id`; a confirmed key replaces another one."""
        if confirmed:
            self.keys = [k for k in self.keys
                         if not (k.vault_id == vault_id and k.fingerprint != fingerprint)]
        for known in self.keys:
            if known.fingerprint == fingerprint and known.vault_id == vault_id:
                known.last_seen = when
                known.confirmed = known.confirmed or confirmed
                if case and case not in known.cases:
                    known.cases = [*known.cases, case][-MAX_CASES:]
                return
        self.keys.append(KnownKey(fingerprint, vault_id, [case] if case else [], when, when,
                                  confirmed))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = {"format": FORMAT, "keys": [asdict(k) for k in self.keys]}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
                                 + "\n").encode("utf-8"))
