"""Writing the export bundle: the dossier, the originals, a signed manifest and the custody log.

Layout of the zip (every name ASCII and generated, never taken from the evidence):
    LISEZMOI.txt, README.txt   how to check the bundle by hand (French, English)
    dossier.pdf (+ extras)     the dossier; it prints the SHA-256 of manifest.json
    originals/piece-NNN-….ext  each exhibit's original, byte for byte as kept in the vault
    custody.jsonl              the custody log up to the export (see `_custody_excerpt`)
    manifest.json              exhibits, hashes, times, annotations, custody digest, file hashes
    manifest.sig               raw Ed25519 signature of manifest.json
    signing-key.pem            the vault's public key
    timestamps/…               RFC 3161 tokens of the custody root and of manifest.json (see
                               bundle_stamps), when timestamping is on and a TSA answered
    SHA256SUMS, SHA256SUMS.sig every file's hash, as `sha256sum -c` reads it, and its signature

The PDF shows the manifest's hash, so the manifest cannot list the PDF's hash (it would have to
contain its own); SHA256SUMS, signed with the same key, covers the PDF instead. The zip is built
in a hidden file beside the output, read back and verified, and only then renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import secrets
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evidencekit.core import checkpoints, faults, pending_exports
from evidencekit.core.atomicfile import fsync_dir
from evidencekit.core.custody import TOOL, CustodyLog
from evidencekit.core.errors import Cancelled, TamperDetected, UsageError
from evidencekit.core.evidence import get_item
from evidencekit.core.messages import message_by_id
from evidencekit.core.model import Item
from evidencekit.core.timeutil import now_iso
from evidencekit.core.vault import Vault
from evidencekit.dossier import bundle_crypt, custody_excerpt, signing, timestamp
from evidencekit.dossier.bundle_options import BundleOptions, gps_positions, private_facts
from evidencekit.dossier.bundle_readme import intimate_exhibits, readme
from evidencekit.dossier.bundle_stamps import (
    ROOT_STATEMENT,
    manifest_token_name,
    root_statement,
    root_token_name,
)
from evidencekit.dossier.bundle_writer import Member as _Member
from evidencekit.dossier.bundle_writer import write_encrypted as _write_encrypted
from evidencekit.dossier.bundle_writer import write_zip as _write_zip
from evidencekit.dossier.event_dates import case_zone, known_zone
from evidencekit.dossier.exhibits import select as select_exhibits
from evidencekit.dossier.request import MOROCCAN
from evidencekit.dossier.timestamp import TimestampOutcome
from evidencekit.dossier.verify_bundle import (
    CUSTODY,
    FORMAT,
    KEY,
    LISEZMOI,
    MANIFEST,
    MANIFEST_SIG,
    PDF,
    README,
    BundleReport,
    verify_bundle,
)
from evidencekit.dossier.victim import load_info
from evidencekit.dossier.withheld import Withholding, readme_paragraph, withholding
from evidencekit.i18n import _

Progress = Callable[[int, int, str], None]
Renderer = Callable[..., Any]  # render_dossier(vault, request, out, *, progress, cancel)
BLOCK = 1024 * 1024
WITHHELD_WHY = ("intimate image of a minor (or a file holding one): never copied into a bundle; "
                "its SHA-256 is given, the file stays in the victim's vault")


@dataclass(frozen=True)
class BundleResult:
    path: Path
    manifest_sha256: str
    exhibits: int
    files: int
    timestamp: timestamp.TimestampOutcome
    report: BundleReport
    root_timestamp: TimestampOutcome | None = None
    passphrase: str | None = None  # of an encrypted bundle: to show once, never to store
    gps_items: int = 0  # exhibits whose photo holds a GPS position (warned about at export)


def default_renderer() -> Renderer:
    """The PDF renderer, imported late so the bundle code loads without reportlab fonts."""
    from evidencekit.dossier.render import render_dossier

    return render_dossier


def export_bundle(vault: Vault, request: Any, out: Path, *, progress: Progress | None = None,
                  cancel: threading.Event | None = None,
                  renderer: Renderer | None = None,
                  options: BundleOptions | None = None) -> BundleResult:
    """Write the bundle for `request` (a DossierRequest) to `out`, atomically and verified.

    `options`: timestamping, private facts to include, encryption (then `out` gets `.age`).
    """
    options = options or BundleOptions()
    out = Path(out).expanduser().absolute()
    if options.passphrase:
        out = bundle_crypt.encrypted_name(out)
    if out.is_dir():
        raise UsageError(_("{path} is a folder; give the name of the .zip file to write.")
                         .format(path=out))
    if not out.parent.is_dir():
        raise UsageError(_("The folder {path} does not exist.").format(path=out.parent))
    render = renderer or default_renderer()
    report_progress = progress or (lambda done, total, label: None)
    _remove_leftovers(out)
    token = secrets.token_hex(6)
    work = out.parent / f".{out.name}.{token}.parts"
    tmp = out.parent / f".{out.name}.{token}.tmp"
    # Listed in the vault before they exist: a crash leaves them to the next unlock to remove.
    pending_exports.record(vault, (work, tmp))
    work.mkdir(mode=0o700)
    try:
        stamping = options.timestamping
        store = timestamp.load_trust(stamping.extra_ca) if stamping.enabled else None
        unreachable: set[str] = set()  # a TSA that did not answer is not asked again now
        pending: list[tuple[bytes, str, str, str]] = []  # queued once the bundle exists
        timestamp.retry_queue(vault, stamping, store, unreachable)
        report_progress(0, 4, _("preparing the dossier"))
        # Numbers first (given once, stable), so the manifest exists before the PDF that
        # prints its hash.
        _case_id, case_name, selected = select_exhibits(vault, request)
        refs = [e.ref for e in selected]
        _check_cancel(cancel)
        created_at = now_iso()
        # A zone the user mistyped is refused by the dossier's own check, further on.
        chosen = request.timezone if known_zone(request.timezone or "") else None
        withheld = withholding(vault.conn, _case_id, load_info(vault.conn, _case_id),
                               case_zone(vault.timezone, request.recipient, chosen))
        exhibits, originals, item_ids = _exhibits(vault, refs, options, withheld)
        key = signing.signing_key(vault)
        custody_bytes, custody_summary = _custody_excerpt(vault, item_ids)
        statement = root_statement(vault.vault_id, custody_summary)
        root_stamp = timestamp.stamp_data(vault, stamping, store, statement, what=ROOT_STATEMENT,
                                          label=out.name, unreachable=unreachable,
                                          token_name=root_token_name, pending=pending)
        request = replace(request, include_private_notes=options.include_notes,
                          bundle_timestamp_state=root_stamp.status,
                          bundle_timestamps=tuple(
                              (root_token_name(n), s.check.tsa, s.check.gen_time)
                              for n, s in enumerate(root_stamp.stamps, 1)))
        pem = signing.public_pem(key)
        fp = signing.fingerprint(key.public_key())
        held = [int(e["number"]) for e in exhibits if e.get("withheld")]
        intimate = [n for n in intimate_exhibits(exhibits) if n not in held]
        moroccan = request.recipient in MOROCCAN
        readmes = [_generated(LISEZMOI, readme("fr", fp, intimate,
                                               readme_paragraph("fr", held, moroccan=moroccan))),
                   _generated(README, readme("en", fp, intimate,
                                             readme_paragraph("en", held, moroccan=moroccan)))]
        records = [_generated(CUSTODY, custody_bytes), _generated(KEY, pem)]
        if stamping.enabled:
            records.append(_generated(ROOT_STATEMENT, statement))
            records += [_generated(root_token_name(n), s.token)
                        for n, s in enumerate(root_stamp.stamps, 1)]
        members = readmes + originals + records

        def manifest_for(extra_files: list[Any]) -> bytes:
            return _manifest(vault, request, case_name, created_at, exhibits, custody_summary,
                             fp, members, extra_files)

        manifest_sha = hashlib.sha256(manifest_for([])).hexdigest()
        report_progress(1, 4, _("writing the dossier"))
        rendered = render(vault, replace(request, bundle_manifest_sha256=manifest_sha),
                          work / PDF, progress=progress, cancel=cancel, log_export=False)
        if _numbering(rendered.exhibits) != _numbering(refs):
            raise TamperDetected(_("The exhibits changed while the bundle was being written; "
                                   "nothing was written. Try again."))
        extras = list(rendered.extra_files or [])
        if extras:
            # The manifest names the dossier's extra files (CSV, ODT…), known only now; the PDF
            # needs the final hash, so it is drawn once more with it.
            manifest_sha = hashlib.sha256(manifest_for(extras)).hexdigest()
            rendered = render(vault, replace(request, bundle_manifest_sha256=manifest_sha),
                              work / PDF, progress=progress, cancel=cancel, log_export=False)
        manifest = manifest_for(list(rendered.extra_files or []))
        if hashlib.sha256(manifest).hexdigest() != manifest_sha:
            raise TamperDetected(_("The dossier's extra files changed between two drawings; "
                                   "nothing was written. Try again."))
        if vault.custody.head()[0] != custody_summary["entries"]:
            # The dossier prints the log's root, which must be the one the excerpt is proved to.
            raise TamperDetected(_("The custody log changed while the bundle was being written; "
                                   "nothing was written. Try again."))
        dossier_members = [_rendered(PDF, Path(rendered.pdf_path))] + [
            _rendered(name, Path(p)) for name, p in _extra_names(rendered.extra_files or [])]
        stamp = timestamp.stamp_data(vault, stamping, store, manifest, what=MANIFEST,
                                     label=out.name, unreachable=unreachable,
                                     token_name=manifest_token_name, pending=pending)
        control = [_generated(MANIFEST, manifest),
                   _generated(MANIFEST_SIG, key.sign(manifest))]
        control += [_generated(manifest_token_name(n), s.token)
                    for n, s in enumerate(stamp.stamps, 1)]
        ordered = readmes + dossier_members + originals + records + control
        report_progress(2, 4, _("writing the bundle"))
        if options.passphrase:
            bundle_crypt.check_size(sum(m.size for m in ordered))
            report = _write_encrypted(vault, tmp, ordered, key.sign, created_at, options.passphrase,
                                      report_progress, cancel, stamping.extra_ca)
        else:
            _write_zip(vault, tmp, ordered, key.sign, created_at, report_progress, cancel)
            faults.point("bundle.after_zip_written")
            report_progress(3, 4, _("verifying the bundle"))
            report = verify_bundle(tmp, cancel=cancel, tsa_ca=stamping.extra_ca)
        if not report.ok or report.manifest_sha256 != manifest_sha:
            raise TamperDetected(_("The bundle read back does not verify ({what}); it was not "
                                   "kept.").format(what=", ".join(sorted(report.bad)) or
                                                   "; ".join(report.general)))
        with vault.transaction() as tx:
            CustodyLog(tx).append(
                "exported-bundle", manifest_sha256=manifest_sha, recipient=request.recipient,
                lang=request.lang, case=case_name, file_name=out.name,
                exhibits=len(exhibits), timestamp=stamp.status,
                encrypted=bool(options.passphrase),
                **{checkpoints.SIZE: custody_summary["entries"],
                   checkpoints.ROOT: custody_summary["merkle_root"]})
            # Inside the transaction: if the rename fails the log entry is rolled back, so the
            # log never records a bundle that does not exist.
            faults.point("bundle.before_rename")
            os.replace(tmp, out)
            faults.point("bundle.after_rename")
        fsync_dir(out.parent)
        timestamp.enqueue_all(vault, pending)
        vault.anchor_log()  # the log this bundle shows, anchored outside the vault at once
        report_progress(4, 4, "")
        report.path = str(out)
        return BundleResult(out, manifest_sha, len(exhibits), len(report.files), stamp, report,
                            root_stamp, options.passphrase,
                            gps_positions(vault.conn, item_ids))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        tmp.unlink(missing_ok=True)
        pending_exports.forget(vault, (work, tmp))


def _remove_leftovers(out: Path) -> None:
    """Remove what an earlier, killed export of the same file left beside it."""
    prefix = f".{out.name}."
    for path in out.parent.iterdir():
        if path.name.startswith(prefix) and path.name.endswith((".tmp", ".parts")):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(_("Export cancelled; no bundle was written."))


def _numbering(exhibits: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [(e.number, e.item_id, e.message_id, e.sha256) for e in exhibits]


def slug(text: str, limit: int = 40) -> str:
    """An ASCII file-name fragment: accents dropped, anything else turned into dashes."""
    # Accents are combining marks after NFKD: dropped, so "é" gives "e"; any other character
    # (apostrophes, Arabic, emoji) separates words.
    kept = "".join("" if unicodedata.combining(c) else c
                   for c in unicodedata.normalize("NFKD", text))
    return re.sub(r"[^a-z0-9]+", "-", kept.lower()).strip("-")[:limit].strip("-")


def extension(original_name: str, media_type: str) -> str:
    suffix = slug(Path(original_name).suffix.lstrip("."), 8).replace("-", "")
    if suffix:
        return suffix
    guessed = mimetypes.guess_extension(media_type.split(";")[0].strip()) or ".bin"
    return guessed.lstrip(".")


def _file_name(number: int, item: Item, part: str = "") -> str:
    o = item.original
    assert o is not None
    words = slug(item.annotations.title) or slug(Path(o.original_name).stem) or \
        {"journal": "journal", "paste": "texte"}.get(item.kind, "fichier")
    return f"originals/piece-{number:03d}{part}-{words}.{extension(o.original_name, o.media_type)}"


def _item_facts(item: Item, options: BundleOptions) -> dict[str, Any]:
    facts = item.to_json()
    facts.pop("source_path", None)  # the user's own folders are nobody else's business
    facts.pop("children", None)
    return private_facts(facts, options)


def _exhibits(vault: Vault, refs: Iterable[Any], options: BundleOptions,
              withheld: Withholding | None = None,
              ) -> tuple[list[dict[str, Any]], list[_Member], set[int]]:
    """The manifest's exhibit entries and the originals to copy (each item's bytes once).

    A file `withheld` hides (an intimate image of a minor, or an export holding one) is named
    with its hash but never copied: its entry says `withheld` and why."""
    withheld = withheld or Withholding()
    conn = vault.conn
    by_item: dict[int, str] = {}
    members: list[_Member] = []
    exhibits: list[dict[str, Any]] = []
    item_ids: set[int] = set()

    def original_file(item: Item, number: int, part: str = "") -> str | None:
        if item.original is None or item.removal is not None or withheld.hides(item.id):
            return None
        if item.id not in by_item:
            name = _file_name(number, item, part)
            by_item[item.id] = name
            members.append(_Member(name, item.original.sha256, item.original.size,
                                   item_id=item.id, media_type=item.original.media_type))
        return by_item[item.id]

    for ref in sorted(refs, key=lambda r: int(r.number)):
        item = get_item(conn, int(ref.item_id))
        item_ids.add(item.id)
        entry: dict[str, Any] = {
            "number": int(ref.number), "title": str(ref.title), "item_id": item.id,
            "message_id": ref.message_id, **_item_facts(item, options),
            "file": original_file(item, int(ref.number)), "attachments": [], "message": None,
        }
        attached_ids: tuple[int, ...] = ()
        if ref.message_id is not None:
            attached_ids = tuple(int(i) for i in
                                 message_by_id(conn, int(ref.message_id)).get("attachments") or [])
        if withheld.hides(item.id) or withheld.related(item.id, attached_ids):
            entry["withheld"] = WITHHELD_WHY
            # The date on which she was a minor, per image (the dossier says it in words).
            entry["withheld_dates"] = [
                {"item_id": i.item_id, "kind": i.used.kind if i.used else None,
                 "date_used": i.used.day.isoformat() if i.used else None}
                for i in withheld.related(item.id, attached_ids)]
        if _holds_sensitive(conn, item.id):
            entry["holds_sensitive_media"] = True  # the README warns before originals/ opens
        if ref.message_id is not None:
            message = message_by_id(conn, int(ref.message_id))
            entry["message"] = {k: message.get(k) for k in (
                "id", "conversation", "sender", "sent_at", "sent_at_utc", "sent_at_source",
                "text", "kind", "direction", "attachment_names")}
            for n, attachment_id in enumerate(message.get("attachments") or [], 1):
                attached = get_item(conn, int(attachment_id))
                item_ids.add(attached.id)
                entry["attachments"].append({
                    **_item_facts(attached, options),
                    "file": original_file(attached, int(ref.number), f"-a{n}")})
        exhibits.append(entry)
    return exhibits, members, item_ids


def _holds_sensitive(conn: Any, item_id: int) -> bool:
    """An export whose stored file holds an image or video marked sensitive (a chat zip)."""
    from evidencekit.core.export_media import export_images

    ids = export_images(conn, [item_id])
    return any(get_item(conn, i).annotations.sensitive for i in ids)


def _custody_excerpt(vault: Vault, item_ids: set[int]) -> tuple[bytes, dict[str, Any]]:
    """Only this bundle's entries, each with its inclusion proof (see custody_excerpt.py)."""
    case_ids = {get_item(vault.conn, i).case_id for i in item_ids}
    return custody_excerpt.build(vault, item_ids, case_ids, CUSTODY)


