"""Where an original came from, committed to in the custody log without writing the path there.

The full path (a user's folders, often her name) stays in the vault's `imports` table. The log's
import entry holds an HMAC of it under a random key kept in the vault, so the log still binds the
path (`verify` recomputes it) while a log excerpt handed to a recipient reveals only the file
name: without the key, a guessed path cannot be confirmed against the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from evidencekit.core.db import Connection

FIELD = "source_path_hmac"
_META_KEY = "source_path_key"


def _key(conn: Connection, *, create: bool) -> bytes | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_META_KEY,)).fetchone()
    if row is not None:
        return bytes.fromhex(str(row[0]))
    if not create:
        return None
    key = secrets.token_bytes(32)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (_META_KEY, key.hex()))
    return key


def _mac(key: bytes, path: str) -> str:
    return hmac.new(key, path.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def commitment(conn: Connection, path: str) -> str:
    """The HMAC to log for `path` (inside the caller's transaction; creates the key once)."""
    key = _key(conn, create=True)
    assert key is not None
    return _mac(key, path)


def matches(conn: Connection, path: str, recorded: str) -> bool:
    key = _key(conn, create=False)
    return key is not None and hmac.compare_digest(_mac(key, path), recorded)
