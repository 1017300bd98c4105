"""Log checkpoints: the custody log's size and Merkle root, recorded in each export's entry.

Each dossier and bundle prints the root of the log as it was when it was made. The export's own
log entry records that (size, root) pair too, so that a later bundle can prove, with an RFC 9162
consistency proof, that its log extends the log every earlier export showed: a log rewritten
after a dossier was handed over then contradicts that dossier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evidencekit.core.custody import CustodyEntry, CustodyLog
from evidencekit.core.merkle import root_from_leaf_hashes

SIZE = "log_entries"
ROOT = "log_merkle_root"


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the export entry that recorded it
    size: int
    root: str


def current(log: CustodyLog) -> dict[str, Any]:
    """The fields an export entry carries: the log's size and root before the entry itself."""
    leaves = log.leaf_hashes()
    return {SIZE: len(leaves), ROOT: root_from_leaf_hashes(leaves).hex()}


def recorded(entries: Iterable[CustodyEntry]) -> list[Checkpoint]:
    """Every checkpoint export entries recorded, in log order (older entries have none)."""
    found: list[Checkpoint] = []
    for entry in entries:
        size, root = entry.detail.get(SIZE), entry.detail.get(ROOT)
        if isinstance(size, int) and not isinstance(size, bool) and isinstance(root, str):
            found.append(Checkpoint(entry.seq, size, root))
    return found
