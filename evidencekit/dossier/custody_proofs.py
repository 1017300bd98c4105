"""Checking a bundle's custody excerpt by its proofs (the format written by custody_excerpt.py).

Each line is re-hashed exactly as the vault hashes an entry, and its leaf is checked against the
manifest's Merkle root with its RFC 9162 inclusion proof; each consistency proof in the manifest
is checked from the earlier export's (size, root) to this bundle's. No vault is needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidencekit.core.custody import CustodyEntry
from evidencekit.core.merkle import leaf_hash, verify_consistency, verify_inclusion
from evidencekit.i18n import _

EXCERPT_FORMAT = "evidencekit-custody-excerpt/2"
# Only the first problems are shown; keeping every one let a forged excerpt of millions of bad
# lines fill the recipient's memory with sentences nobody reads.
MAX_PROBLEMS = 20


@dataclass
class ExcerptCheck:
    size: int = 0
    root: str = ""
    lines: int = 0
    problems: list[str] = field(default_factory=list)
    # Earlier exports' logs this one provably extends: (size, root).
    extends: list[tuple[int, str]] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def _hashes(values: Any) -> list[bytes]:
    if not isinstance(values, list):
        raise ValueError("not a list of hashes")
    out = [bytes.fromhex(str(v)) for v in values]
    if any(len(h) != 32 for h in out):
        raise ValueError("not a SHA-256")
    return out


def check_excerpt(lines: Iterable[bytes], summary: dict[str, Any]) -> ExcerptCheck:
    """Raises ValueError (or KeyError, TypeError) when a line or the summary is unreadable."""
    result = ExcerptCheck(size=int(summary["entries"]), root=str(summary["merkle_root"]))
    root = bytes.fromhex(result.root)
    last = -1
    for line in lines:
        record = json.loads(line)
        result.lines += 1
        index, seq = int(record["leaf_index"]), int(record["seq"])
        if index <= last or seq != index + 1:
            result.problem(_("entry {n} is out of order, repeated or misnumbered")
                                   .format(n=seq))
        last = max(last, index)
        if record.get("withheld"):
            leaf = bytes.fromhex(str(record["leaf_hash"]))
        else:
            entry = CustodyEntry(seq, str(record["at"]), str(record["action"]),
                                 record["item_id"], dict(record["detail"]),
                                 str(record["prev_hash"]), str(record["entry_hash"]))
            if entry.expected_hash() != entry.entry_hash:
                result.problem(_("entry {n} was altered").format(n=seq))
            leaf = leaf_hash(entry.body())
        if not verify_inclusion(leaf, index, result.size, _hashes(record["inclusion_proof"]),
                                root):
            result.problem(_("entry {n} is not in the log whose Merkle root the dossier "
                                     "prints (its inclusion proof fails)").format(n=seq))
    for earlier in summary.get("consistency") or []:
        size, old_root = int(earlier["size"]), str(earlier["merkle_root"])
        if verify_consistency(size, result.size, bytes.fromhex(old_root), root,
                              _hashes(earlier["proof"])):
            result.extends.append((size, old_root))
        else:
            result.problem(_("the proof that this log extends the log of an earlier "
                                     "export ({m} entries) fails").format(m=size))
    return result
