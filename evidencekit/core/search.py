"""Full-text search inside the encrypted vault (SQLite FTS5) over a normalised copy of text.

Stored text is never changed; the index holds a folded copy: case and accents removed for French
("MENACÉ" finds "menace"), and for Arabic the short vowels and tatweel dropped and the alef, yeh
and teh marbuta variants folded, so a query typed without diacritics finds the message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from evidencekit.core.db import Connection

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alefs
    "\u0649": "\u064a",  # alef maksura → yeh
    "\u0629": "\u0647",  # teh marbuta → heh
    "\u0624": "\u0648", "\u0626": "\u064a",  # hamza carriers
})
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_TOKEN = re.compile(r"\w+", re.UNICODE)


_ARABIC = re.compile("[\u0600-\u06ff]")


def normalise(text: str) -> str:
    """The search form of a text: never stored as evidence, only indexed.

    FTS5's unicode61 tokenizer (remove_diacritics 2) already folds case and Latin accents; this
    adds what it does not do: invisible marks, Arabic diacritics, tatweel and letter variants,
    and compatibility forms (ligatures, full-width letters). ASCII text is returned as is.
    """
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text)
    if _ARABIC.search(text):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


def index_text(conn: Connection, owner_kind: str, owner_id: int, item_id: int, text: str) -> None:
    conn.execute(
        "INSERT INTO search_index (body, owner_kind, owner_id, item_id) VALUES (?, ?, ?, ?)",
        (normalise(text), owner_kind, owner_id, item_id),
    )


def unindex(conn: Connection, owner_kind: str, owner_id: int) -> None:
    conn.execute("DELETE FROM search_index WHERE owner_kind = ? AND owner_id = ?",
                 (owner_kind, owner_id))


def unindex_item(conn: Connection, item_id: int) -> None:
    conn.execute("DELETE FROM search_index WHERE item_id = ?", (item_id,))


def fts_query(query: str) -> str:
    """An FTS5 query from user text: every word must appear, each as a prefix.

    User text never reaches FTS5 syntax directly (quotes, NEAR, column filters), so a query
    like `"a" OR b:*` cannot fail or change meaning.
    """
    words = _TOKEN.findall(normalise(query))
    return " ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True)
class Hit:
    owner_kind: str  # message, annotation, ocr, journal
    owner_id: int
    item_id: int
    snippet: str


def search(conn: Connection, query: str, limit: int = 200) -> list[Hit]:
    expression = fts_query(query)
    if not expression:
        return []
    rows = conn.execute(
        # Newest first by rowid, not by rank: ranking scores every match (2 s for a common
        # word over 200,000 messages), and for evidence the most recent hits matter most.
        "SELECT owner_kind, owner_id, item_id, snippet(search_index, 0, '[', ']', '…', 12)"
        " FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?",
        (expression, limit),
    ).fetchall()
    return [Hit(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]
