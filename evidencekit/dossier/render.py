"""render_dossier: one recipient's PDF (and the lawyer's bordereau files), written atomically."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import threading
from datetime import datetime
from pathlib import Path

from evidencekit.core import checkpoints, faults, pending_exports
from evidencekit.core.atomicfile import fsync_dir
from evidencekit.core.custody import CustodyLog
from evidencekit.core.errors import UsageError
from evidencekit.core.vault import Vault
from evidencekit.dossier import bordereau as bordereau_mod
from evidencekit.dossier import signing, verify_checks
from evidencekit.dossier.date_labels import bordereau_date
from evidencekit.dossier.event_dates import case_zone, known_zone
from evidencekit.dossier.exhibits import select
from evidencekit.dossier.headings import error, t
from evidencekit.dossier.pdf import Ctx, build, make_styles
from evidencekit.dossier.pharos_text import text_copy_path, write_fiches_text
from evidencekit.dossier.recipients import story
from evidencekit.dossier.request import (
    LANGS,
    RECIPIENTS,
    DossierRequest,
    DossierResult,
    Progress,
)
from evidencekit.dossier.sections import nature
from evidencekit.dossier.victim import load_info
from evidencekit.dossier.withheld import withholding


def _remove_leftovers(out: Path) -> None:
    """A killed export leaves `.NAME.pdf.<token>.part` beside the output: the decrypted dossier.
    The next export of the same file removes it."""
    prefix = f".{out.name}."
    if not out.parent.is_dir():
        return
    for path in out.parent.iterdir():
        if path.name.startswith(prefix) and path.name.endswith(".part") and path.is_file() \
                and not path.is_symlink():
            path.unlink(missing_ok=True)


def _prepare(vault: Vault, request: DossierRequest, out: Path, *,
             progress: Progress | None, cancel: threading.Event | None
             ) -> tuple[Ctx, dict[str, str]]:
    """Check the request, number its exhibits and gather what drawing the PDF needs."""
    if request.recipient not in RECIPIENTS:
        raise UsageError(error("bad_recipient").format(r=request.recipient,
                                                       all=", ".join(RECIPIENTS)))
    if request.lang not in LANGS:
        raise UsageError(error("bad_lang").format(l=request.lang))
    if request.timezone and not known_zone(request.timezone):
        raise UsageError(error("bad_timezone").format(tz=request.timezone))
    case_id, case_name, exhibits = select(vault, request)
    tz = case_zone(vault.timezone, request.recipient, request.timezone)
    info = load_info(vault.conn, case_id)
    ctx = Ctx(vault=vault, request=request, case_id=case_id, case_name=case_name,
              exhibits=exhibits, info=info, withheld=withholding(vault.conn, case_id, info, tz),
              styles=make_styles(request.lang), tz=tz, now=datetime.now(tz),
              progress=progress, cancel=cancel,
              key_sha256=signing.fingerprint(signing.signing_key(vault).public_key()))
    if request.recipient == "pharos":
        ctx.text_copy = text_copy_path(out).name
    meta = {"title": f"{t('cover_title', request.lang)} — {case_name}",
            "subject": request.recipient, "author": ctx.info.victim_label,
            "keywords": f"evidencekit, {request.recipient}, {request.lang}, "
                        f"{verify_checks.KEY_TAG}{ctx.key_sha256}"}
    if request.bundle_manifest_sha256:
        # Read back by `verify-bundle`; the same values are printed on the pages.
        meta["keywords"] += f", {verify_checks.MANIFEST_TAG}{request.bundle_manifest_sha256}"
    return ctx, meta


def render_preview(vault: Vault, request: DossierRequest, name: Path, *,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> tuple[bytes, int]:
    """The dossier's PDF drawn in memory only, for a look before saving: (bytes, pages).

    Nothing is written to disk and nothing is logged (nothing has left the vault yet). The
    exhibits are numbered as for a real export, so the preview shows the numbers the saved
    dossier will carry. `name` is the file name the PDF will have (the Pharos fiche cites it).
    """
    ctx, meta = _prepare(vault, request, Path(name), progress=progress, cancel=cancel)
    sink = io.BytesIO()
    pages = build(ctx, story, sink, meta)
    return sink.getvalue(), pages


def render_dossier(vault: Vault, request: DossierRequest, out: Path, *,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None,
                   log_export: bool = True) -> DossierResult:
    """Write the dossier PDF to `out` (atomically) and log the export in the custody log.

    `log_export=False` is for the bundle, which logs the bundle it delivers, not the PDF drawn
    in its private work folder (a killed bundle must not leave a logged export behind).
    """
    out = Path(out).expanduser().absolute()
    ctx, meta = _prepare(vault, request, out, progress=progress, cancel=cancel)
    case_id, case_name, exhibits = ctx.case_id, ctx.case_name, ctx.exhibits
    # The temporary file sits beside the user's chosen output: the export is their explicit
    # choice of place, and a rename within one folder is atomic.
    _remove_leftovers(out)
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.part")
    digest = hashlib.sha256()
    pending_exports.record(vault, (tmp,))  # removed at the next unlock if this process dies
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pages = build(ctx, story, fh, meta)
            fh.flush()
            os.fsync(fh.fileno())
        faults.point("dossier.after_write")
        with open(tmp, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        faults.point("dossier.before_rename")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        pending_exports.forget(vault, (tmp,))
    fsync_dir(out.parent)
    faults.point("dossier.after_rename")
    extra: list[Path] = []
    if request.recipient == "lawyer":
        rows = bordereau_mod.lines(exhibits, request.lang, lambda e: nature(ctx, e),
                                   lambda e: bordereau_date(ctx, e), ctx.withheld.hides)
        csv_path = out.with_name(out.stem + "-bordereau.csv")
        odt_path = out.with_name(out.stem + "-bordereau.odt")
        bordereau_mod.write_csv(csv_path, rows, request.lang)
        bordereau_mod.write_odt(odt_path, rows, request.lang, case_name)
        extra = [csv_path, odt_path]
    if request.recipient == "pharos":
        extra = [write_fiches_text(ctx, out)]
    refs = [ex.ref for ex in exhibits]
    if not log_export:
        return DossierResult(out, pages, refs, extra)
    with vault.transaction() as tx:
        # The log's size and root (printed in the annex) recorded with the export, so a later
        # bundle must prove its log extends the one this dossier showed (core/checkpoints.py).
        printed = checkpoints.current(CustodyLog(tx))
        CustodyLog(tx).append(
            "exported", None, what="dossier", recipient=request.recipient, lang=request.lang,
            case_id=case_id, exhibits=[[r.number, r.item_id, r.message_id] for r in refs],
            sha256=digest.hexdigest(), pages=pages, file_name=out.name,
            extra_files=[p.name for p in extra], **printed)
    return DossierResult(out, pages, refs, extra)
