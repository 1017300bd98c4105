"""Commands over the evidence: import, list, show, annotate, journal, add-url, remove, cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evidencekit.cliio import SecretSource, emit_json, error_line, one_line, out, warn
from evidencekit.commands.common import local_time, now_local_iso, secrets_of, unlock
from evidencekit.core import evidence
from evidencekit.core.errors import UsageError
from evidencekit.core.model import Annotations, Item
from evidencekit.core.vault import Vault
from evidencekit.i18n import _
from evidencekit.importers import ocr
from evidencekit.importers.batch import ImportOptions, import_paths
from evidencekit.importers.recordings import audio_items, recording_sentence
from evidencekit.importers.tesseract_lookup import install_hint
from evidencekit.importers.whatsapp_backup import KeySource


def _annotations_from(args: argparse.Namespace) -> Annotations:
    return Annotations(
        platform=args.platform or "", url=args.url or "", author=args.author or "",
        # --intimate also marks a photo or video imported on its own, not only those stored
        # from an export: otherwise a minor's photo imported alone reached her dossiers.
        sensitive=bool(args.sensitive) or getattr(args, "intimate", None) is True,
        category=args.category or "",
        title=getattr(args, "title", None) or "",
    )


def cmd_import(args: argparse.Namespace) -> int:
    source = secrets_of(args)
    options = ImportOptions(case=args.case, annotations=_annotations_from(args),
                            timezone=args.timezone, date_order=args.date_order,
                            backup_key=backup_key_asker(source),
                            intimate=getattr(args, "intimate", None))
    if options.annotations.category:
        evidence._clean_annotations(options.annotations)  # bad category: usage error, exit 2
    with unlock(args, source) as vault:
        outcomes = import_paths(vault, [Path(p) for p in args.paths], options)
        refused = [o for o in outcomes if o.refused]
        recordings = _recordings(vault, outcomes)
        if args.json:
            emit_json({
                "warnings": [{"path": path, "warning": recording_sentence()}
                             for path in recordings],
                "imported": [evidence.get_item(vault.conn, o.item_id).to_json() | {
                    "path": o.path, "report": o.extra} for o in outcomes
                    if o.status == "imported" and o.item_id is not None],
                "duplicates": [{"path": o.path, "item_id": o.item_id, "sha256": o.sha256}
                               for o in outcomes if o.status == "duplicate"],
                "refused": [{"path": o.path, "error": o.message} for o in refused],
            })
        else:
            for o in outcomes:
                if not o.refused:
                    out(one_line(o.message))
                    for line in o.extra.get("report_lines", []):
                        out("  " + one_line(line))
        for o in refused:
            error_line(o.message)
        if recordings and not args.json:
            # After the import, on stderr: a script's exit code and stdout stay as they were.
            warn(_("warning: {paths}: {sentence}").format(
                paths=", ".join(one_line(p) for p in recordings), sentence=recording_sentence()))
        new_ids = [o.item_id for o in outcomes if o.status == "imported" and o.item_id]
        _ocr_after_import(vault, new_ids, args)
        if not args.json:
            imported = sum(1 for o in outcomes if o.status == "imported")
            dupes = sum(1 for o in outcomes if o.status == "duplicate")
            out(_("{i} imported, {d} already in the vault, {r} refused.").format(
                i=imported, d=dupes, r=len(refused)))
    return 3 if refused else 0


def backup_key_asker(source: SecretSource) -> KeySource:
    """Asks an encrypted WhatsApp backup's key like a passphrase (the terminal without echo, or
    the next line of --passphrase-file/--passphrase-stdin), once per batch: a phone has one key."""
    asked: list[str | None] = []

    def ask(name: str) -> str | None:
        if not asked:
            try:
                asked.append(source.next(_("Key of the WhatsApp backup {name} (64 digits): ")
                                         .format(name=one_line(name))))
            except UsageError:
                asked.append(None)  # no line left: the import says the key is needed
        return asked[0]

    return ask


def _recordings(vault: Vault, outcomes: list[Any]) -> list[str]:
    """Paths of the audio files just imported (call recordings, maybe)."""
    by_id = {o.item_id: o.path for o in outcomes if o.status == "imported" and o.item_id}
    return [str(by_id[i]) for i in audio_items(vault.conn, list(by_id))]


def _ocr_after_import(vault: Vault, item_ids: list[int], args: argparse.Namespace) -> None:
    """OCR the screenshots just imported (and the images inside imported exports)."""
    if args.no_ocr or not item_ids:
        return
    if not ocr.available():
        if not args.json:
            out(install_hint())
        return
    children = [int(r[0]) for r in vault.conn.execute(
        f"SELECT id FROM items WHERE parent_id IN ({','.join('?' * len(item_ids))})", item_ids)]
    pending = ocr.pending_items(vault, item_ids + children)
    if pending:
        summary = ocr.run_ocr(vault, pending)
        if not args.json:
            out(_("Text read (OCR) in {n} image(s).").format(n=summary.done))
        for failure in summary.failed or []:
            error_line(_("OCR failed for {what}").format(what=failure))


def cmd_ocr(args: argparse.Namespace) -> int:
    if not ocr.available():
        error_line(install_hint())
        return 2
    with unlock(args) as vault:
        pending = ocr.pending_items(vault, args.items or None)
        summary = ocr.run_ocr(vault, pending)
        out(_("Text read (OCR) in {n} image(s).").format(n=summary.done))
        for failure in summary.failed or []:
            error_line(_("OCR failed for {what}").format(what=failure))
    return 0


def _item_line(item: Item) -> str:
    o = item.original
    removed = _(" [removed]") if item.removal else ""
    if o is None:
        return f"{item.id:>5}  {item.kind:<7} {item.annotations.url}{removed}"
    size = f"{o.size:,}".replace(",", " ")
    parent = f" (in #{item.parent_id})" if item.parent_id else ""
    return (f"{item.id:>5}  {item.kind:<7} {o.media_type:<24} {size:>13}  {o.sha256[:12]}  "
            f"{item.display_name}{parent}{removed}")


def cmd_list(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        items = list(evidence.list_items(vault.conn, args.case))
        if args.json:
            emit_json({"items": [i.to_json() for i in items]})
            return 0
        if not items:
            out(_("No items yet. Add some with `evidencekit import FILE…`."))
        current_case = None
        for item in items:
            if item.case_name != current_case:
                current_case = item.case_name
                out(one_line(_("Case: {name}").format(name=current_case)))
            out(one_line(_item_line(item)))
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        cases = evidence.list_cases(vault.conn)
        if args.json:
            emit_json({"cases": [{"id": c.id, "name": c.name, "created_at": c.created_at,
                                  "items": c.item_count} for c in cases]})
            return 0
        for c in cases:
            out(one_line(f"{c.id:>4}  {c.name}  ({c.item_count})"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        conn = vault.conn
        item = evidence.get_item(conn, args.id)
        derived = evidence.list_derived(conn, item.id)
        imports = conn.execute(
            "SELECT at, source_name, source_path, duplicate FROM imports WHERE item_id = ?"
            " ORDER BY id", (item.id,)).fetchall()
        history = list(vault.custody.entries(item.id))
        from evidencekit.core.translations import translation_of

        translation = translation_of(conn, item.id)
        if args.json:
            doc: dict[str, Any] = item.to_json()
            doc["translation"] = translation
            doc["derived"] = [d.__dict__ for d in derived]
            doc["imports"] = [{"at": r[0], "source_name": r[1], "source_path": r[2],
                               "duplicate": bool(r[3])} for r in imports]
            doc["custody"] = [e.to_json() for e in history]
            emit_json(doc)
            return 0
        _print_item(item)
        if translation:
            out(f"  {'translation':<18} {translation}")
        if derived:
            out(_("Derived copies:"))
            for d in derived:
                out(f"  #{d.id} {d.kind} {d.media_type} {d.size} B sha256 {d.sha256} ({d.tool})")
        out(_("Imports:"))
        for at, name, path, dup in imports:
            tag = _(" (already present)") if dup else ""
            out(f"  {local_time(at)}  {name}  {path}{tag}")
        out(_("Custody history:"))
        for e in history:
            out(f"  #{e.seq} {local_time(e.at)}  {e.action}")
    return 0


def _print_item(item: Item) -> None:
    out(_("Item {id} ({kind}) in case “{case}”").format(id=item.id, kind=item.kind,
                                                        case=item.case_name))
    o = item.original
    if o is not None:
        rows = [
            (_("File name"), o.original_name), (_("SHA-256"), o.sha256),
            (_("Size"), _("{n} bytes").format(n=o.size)), (_("Media type"), o.media_type),
            (_("Imported at"), f"{local_time(o.imported_at)} ({o.imported_at})"),
            (_("File modified"), local_time(o.file_mtime) if o.file_mtime else "—"),
            (_("Device timezone"), o.import_timezone), (_("Source"), o.source_path),
        ]
        facts = o.facts
        if "width" in facts:
            rows.append((_("Image"), f"{facts['width']} × {facts['height']} "
                                     f"{facts.get('image_format', '')}"))
        for key, label in (("exif_datetime_original", _("Taken at (EXIF)")),
                           ("exif_offset_time_original", _("EXIF offset")),
                           ("camera_make", _("Camera make")), ("camera_model", _("Camera model")),
                           ("software", _("Software"))):
            if facts.get(key):
                rows.append((label, str(facts[key])))
        if "gps" in facts:
            rows.append((_("GPS position"), f"{facts['gps']['latitude']}, "
                         f"{facts['gps']['longitude']} " + _("(may reveal where it was taken)")))
        if facts.get("readable") is False:
            rows.append((_("Warning"), _(str(facts.get("unreadable_reason", "")))))
        for label, value in rows:
            out(f"  {label:<18} {value}")
    a = item.annotations
    for field, value in a.to_json().items():
        if value not in ("", False):
            out(f"  {field:<18} {value}")
    if item.removal:
        out(_("  REMOVED at {at}: {reason} (SHA-256 was {sha})").format(
            at=local_time(item.removal.at), reason=item.removal.reason, sha=item.removal.sha256))


ANNOTATE_FIELDS = ("title", "description", "platform", "url", "author", "author_url",
                   "author_id", "published_at", "seen_at", "occurred_at", "category",
                   "online_status", "online_checked_at", "notes")


def cmd_annotate(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {f: getattr(args, f) for f in ANNOTATE_FIELDS
                               if getattr(args, f) is not None}
    if args.sensitive is not None:
        changes["sensitive"] = args.sensitive
    if (args.id is None) == (args.message is None):
        raise UsageError(_("Give an item id, or --message ID for one message."))
    if args.message is not None and changes:
        raise UsageError(_("A message takes only --translation; its other details are the "
                           "chat's."))
    if not changes and args.translation is None:
        raise UsageError(_("Nothing to change: give at least one field, e.g. --url."))
    with unlock(args) as vault:
        with vault.transaction() as conn:
            if changes:
                evidence.annotate(conn, args.id, **changes)
            if args.translation is not None:
                from evidencekit.core.translations import set_translation

                set_translation(conn, args.translation, item_id=args.id,
                                message_id=args.message)
        if args.translation is not None:
            changes["translation"] = True
        what = args.id if args.message is None else args.message
        sentence = (_("Item {id} annotated ({fields}).") if args.message is None
                    else _("Message {id} annotated ({fields})."))
        out(sentence.format(id=what, fields=", ".join(changes)))
    return 0


def cmd_journal(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text_file in (None, "-") else Path(args.text_file).read_text(
        encoding="utf-8")
    with unlock(args) as vault:
        with vault.transaction() as conn:
            item_id = evidence.add_journal_entry(
                conn, args.case, text, occurred_at=args.at or now_local_iso(),
                title=args.title or "", pasted=args.pasted)
        out(_("Journal entry saved as item {id}.").format(id=item_id))
    return 0


def cmd_add_url(args: argparse.Namespace) -> int:
    values = Annotations(url=args.url, description=args.description or "",
                         category=args.category or "", platform=args.platform or "",
                         author=args.author or "", title=args.title or "")
    with unlock(args) as vault:
        with vault.transaction() as conn:
            item_id = evidence.add_url(conn, args.case, values)
        out(_("Address recorded as item {id} (no content stored).").format(id=item_id))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        with vault.transaction() as conn:
            sha = evidence.remove_item(conn, args.id, args.reason)
        out(_("Item {id} removed; its bytes were erased and the log keeps its SHA-256 {sha}.")
            .format(id=args.id, sha=sha))
    return 0
