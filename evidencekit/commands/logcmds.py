"""Commands that read the record: log, verify, search, messages."""

from __future__ import annotations

import argparse
import json

from evidencekit.cliio import emit_json, error_line, out, warn
from evidencekit.commands.common import local_time, unlock
from evidencekit.core import anchor
from evidencekit.core import search as search_mod
from evidencekit.core.message_notes import change_line, reply_line, resolve_replies, shown_time
from evidencekit.core.messages import list_messages, message_by_id
from evidencekit.core.timeutil import zone
from evidencekit.core.translations import message_translations
from evidencekit.core.vault import Vault
from evidencekit.core.verify import verify_vault
from evidencekit.i18n import N_, _

# What a search result was found in (the search index's kinds), translated when shown.
SEARCH_KINDS = {"annotation": N_("annotation"), "journal": N_("journal"), "ocr": N_("ocr")}


def cmd_log(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        entries = list(vault.custody.entries(args.item))
        if args.json:
            emit_json({"entries": [e.to_json() for e in entries],
                       "merkle_root": vault.custody.merkle_root()})
            return 0
        for e in entries:
            item = f" #{e.item_id}" if e.item_id is not None else ""
            detail = {k: v for k, v in e.detail.items() if k != "tool"}
            out(f"{e.seq:>6}  {local_time(e.at)}  {e.action}{item}  "
                f"{json.dumps(detail, ensure_ascii=False)[:160]}")
        out(_("Merkle root of the log: {root}").format(root=vault.custody.merkle_root()))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        report = verify_vault(vault)
        if getattr(args, "accept_log", False):
            _accept_log(vault)
        if args.json:
            emit_json(report.to_json())
        else:
            out(_("{n} originals re-hashed: {ok} intact.").format(
                n=report.originals_checked, ok=report.originals_intact))
            out(_("{n} derived copies checked.").format(n=report.derived_checked))
            out(_("Custody log: {n} entries, Merkle root {root}.").format(
                n=report.custody_entries, root=report.merkle_root))
            for note in report.notes:
                out(_("not covered: {what}").format(what=note))
            for problem in report.problems:
                error_line(problem)
            if report.ok and report.notes:
                out(_("Everything checked is intact; what is not covered is listed above."))
            elif report.ok:
                out(_("Everything is intact."))
    return 0 if report.ok else 1


def _accept_log(vault: Vault) -> None:
    """Anchor the log as it is now, after the user has read what contradicted the old anchor."""
    with vault.transaction() as tx:
        anchor.accept_current(vault.vault_id, vault.folder, tx)
    anchor.replace_anchor(vault.vault_id, vault.folder, vault.custody)
    warn(_("The custody log as it is now is this computer's reference from now on; the record "
           "it replaces is kept in the log."))


def cmd_search(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        hits = search_mod.search(vault.conn, args.query)
        results = []
        for hit in hits:
            entry: dict[str, object] = {"kind": hit.owner_kind, "item_id": hit.item_id,
                                        "snippet": hit.snippet}
            if hit.owner_kind == "message":
                message = message_by_id(vault.conn, hit.owner_id)
                entry.update(message_id=hit.owner_id, sender=message.get("sender"),
                             sent_at=message.get("sent_at"), text=message.get("text"))
            results.append(entry)
        if args.json:
            emit_json({"query": args.query, "results": results})
            return 0
        if not results:
            out(_("No results for “{q}”.").format(q=args.query))
        for r in results:
            where = _("item {id}").format(id=r["item_id"])
            if r["kind"] == "message":
                out(f"{where}, {_('message')} {r['message_id']} ({r['sent_at'] or '?'}) "
                    f"{r['sender'] or ''}: {str(r['text'])[:200]}")
            else:
                kind = str(r["kind"])
                out(f"{where}, {_(SEARCH_KINDS.get(kind, kind))}: {r['snippet']}")
    return 0


def cmd_messages(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        messages = list_messages(vault.conn, item_id=args.item, case=args.case)
        translated: dict[int, dict[int, str]] = {}
        for m in messages:  # the victim's own translation, "" when there is none
            if m["item_id"] not in translated:
                translated[m["item_id"]] = message_translations(vault.conn, m["item_id"])
            m["translation"] = translated[m["item_id"]].get(m["id"], "")
        if args.json:
            emit_json({"messages": messages})
            return 0
        resolve_replies(vault.conn, messages)
        tz = zone(vault.timezone or "UTC")
        for m in messages:
            attach = (" [" + _("{n} attachment(s)").format(n=len(m["attachments"])) + "]"
                      if m["attachments"] else "")
            when = shown_time(m["sent_at_source"], m["sent_at"], tz) or "?"
            kind = "" if m["kind"] == "message" else f" ({m['kind']})"
            out(f"{m['id']:>6}  [{when}] {m['sender'] or '—'}{kind}: {m['text']}{attach}")
            for note in (reply_line(m["extra"]), change_line(m["kind"], m["extra"], tz)):
                if note:
                    out(f"        {note}")
            if m["translation"]:
                out(f"        ↳ {m['translation']}")
    return 0
