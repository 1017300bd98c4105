"""The custody log's anchor outside the vault: the last log size and Merkle root this computer saw.

Everything inside the vault can be rewritten by whoever has the passphrase: the hash chain and
the Merkle root are recomputed as easily as they are checked, and the append-only triggers can
be dropped and put back. A record kept elsewhere cannot be rewritten from inside the vault, so
each time the log is seen intact (at unlock, after an export or a verification, at lock) its
size and RFC 9162 Merkle root are written to the app's state folder, keyed by the vault's id and
folder (a backup restored to another folder is another copy, with its own history from then on).
A log that is later shorter than that record (entries deleted, an older copy of the vault folder
put back) or whose first entries no longer give the recorded root (the log rewritten) is named
at unlock and by `verify`.

The record is only as safe as the computer's account: someone who can write to the state folder
can rewrite it too. Dossiers already handed over (they print the root and size) are the anchors
that no one on this computer can change; see docs/SECURITY.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from evidencekit.core.atomicfile import write_atomic
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import Connection
from evidencekit.core.merkle import root_from_leaf_hashes
from evidencekit.core.timeutil import now_iso
from evidencekit.i18n import _

FORMAT = "evidencekit-log-anchor/1"
_PLAIN_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


@dataclass(frozen=True)
class Anchor:
    vault_id: str
    size: int
    root: str
    head_hash: str
    seen_at: str

    def to_json(self) -> dict[str, object]:
        return {"format": FORMAT, "vault_id": self.vault_id, "size": self.size,
                "root": self.root, "head_hash": self.head_hash, "seen_at": self.seen_at}


class AnchorUnreadable(Exception):
    """The anchor file exists but is not one we wrote (damaged or edited)."""


def anchor_dir() -> Path:
    return Path(platformdirs.user_state_dir("evidencekit", appauthor=False)) / "log-anchors"


def anchor_path(vault_id: str, folder: Path) -> Path:
    # The id comes from keyslots.json, which anyone can edit: never let it name a path.
    name = vault_id if _PLAIN_ID.fullmatch(vault_id) else \
        hashlib.sha256(vault_id.encode("utf-8", "replace")).hexdigest()
    where = hashlib.sha256(os.fsencode(Path(folder).absolute())).hexdigest()[:16]
    return anchor_dir() / f"{name}-{where}.json"


def load(vault_id: str, folder: Path) -> Anchor | None:
    path = anchor_path(vault_id, folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorUnreadable(str(exc)) from None
    try:
        data = json.loads(raw)
        anchor = Anchor(str(data["vault_id"]), int(data["size"]), str(data["root"]),
                        str(data["head_hash"]), str(data["seen_at"]))
    except (ValueError, KeyError, TypeError):
        raise AnchorUnreadable(str(path)) from None
    if data.get("format") != FORMAT or anchor.vault_id != vault_id or anchor.size < 0:
        raise AnchorUnreadable(str(path))
    return anchor


def save(anchor: Anchor, folder: Path) -> None:
    anchor_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    data = json.dumps(anchor.to_json(), indent=1, sort_keys=True).encode() + b"\n"
    write_atomic(anchor_path(anchor.vault_id, folder), data)


def forget(vault_id: str, folder: Path) -> None:
    anchor_path(vault_id, folder).unlink(missing_ok=True)


def disagreement(leaves: list[bytes], anchor: Anchor) -> str | None:
    """A sentence when the log (its leaf hashes) does not extend the anchored one; else None.

    The whole log is at hand, so the anchored tree is recomputed from the first `size` leaves:
    this is what an RFC 9162 consistency proof from the anchor to the current tree proves, with
    every leaf checked rather than a logarithmic path.
    """
    if len(leaves) < anchor.size:
        return _("custody log: it has {n} entries, but this computer saw {m} on {at}: entries "
                 "were removed, or an older copy of the vault was put back.").format(
            n=len(leaves), m=anchor.size, at=anchor.seen_at)
    if root_from_leaf_hashes(leaves[:anchor.size]).hex() != anchor.root:
        return _("custody log: its first {m} entries are not those this computer saw on {at} "
                 "(Merkle root {root}…): the log was rewritten, or an older copy of the vault "
                 "was put back and used since.").format(
            m=anchor.size, at=anchor.seen_at, root=anchor.root[:16])
    return None


@dataclass(frozen=True)
class Contradiction:
    """How the log contradicts the anchor: the sentence shown, and facts for the log (English)."""

    sentence: str
    facts: dict[str, Any]


def check(vault_id: str, folder: Path, log: CustodyLog, leaves: list[bytes] | None = None
          ) -> Contradiction | None:
    """How the vault's log contradicts this computer's anchor, if it does."""
    try:
        anchor = load(vault_id, folder)
    except AnchorUnreadable:
        return Contradiction(
            _("custody log: this computer's record of it ({path}) is unreadable, so a rollback "
              "or rewrite could not be ruled out.").format(path=anchor_path(vault_id, folder)),
            {"anchor": "unreadable"})
    if anchor is None:
        return None
    leaves = log.leaf_hashes() if leaves is None else leaves
    sentence = disagreement(leaves, anchor)
    if sentence is None:
        return None
    return Contradiction(sentence, {
        "log_entries": len(leaves), "anchored_entries": anchor.size,
        "anchored_root": anchor.root, "anchored_at": anchor.seen_at})


def advance(vault_id: str, folder: Path, log: CustodyLog,
            leaves: list[bytes] | None = None) -> bool:
    """Record the log's current size and root, only if it extends the anchor already kept.

    A log that contradicts the anchor never replaces it: the alarm stays until someone looks
    (`verify` names it; `verify --accept-log` records the decision in the log and re-anchors).
    Returns False when nothing was written (contradiction, unreadable record, or a disk error:
    the anchor is a second line of defence and must never stop the vault from locking).
    """
    leaves = log.leaf_hashes() if leaves is None else leaves
    try:
        if check(vault_id, folder, log, leaves) is not None:
            return False
        save(Anchor(vault_id, len(leaves), root_from_leaf_hashes(leaves).hex(),
                    log.head()[1], now_iso()), folder)
    except OSError:
        return False
    return True


def replace_anchor(vault_id: str, folder: Path, log: CustodyLog) -> None:
    """Anchor the log as it is now, whatever was anchored before (after the user decided so)."""
    leaves = log.leaf_hashes()
    save(Anchor(vault_id, len(leaves), root_from_leaf_hashes(leaves).hex(), log.head()[1],
                now_iso()), folder)


def accept_current(vault_id: str, folder: Path, conn: Connection) -> Anchor | None:
    """The user's decision that the log as it is now is the one to keep (`verify --accept-log`).

    Recorded in the log with the record it replaces (inside the caller's transaction), so the
    decision is itself part of the history a later reader sees. Returns the replaced record.
    """
    try:
        old = load(vault_id, folder)
    except AnchorUnreadable:
        old = None
    CustodyLog(conn).append("log-anchor-accepted", None,
                            replaced_log_anchor=old.to_json() if old else None)
    return old
