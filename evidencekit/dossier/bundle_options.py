"""What the user chose for one bundle: timestamping, what private facts it may carry, encryption.

A bundle travels to third parties (a police station, a lawyer's office, their e-mail), so by
default it carries only what proves the evidence: no GPS position read from a photo, no private
note, no description the user wrote for herself. Each is included only when ticked. The
originals themselves stay byte for byte (that is what the hashes prove): a photo's own EXIF may
still hold its position, which is why the warning is shown again at export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidencekit.core.db import Connection
from evidencekit.core.evidence import get_item
from evidencekit.dossier.tsa_client import TimestampSettings

PRIVATE_ANNOTATIONS = ("notes", "description")


@dataclass(frozen=True)
class BundleOptions:
    timestamping: TimestampSettings = field(default_factory=TimestampSettings)
    include_gps: bool = False
    include_notes: bool = False  # private notes and descriptions
    passphrase: str | None = None  # set: the bundle is written encrypted (age, scrypt)


def private_facts(facts: dict[str, Any], options: BundleOptions) -> dict[str, Any]:
    """An exhibit's manifest facts with what the user did not tick taken out."""
    out = dict(facts)
    if not options.include_gps and isinstance(out.get("facts"), dict):
        out["facts"] = {k: v for k, v in out["facts"].items() if k != "gps"}
    annotations = out.get("annotations")
    if not options.include_notes and isinstance(annotations, dict):
        out["annotations"] = {k: ("" if k in PRIVATE_ANNOTATIONS else v)
                              for k, v in annotations.items()}
    return out


def gps_positions(conn: Connection, item_ids: Iterable[int]) -> int:
    """How many of these items hold a GPS position (for the warning shown again at export)."""
    count = 0
    for item_id in item_ids:
        original = get_item(conn, item_id).original
        if original is not None and "gps" in original.facts:
            count += 1
    return count
