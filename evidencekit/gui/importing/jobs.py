"""The import jobs run by the worker: paths through the batch importer, images from memory."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path

from evidencekit.core.errors import Cancelled
from evidencekit.core.evidence import ensure_case
from evidencekit.core.intake import ImportOutcome, SourceFacts, store_stream
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.gui.text import number
from evidencekit.i18n import _
from evidencekit.importers.batch import ImportOptions, import_paths

Progress = Callable[[int, int, str], None]


def import_files(vault: Vault, paths: list[Path], case: str, timezone: str | None = None,
                 backup_key: str | None = None, *, progress: Progress,
                 cancel: threading.Event, intimate: bool | None = None) -> list[ImportOutcome]:
    """`backup_key`: the key typed for WhatsApp's encrypted backups among `paths` (held for
    this import only). `intimate`: the user's answer to "may the exports hold intimate
    images?" (True: every image from them is marked sensitive as it is stored)."""
    options = ImportOptions(case=case, timezone=timezone, intimate=intimate,
                            backup_key=(lambda _name: backup_key) if backup_key else None)
    return import_paths(vault, paths, options, progress, cancel)


def read_text_in_images(vault: Vault, outcomes: list[ImportOutcome], *, progress: Progress,
                        cancel: threading.Event) -> int:
    """OCR the images just imported (and those inside imported exports): a follow-up job.

    Runs after the imports have committed, so cancelling it (a new import does) keeps every
    import and the texts already read; the images left are read next time.
    """
    from evidencekit.importers import ocr

    new = [o.item_id for o in outcomes if o.status == "imported" and o.item_id]
    if not new or not ocr.available() or cancel.is_set():
        return 0
    with vault.lock:
        children = [int(r[0]) for r in vault.conn.execute(
            f"SELECT id FROM items WHERE parent_id IN ({','.join('?' * len(new))})", new)]
    pending = ocr.pending_items(vault, new + children)
    def report(done: int, total: int, _name: str) -> None:
        progress(done, total, _("Reading the text in image {n} of {count} (OCR)…").format(
            n=number(min(done + 1, total)), count=number(total)))

    try:
        return ocr.run_ocr(vault, pending, report, cancel).done
    except Cancelled:
        return 0


def store_image(vault: Vault, png: bytes, name: str, origin: str, case: str, *,
                progress: Progress, cancel: threading.Event) -> list[ImportOutcome]:
    """Keep an image that exists only in memory (clipboard, screen capture): no temp file."""
    label = _("Adding {n} of {count}: {name}").format(n=1, count=1, name=name)
    progress(0, 1, label)
    try:
        with vault.transaction() as conn:
            case_id = ensure_case(conn, case)
            result = store_stream(conn, io.BytesIO(png),
                                  SourceFacts(name=name, path=origin, mtime=now_iso()),
                                  case_id=case_id, expected_size=len(png), cancel=cancel)
    except Cancelled as exc:
        return [ImportOutcome(name, "refused", f"{name}: {exc}")]
    progress(1, 1, "")
    if result.duplicate:
        return [ImportOutcome(name, "duplicate", _(
            "{path}: already in the vault as item {id}; this second import was recorded.")
            .format(path=name, id=result.item_id), result.item_id, result.sha256)]
    return [ImportOutcome(name, "imported", _(
        "{path}: imported as item {id} ({media}, {size} bytes, SHA-256 {sha}).").format(
        path=name, id=result.item_id, media=result.media_type, size=result.size,
        sha=result.sha256[:16] + "…"), result.item_id, result.sha256)]
