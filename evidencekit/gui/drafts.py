"""Unfinished work kept across a lock inside the encrypted vault (never in a file beside it).

Each screen that holds typed or chosen work writes it under its own `meta` key when the session
is about to lock, and takes it back after the next unlock. The value is JSON; a value that does
not parse (an older app, a damaged row) is treated as no draft rather than an error.
"""

from __future__ import annotations

import json
from typing import Any

from evidencekit.core.errors import EvidenceKitError
from evidencekit.gui.session import Session


def keep_draft(session: Session, key: str, value: object) -> None:
    """Store `value` under `key`; an empty value removes the draft instead."""
    if not session.is_unlocked:
        return
    text = json.dumps(value, ensure_ascii=False) if value else ""

    def write(vault: Any) -> None:
        if vault.meta(key, "") == text:
            return  # nothing to change: a read-only vault (full disk) is not even asked
        with vault.transaction() as tx:
            if text:
                tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, text))
            else:
                tx.execute("DELETE FROM meta WHERE key = ?", (key,))

    try:
        session.read(write)
    except EvidenceKitError:
        # A draft is a courtesy: a vault opened read-only (full disk) or a failed write must
        # never stop the lock that called this. The work is then lost, as it was before drafts.
        return


def peek_draft(session: Session, key: str) -> Any:
    """The draft under `key`, or None; it stays in the vault."""
    if not session.is_unlocked:
        return None
    raw = session.read(lambda v: v.meta(key, ""))
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def take_draft(session: Session, key: str) -> Any:
    """The draft under `key` (or None), removed from the vault."""
    value = peek_draft(session, key)
    if session.is_unlocked and session.read(lambda v: v.meta(key, "")):
        keep_draft(session, key, None)
    return value
