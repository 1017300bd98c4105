"""The vault's schema, versioned with `PRAGMA user_version` and migrated forward in order.

Migrations are append-only: once released, a step never changes, so every vault ever created can
be brought to the current schema. `tests/core/test_schema.py` builds a vault at version 1 and opens
it with every later migration applied.
"""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.core.db import Connection
from evidencekit.i18n import _

# Version 1: cases, items, originals stored in chunks, annotations, derived objects, the custody
# log, and the triggers that make originals and the log append-only.
V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- An item is one piece of evidence as the user sees it: a stored file, a journal entry, or a
-- URL recorded without its content.
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('file', 'journal', 'url', 'paste')),
    parent_id INTEGER REFERENCES items(id),
    created_at TEXT NOT NULL
);
CREATE INDEX items_case ON items(case_id);
CREATE INDEX items_parent ON items(parent_id);

-- The evidentiary copy: bytes exactly as read, their SHA-256 computed in the same pass.
CREATE TABLE originals (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    source_path TEXT NOT NULL,
    file_mtime TEXT,
    imported_at TEXT NOT NULL,
    import_timezone TEXT NOT NULL,
    chunk_size INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    facts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE chunks (
    item_id INTEGER NOT NULL REFERENCES items(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE UNIQUE INDEX chunks_item_seq ON chunks(item_id, seq);

-- Every time a file was brought in, including second imports of the same bytes.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_path TEXT NOT NULL,
    file_mtime TEXT,
    duplicate INTEGER NOT NULL
);

-- What the user says about an item; editable, every edit logged. The original never changes.
CREATE TABLE annotations (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    platform TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    author_url TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL DEFAULT '',
    seen_at TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    sensitive INTEGER NOT NULL DEFAULT 0,
    online_status TEXT NOT NULL DEFAULT '',
    online_checked_at TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

-- Derived copies (thumbnail, OCR text, blurred or redacted copy) with their own hash.
CREATE TABLE derived (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    data BLOB NOT NULL,
    tool TEXT NOT NULL,
    created_at TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX derived_item ON derived(item_id, kind);

-- Removing an item erases its bytes but keeps what they were.
CREATE TABLE removals (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    sha256 TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE custody (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    item_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX custody_item ON custody(item_id);

CREATE TRIGGER originals_no_update BEFORE UPDATE ON originals
BEGIN SELECT RAISE(ABORT, 'originals are never modified'); END;
CREATE TRIGGER originals_no_delete BEFORE DELETE ON originals
BEGIN SELECT RAISE(ABORT, 'originals are never deleted; removal erases chunks only'); END;
CREATE TRIGGER chunks_no_update BEFORE UPDATE ON chunks
BEGIN SELECT RAISE(ABORT, 'original bytes are never modified'); END;
CREATE TRIGGER chunks_delete_only_removed BEFORE DELETE ON chunks
WHEN NOT EXISTS (SELECT 1 FROM removals WHERE item_id = OLD.item_id)
BEGIN SELECT RAISE(ABORT, 'original bytes are erased only by a logged removal'); END;
CREATE TRIGGER derived_no_update BEFORE UPDATE ON derived
BEGIN SELECT RAISE(ABORT, 'derived objects are never modified'); END;
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TRIGGER removals_no_update BEFORE UPDATE ON removals
BEGIN SELECT RAISE(ABORT, 'removals are final'); END;
CREATE TRIGGER removals_no_delete BEFORE DELETE ON removals
BEGIN SELECT RAISE(ABORT, 'removals are final'); END;
CREATE TRIGGER imports_no_update BEFORE UPDATE ON imports
BEGIN SELECT RAISE(ABORT, 'import records are never modified'); END;
CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports
BEGIN SELECT RAISE(ABORT, 'import records are never deleted'); END;
"""

# Version 2: messages parsed out of chat, SMS and e-mail exports, their attachments, and the
# full-text index (over a normalised copy; stored text stays exactly as in the source).
V2 = """
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    idx INTEGER NOT NULL,
    conversation TEXT NOT NULL DEFAULT '',
    sender TEXT,
    sent_at TEXT,
    sent_at_utc TEXT,
    sent_at_source TEXT NOT NULL DEFAULT '',
    time_rule TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    direction TEXT NOT NULL DEFAULT '',
    span_kind TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    span_part TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX messages_item ON messages(item_id, idx);
CREATE INDEX messages_time ON messages(sent_at_utc);

CREATE TABLE message_attachments (
    message_id INTEGER NOT NULL REFERENCES messages(id),
    name TEXT NOT NULL,
    attachment_item_id INTEGER REFERENCES items(id),
    missing INTEGER NOT NULL
);
CREATE INDEX message_attachments_msg ON message_attachments(message_id);

CREATE TRIGGER messages_no_update BEFORE UPDATE ON messages
BEGIN SELECT RAISE(ABORT, 'messages are never modified'); END;
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
WHEN NOT EXISTS (SELECT 1 FROM removals WHERE item_id = OLD.item_id)
BEGIN SELECT RAISE(ABORT, 'messages are erased only by a logged removal'); END;

-- owner_kind: 'message', 'annotation', 'ocr', 'journal'; owner_id: its row id.
CREATE VIRTUAL TABLE search_index USING fts5(
    body, owner_kind UNINDEXED, owner_id UNINDEXED, item_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Version 3: exhibit numbers per case (fixed once given, never reused) and the information a
# dossier asks for (identity, authors, prejudice...), kept encrypted like everything else.
V3 = """
CREATE TABLE exhibits (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    number INTEGER NOT NULL CHECK (number > 0),
    item_id INTEGER NOT NULL REFERENCES items(id),
    message_id INTEGER,  -- no foreign key: the number outlives a logged removal of the chat
    assigned_at TEXT NOT NULL,
    UNIQUE(case_id, number),
    UNIQUE(case_id, item_id, message_id)
);
-- SQL treats NULLs as distinct in UNIQUE; this index makes "the whole item" unique too.
CREATE UNIQUE INDEX exhibits_item_once ON exhibits(case_id, item_id, IFNULL(message_id, 0));

CREATE TRIGGER exhibits_no_update BEFORE UPDATE ON exhibits
BEGIN SELECT RAISE(ABORT, 'exhibit numbers are fixed once given'); END;
CREATE TRIGGER exhibits_no_delete BEFORE DELETE ON exhibits
BEGIN SELECT RAISE(ABORT, 'exhibit numbers are never reused'); END;

CREATE TABLE dossier_info (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
"""

# Version 4: translations the victim types for a message or an item (darija, Arabic, French), kept
# apart from the message rows, which never change; printed beside the original in dossiers.
V4 = """
CREATE TABLE translations (
    item_id INTEGER NOT NULL REFERENCES items(id),
    message_id INTEGER,  -- NULL: the translation is of the item itself (screenshot, text...)
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX translations_once ON translations(item_id, IFNULL(message_id, 0));
"""

# Version 5: a logged second reading of a chat export (importers/reread.py). Its messages may be
# deleted, besides after a removal, only while a row in `reading_permits` names the item: the
# re-read writes that row, replaces the messages and deletes the row in one transaction, so the
# permit never outlives it (`verify` names one left behind). The first reading is kept, hashed,
# as a derived record and bound to the log by the re-read's entry.
V5 = """
CREATE TABLE reading_permits (item_id INTEGER PRIMARY KEY REFERENCES items(id));
DROP TRIGGER messages_no_delete;
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
WHEN NOT EXISTS (SELECT 1 FROM removals WHERE item_id = OLD.item_id)
 AND NOT EXISTS (SELECT 1 FROM reading_permits WHERE item_id = OLD.item_id)
BEGIN SELECT RAISE(ABORT, 'messages are erased only by a logged removal or re-read'); END;
"""

# Version 6: large originals (core/sealed.py) kept as sealed files in the vault folder's
# `originals/` instead of chunk rows, each encrypted (AES-256-GCM) with its own key held here.
# The row never changes; it is deleted only by a logged removal, which erases the file for good
# (without the key the file's bytes, wherever the disk left copies, cannot be read).
V6 = """
CREATE TABLE sealed_originals (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    name TEXT NOT NULL UNIQUE,
    file_key BLOB NOT NULL
);
CREATE TRIGGER sealed_no_update BEFORE UPDATE ON sealed_originals
BEGIN SELECT RAISE(ABORT, 'original bytes are never modified'); END;
CREATE TRIGGER sealed_delete_only_removed BEFORE DELETE ON sealed_originals
WHEN NOT EXISTS (SELECT 1 FROM removals WHERE item_id = OLD.item_id)
BEGIN SELECT RAISE(ABORT, 'original bytes are erased only by a logged removal'); END;
"""

Migration = Callable[[Connection], None]


# Every trigger the migrations create, by name, with its statement: `verify` checks that each
# is still in the database, unchanged (dropping one would let history be rewritten in place).
CREATED_TRIGGERS: dict[str, str] = {}


def _script(sql: str) -> Migration:
    for statement in _split(sql):
        head = statement.split(None, 3)
        if [w.upper() for w in head[:2]] == ["CREATE", "TRIGGER"]:
            CREATED_TRIGGERS[head[2]] = statement.strip()

    def run(conn: Connection) -> None:
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies (which contain ';') whole."""
    statements: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        current.append(line)
        if stripped.upper().startswith("CREATE TRIGGER"):
            in_trigger = True
        if in_trigger:
            if stripped.upper().endswith("END;"):
                statements.append("\n".join(current))
                current, in_trigger = [], False
        elif stripped.endswith(";"):
            statements.append("\n".join(current))
            current = []
    return statements


MIGRATIONS: list[Migration] = [_script(V1), _script(V2), _script(V3), _script(V4), _script(V5),
                           _script(V6)]
CURRENT_VERSION = len(MIGRATIONS)


def version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int = CURRENT_VERSION) -> list[int]:
    """Apply pending migrations, each in its own transaction; returns the versions applied."""
    applied: list[int] = []
    current = version(conn)
    if current > CURRENT_VERSION:
        from evidencekit.core.errors import VaultDamaged

        raise VaultDamaged(
            _("This vault was written by a newer evidencekit (schema {schema}); update the app.")
            .format(schema=current)
        )
    while current < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[current](conn)
            from evidencekit.core import faults

            faults.point(f"migrate.{current + 1}.before_commit")
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current += 1
        applied.append(current)
    return applied
