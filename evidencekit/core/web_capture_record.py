"""Reading back web captures: which items are captures, their manifests, and their integrity.

An item is a web capture only because the capture step logged it so: a custody entry
"web-capture" naming the item and its manifest's SHA-256. A JSON file that merely looks like a
manifest (imported by hand, or planted by someone) is an ordinary file: it is never presented as
a capture, and the checks below say so if it claims to be one.
"""

from __future__ import annotations

import json
from typing import Any

from evidencekit.core.blobreader import open_reader
from evidencekit.core.db import Connection
from evidencekit.core.errors import EvidenceKitError
from evidencekit.i18n import _

MANIFEST_FORMAT = "evidencekit-web-capture/1"
CUSTODY_ACTION = "web-capture"
MANIFEST_NAME = "web-capture-manifest.json"
MAX_MANIFEST = 1024 * 1024


def _logged(conn: Connection) -> dict[int, str]:
    """item id -> manifest SHA-256, from the custody log's web-capture entries."""
    found: dict[int, str] = {}
    for item_id, detail in conn.execute(
            "SELECT item_id, detail FROM custody WHERE action = ? AND item_id IS NOT NULL",
            (CUSTODY_ACTION,)).fetchall():
        try:
            sha = str(json.loads(detail).get("sha256", ""))
        except (ValueError, AttributeError):
            continue
        found[int(item_id)] = sha
    return found


def capture_ids(conn: Connection) -> list[int]:
    """Items the capture step stored (the log says so and the hash agrees)."""
    logged = _logged(conn)
    ids = []
    for item_id, sha in sorted(logged.items()):
        row = conn.execute("SELECT sha256 FROM originals WHERE item_id = ?",
                           (item_id,)).fetchone()
        if row is not None and str(row[0]) == sha:
            ids.append(item_id)
    return ids


def read_manifest(conn: Connection, item_id: int) -> dict[str, Any] | None:
    """The manifest of capture `item_id`, or None if it is not a logged, intact capture."""
    if item_id not in capture_ids(conn) or conn.execute(
            "SELECT 1 FROM removals WHERE item_id = ?", (item_id,)).fetchone():
        return None
    try:
        with open_reader(conn, item_id) as stream:
            data = stream.read(MAX_MANIFEST + 1)
        value = json.loads(data)
    except (ValueError, KeyError, OSError, EvidenceKitError):  # damaged: verify says so
        return None
    if not isinstance(value, dict) or value.get("format") != MANIFEST_FORMAT:
        return None
    return value


def _part_row(conn: Connection, sha: str) -> tuple[int, int] | None:
    row = conn.execute("SELECT item_id, size FROM originals WHERE sha256 = ?", (sha,)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def part_item(conn: Connection, sha: str) -> int | None:
    row = _part_row(conn, sha)
    return row[0] if row else None


def screenshot_item(conn: Connection, item_id: int) -> int | None:
    """The item holding capture `item_id`'s screenshot (what the app previews), or None."""
    manifest = read_manifest(conn, item_id)
    if manifest is None:
        return None
    for part in manifest.get("parts", []):
        if isinstance(part, dict) and part.get("role") == "screenshot":
            return part_item(conn, str(part.get("sha256", "")))
    return None


def capture_problems(conn: Connection) -> list[str]:
    """For verify: every logged capture's manifest and parts present, with the logged hashes."""
    problems: list[str] = []
    logged = _logged(conn)
    removed = {int(r[0]) for r in conn.execute("SELECT item_id FROM removals")}
    for item_id, sha in sorted(logged.items()):
        if item_id in removed:
            continue  # erased on purpose, with a logged reason: verify covers removals
        row = conn.execute("SELECT sha256 FROM originals WHERE item_id = ?",
                           (item_id,)).fetchone()
        if row is None or str(row[0]) != sha:
            problems.append(_("web capture #{id}: its manifest is missing or is not the one "
                              "logged when the page was captured.").format(id=item_id))
            continue
        manifest = read_manifest(conn, item_id)
        if manifest is None:
            problems.append(_("web capture #{id}: its manifest cannot be read.").format(
                id=item_id))
            continue
        for part in manifest.get("parts", []):
            found = _part_row(conn, str(part.get("sha256", "")))
            if found is None or found[1] != int(part.get("size", -1)):
                problems.append(_("web capture #{id}: the part {name} is missing or differs "
                                  "from the manifest.").format(id=item_id,
                                                               name=part.get("name", "?")))
    for item_id, in conn.execute(
            "SELECT item_id FROM originals WHERE original_name = ?", (MANIFEST_NAME,)):
        if int(item_id) not in logged:
            problems.append(_("item #{id} is named like a web capture manifest but no capture "
                              "made it; it is treated as an ordinary file.").format(id=item_id))
    return problems