def _generated(name: str, data: bytes) -> _Member:
    return _Member(name, hashlib.sha256(data).hexdigest(), len(data), data=data,
                   media_type="text/plain")


def _rendered(name: str, path: Path) -> _Member:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return _Member(name, digest.hexdigest(), path.stat().st_size, path=path, media_type=media)


def _extra_names(paths: Iterable[Any]) -> list[tuple[str, Path]]:
    named: list[tuple[str, Path]] = []
    for raw in paths:
        path = Path(raw)
        stem = slug(path.stem) or "annexe"
        suffix = extension(path.name, "application/octet-stream")
        name = f"{stem}.{suffix}"
        while name in {n for n, _p in named} | {PDF}:
            name = f"{stem}-{len(named)}.{suffix}"
        named.append((name, path))
    return named


def _manifest(vault: Vault, request: Any, case_name: str, created_at: str,
              exhibits: list[dict[str, Any]],
              custody: dict[str, Any], fp: str, members: list[_Member],
              extra_files: list[Any]) -> bytes:
    document = {
        "format": FORMAT,
        "tool": TOOL,
        "created_at": created_at,
        "vault_id": vault.vault_id,
        "recipient": request.recipient,
        "lang": request.lang,
        "case": case_name,
        "signing_key": {"algorithm": "Ed25519", "file": KEY, "public_key_sha256": fp},
        "exhibits": exhibits,
        "custody": custody,
        "dossier_files": [PDF] + [name for name, _p in _extra_names(extra_files)],
        "files": {m.name: {"sha256": m.sha256, "size": m.size, "media_type": m.media_type}
                  for m in members},
        "coverage": "files lists every file but the dossier files, this manifest, its signature "
                    "and timestamp tokens (timestamps/manifest.N.tsr), and SHA256SUMS; "
                    "SHA256SUMS lists every file and is signed too.",
        "meaning": "A SHA-256 shows a file is unchanged since it was imported into the vault at "
                   "imported_at; it does not show that what the file shows is genuine.",
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
