"""Call recordings: a sentence before they are handed over, because recording can be an offence.

In Morocco art. 447-1 of the penal code has been applied to a participant who recorded a private
call without the other person's consent; in France recording private words without consent is
art. 226-1 of the penal code. The recording is still kept (deleting evidence is the victim's
choice, never ours): the CLI warns after the import, so scripts keep working; the GUI asks
before importing.
"""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.db import Connection
from evidencekit.i18n import _

# What phones and recorders write: call recorders (amr, 3gp, m4a), voice memos, voice notes.
AUDIO_SUFFIXES = frozenset({".aac", ".amr", ".3ga", ".3gp", ".caf", ".flac", ".m4a", ".mp3",
                            ".oga", ".ogg", ".opus", ".wav", ".weba", ".wma"})


def recording_sentence() -> str:
    return _("If this audio is a recording of a private call or conversation made without the "
             "other person's consent, recording it can itself be an offence (Morocco: penal code "
             "art. 447-1; France: art. 226-1), even for someone taking part: it stays in your "
             "vault, but ask a lawyer before handing it to anyone.")


def looks_like_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def audio_items(conn: Connection, item_ids: list[int]) -> list[int]:
    """The items among `item_ids` whose original is audio (by its sniffed type)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    rows = conn.execute(f"SELECT item_id FROM originals WHERE item_id IN ({marks})"
                        " AND media_type LIKE 'audio/%'", item_ids).fetchall()
    return sorted(int(r[0]) for r in rows)
