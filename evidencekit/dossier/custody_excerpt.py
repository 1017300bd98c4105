"""The custody log a bundle carries: only its exhibits' entries, each proved against the root.

A bundle goes to one recipient, so its log says nothing about the rest of the vault: no unlock
or failed-unlock times, no exports to other recipients, no key-derivation settings, no other
evidence, no folder paths. Each entry shown carries its RFC 9162 inclusion proof against the
Merkle root of the whole log (printed in the dossier and in the manifest), so the subset is
checkable on its own: an entry edited, invented or moved fails its proof.

Entries of an exhibit that would say too much are *withheld*: the line gives only the leaf hash
and its proof (the entry exists at that place in the log, its content is not shown). These are
annotation changes (their values include private notes) and imports logged before paths were
kept out of the log (core/source_path.py); the latter also show what they recorded minus the
path, marked as not covered by the proof (`_unproved_import`).

The manifest also carries, for every earlier export recorded in the log (core/checkpoints.py),
an RFC 9162 consistency proof from that export's (size, root) to this bundle's: a log rewritten
after a dossier was handed over cannot produce it (`verify-bundle new.zip --against old.zip`).
"""

from __future__ import annotations

import json
from typing import Any

from evidencekit.core import checkpoints
from evidencekit.core.custody import CustodyEntry
from evidencekit.core.errors import TamperDetected
from evidencekit.core.merkle import consistency_proof, leaf_hash, root_from_leaf_hashes
from evidencekit.core.merkle_levels import MerkleLevels
from evidencekit.core.vault import Vault
from evidencekit.dossier.custody_proofs import EXCERPT_FORMAT
from evidencekit.i18n import _

# Withheld whatever their item: the values of an annotation change are the user's own notes.
_WITHHELD_ACTIONS = frozenset({"annotated"})
# Case-level entries shown when they are about a case of the bundle (the case's name is in the
# manifest anyway).
_CASE_ACTIONS = frozenset({"case-created"})


def disclosure(entry: CustodyEntry, item_ids: set[int], case_ids: set[int]) -> str | None:
    """"full", "withheld" or None (left out) for one entry of the log."""
    if entry.item_id is None:
        if entry.action in _CASE_ACTIONS and entry.detail.get("case_id") in case_ids:
            return "full"
        return None
    if int(entry.item_id) not in item_ids:
        return None
    if entry.action in _WITHHELD_ACTIONS or "source_path" in entry.detail:
        return "withheld"
    return "full"


def _unproved_import(entry: CustodyEntry) -> dict[str, Any]:
    """For an import logged with its folder path: what it recorded, minus the path, unproved.

    Its leaf cannot be recomputed without the path, so these facts are bound only by the signed
    manifest (like the manifest's own hashes), and say so; the recipient can still compare the
    file with the hash recorded at import.
    """
    if entry.action not in ("import", "import-duplicate") or "source_path" not in entry.detail:
        return {}
    detail = {k: v for k, v in entry.detail.items() if k != "source_path"}
    return {"action": entry.action, "item_id": entry.item_id, "detail": detail,
            "unproved": "the entry named a folder path, so its content is shown without it and "
                        "is not covered by its inclusion proof"}


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def build(vault: Vault, item_ids: set[int], case_ids: set[int], file_name: str
          ) -> tuple[bytes, dict[str, Any]]:
    """custody.jsonl for these items, and the manifest's summary of the whole log."""
    with vault.lock:
        entries = list(vault.custody.entries())
    return excerpt_of(entries, item_ids, case_ids, file_name)


def excerpt_of(entries: list[CustodyEntry], item_ids: set[int], case_ids: set[int],
               file_name: str) -> tuple[bytes, dict[str, Any]]:
    """The same, from the log's entries (all of them, in order)."""
    leaves = [leaf_hash(e.body()) for e in entries]
    levels = MerkleLevels(leaves)
    lines: list[bytes] = []
    shown = withheld = 0
    for index, entry in enumerate(entries):
        how = disclosure(entry, item_ids, case_ids)
        if how is None:
            continue
        proof = [p.hex() for p in levels.path(index)]
        if how == "full":
            record: dict[str, Any] = entry.to_json()
            shown += 1
        else:
            record = {"seq": entry.seq, "withheld": True, "leaf_hash": leaves[index].hex()}
            record.update(_unproved_import(entry))
            withheld += 1
        record.update(leaf_index=index, inclusion_proof=proof)
        lines.append(_line(record))
    root = root_from_leaf_hashes(leaves).hex()
    summary = {
        "file": file_name, "excerpt": EXCERPT_FORMAT, "entries": len(leaves),
        "merkle_root": root, "head_hash": entries[-1].entry_hash if entries else "",
        "shown_in_full": shown, "withheld": withheld,
        "left_out": len(leaves) - shown - withheld,
        "consistency": _consistency(entries, leaves),
        "entry_hash": "sha256(b'evidencekit-custody-v1\\x00' + canonical JSON of seq, at, "
                      "action, item_id, detail, prev)",
        "merkle_tree": "RFC 9162 over the same canonical JSON (leaf 0x00, node 0x01); each line "
                       "of the file carries the inclusion proof of its leaf (leaf_index) in the "
                       "tree of `entries` leaves with root `merkle_root`",
    }
    return b"".join(lines), summary


def _consistency(entries: list[CustodyEntry], leaves: list[bytes]) -> list[dict[str, Any]]:
    """A proof from each earlier export's recorded log to this one; refuses a rewritten log."""
    proofs: list[dict[str, Any]] = []
    seen: set[int] = set()
    for point in checkpoints.recorded(entries):
        if not 0 < point.size <= len(leaves) or \
                root_from_leaf_hashes(leaves[:point.size]).hex() != point.root:
            raise TamperDetected(_(
                "The custody log no longer gives the Merkle root that the export recorded in "
                "its entry {n} showed: the log was rewritten after that export. No bundle was "
                "written; run `evidencekit verify`.").format(n=point.seq))
        if point.size in seen:
            continue
        seen.add(point.size)
        proofs.append({"size": point.size, "merkle_root": point.root,
                       "proof": [p.hex() for p in consistency_proof(leaves, point.size)]})
    return proofs
