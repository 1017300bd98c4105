"""Checking the whole vault: every original re-hashed, every derived object, the custody chain.

Beyond each object's own stored hash, the checks in verify_record.py compare the vault with the
custody log (import hashes, message digests, export checkpoints), the database with the triggers
the migrations created, and the log with the anchor this computer keeps outside the vault.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from evidencekit.core import sealed, sealed_files, verify_record
from evidencekit.core.blobreader import iter_chunks, stored_block_count
from evidencekit.core.custody import CustodyLog
from evidencekit.core.db import integrity_problems
from evidencekit.core.errors import Cancelled, VaultDamaged
from evidencekit.core.merkle import root_from_leaf_hashes
from evidencekit.core.vault import Vault
from evidencekit.core.web_capture_record import capture_problems
from evidencekit.i18n import _


@dataclass
class VerifyReport:
    originals_checked: int = 0
    originals_intact: int = 0
    derived_checked: int = 0
    custody_entries: int = 0
    merkle_root: str = ""
    problems: list[str] = field(default_factory=list)
    # What was not checked, said plainly (e.g. messages imported before they were logged).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "originals_checked": self.originals_checked,
            "originals_intact": self.originals_intact,
            "derived_checked": self.derived_checked,
            "custody_entries": self.custody_entries,
            "custody_merkle_root": self.merkle_root,
            "problems": self.problems,
            "not_covered": self.notes,
        }


def verify_vault(
    vault: Vault,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> VerifyReport:
    report = VerifyReport()
    with vault.lock:
        conn = vault.conn
        report.problems += [_("database: {problem}").format(problem=p)
                            for p in integrity_problems(conn)]
        report.problems += verify_record.trigger_problems(conn)
        view = verify_record.read_log(conn)
        rows = conn.execute(
            "SELECT o.item_id, o.sha256, o.size, o.chunk_count, o.original_name,"
            " r.item_id IS NOT NULL FROM originals o LEFT JOIN removals r ON r.item_id = o.item_id"
            " ORDER BY o.item_id"
        ).fetchall()
        for n, (item_id, sha, size, chunk_count, name, removed) in enumerate(rows, 1):
            if cancel is not None and cancel.is_set():
                raise Cancelled(_("Verification cancelled."))
            if progress is not None:
                progress(n, len(rows), str(name))
            if removed:
                continue
            report.originals_checked += 1
            digest = hashlib.sha256()
            total = 0
            try:
                for _seq, data in iter_chunks(conn, int(item_id)):
                    digest.update(data)
                    total += len(data)
            except sealed.SealedDamaged as exc:  # a sealed file altered, cut short or missing
                report.problems.append(_("Item {id} is damaged: its sealed file {why}. A backup "
                                         "can recover it.").format(id=exc.item_id, why=exc.why))
                continue
            except VaultDamaged as exc:
                report.problems.append(str(exc))
                continue
            stored_chunks = stored_block_count(conn, int(item_id))
            against_log = verify_record.original_problem(view, int(item_id), str(name),
                                                         digest.hexdigest(), total) \
                or verify_record.source_problem(conn, view, int(item_id), str(name))
            if digest.hexdigest() != sha or total != size or stored_chunks != chunk_count:
                report.problems.append(
                    _("item {id} ({name}): its stored bytes no longer match the SHA-256 "
                      "recorded at import ({sha}…).").format(id=item_id, name=name, sha=sha[:16])
                )
            elif against_log is not None:
                report.problems.append(against_log)
            else:
                report.originals_intact += 1
        for derived_id, item_id, kind, sha in conn.execute(
            "SELECT id, item_id, kind, sha256 FROM derived ORDER BY id"
        ).fetchall():
            report.derived_checked += 1
            data = conn.execute("SELECT data FROM derived WHERE id = ?", (derived_id,)).fetchone()
            if hashlib.sha256(bytes(data[0])).hexdigest() != sha:
                report.problems.append(
                    _("item {id}: its derived {kind} (#{derived}) does not match its hash.")
                    .format(id=item_id, kind=kind, derived=derived_id)
                )
        message_problems, report.notes = verify_record.message_findings(conn, view)
        report.problems += message_problems
        report.problems += capture_problems(conn)
        report.notes += [_(
            "{name}: a file the vault did not write was found in its originals folder; it is "
            "not evidence and was left as it is.").format(name=name)
            for name in sealed_files.strangers(conn)]
        report.problems += verify_record.reading_problems(conn, view)
        log = CustodyLog(conn)
        report.problems += log.verify_chain()
        report.problems += verify_record.checkpoint_problems(view)
        report.problems += verify_record.identity_problems(conn, vault.vault_id, view)
        rollback = verify_record.anchor_problem(vault.vault_id, vault.folder, conn, view)
        if rollback is not None:
            report.problems.append(rollback)
        report.custody_entries = len(view.leaves)
        report.merkle_root = root_from_leaf_hashes(view.leaves).hex()
        if vault.read_only:
            return report  # a full disk (readonly.py): checked, but the log cannot say so
        with vault.transaction() as tx:
            CustodyLog(tx).append(
                "verified", ok=report.ok, originals_checked=report.originals_checked,
                problems=len(report.problems), merkle_root=report.merkle_root,
                entries_checked=report.custody_entries,
            )
        if report.ok:
            vault.anchor_log()
    return report
