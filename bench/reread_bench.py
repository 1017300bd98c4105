"""A second reading (`reparse`) of a WhatsApp export beside its first import.

Imports the WhatsApp text export of MESSAGES messages (`chat_bench.whatsapp_text`) into a fresh
vault (the baseline), then reads it again in another time zone: the first reading is archived as
a gzip'd JSON derived record, the rows are replaced with their ids kept, and one log entry is
written. Also: the dry run the app's preview uses (same work, rolled back), `verify` afterwards
(it now also re-digests the archived reading), and the process's peak RSS.
Usage: python bench/reread_bench.py [MESSAGES]   (default 100000)
"""

from __future__ import annotations

import sys

from chat_bench import whatsapp_text
from common import Row, emit, peak_rss_mb, scratch, timed

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.importers.batch import ImportOptions, import_one
from evidencekit.importers.reread import RereadRequest, reread


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows: list[Row] = []
    with scratch("reread") as work:
        text = work / "_chat.txt"
        text.write_bytes(whatsapp_text(n))
        vault, _ = Vault.create(work / "vault", "bench passphrase reread", kdf=TEST_PARAMS)
        options = ImportOptions(case="bench", timezone="Europe/Paris")
        import_t, outcome = timed(lambda: import_one(vault, text, options))
        assert outcome.status == "imported", outcome.message
        assert outcome.item_id is not None
        item = outcome.item_id
        request = RereadRequest("America/Montreal")
        dry_t, dry = timed(lambda: reread(vault, item, request, dry_run=True))
        ours_t, result = timed(lambda: reread(vault, item, request))
        assert result.changed
        assert result.messages_after == result.messages_before == result.instants_changed
        assert not result.gone
        size = vault.conn.execute("SELECT length(data) FROM derived WHERE id = ?",
                                  (result.archive.derived_id,)).fetchone()[0]  # type: ignore[union-attr]
        verify_t, report = timed(lambda: verify_vault(vault))
        assert report.ok, report.problems
        vault.close()
        rows.append(Row("reread", f"re-read {result.messages_after} messages in another zone "
                        f"(first reading kept: {size >> 10} KiB gzip)", ours_t, "s", import_t,
                        "about the first import (baseline)", None))
        rows.append(Row("reread", "dry run (the app's preview)", dry_t, "s", import_t))
        rows.append(Row("reread", "verify after the re-read", verify_t, "s"))
        rows.append(Row("reread", "peak RSS of the bench process", peak_rss_mb(), "MB", None,
                        "< 500 MB"))
        assert dry.changed
    emit(rows)


if __name__ == "__main__":
    main()
