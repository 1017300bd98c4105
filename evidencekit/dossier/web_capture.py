"""The facts of a web capture, as the dossier shows them (read from its logged manifest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidencekit.core.db import Connection
from evidencekit.core.evidence import list_derived
from evidencekit.core.web_capture_record import part_item, read_manifest

TOKEN_KIND = "rfc3161-token"  # noqa: S105 - as capture/store.py writes it (a kind, not a secret)


@dataclass(frozen=True)
class CaptureFacts:
    url: str
    final_url: str
    published: str
    ip: str
    scheme: str
    verified: bool
    error: str
    subject: str
    issuer: str
    fingerprint: str
    started_at: str
    ended_at: str
    browser: str
    user_logged_in: bool
    manifest_sha256: str
    warc_sha256: str
    warc_size: int
    screenshot_item: int | None
    token_time: str
    token_tsa: str
    # False for a capture made before secrets were withheld (its manifest says nothing of it):
    # the dossier then makes no claim either way.
    withheld_known: bool = False
    withheld_headers: int = 0
    withheld_bodies: int = 0  # request bodies and the answers withheld with them


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def capture_facts(conn: Connection, item_id: int, manifest_sha256: str) -> CaptureFacts | None:
    manifest = read_manifest(conn, item_id)
    if manifest is None:
        return None
    raw_server = manifest.get("server")
    server: dict[str, Any] = raw_server if isinstance(raw_server, dict) else {}
    chain = server.get("chain") or [{}]
    leaf = chain[0] if isinstance(chain[0], dict) else {}
    parts = {str(p.get("role")): p for p in manifest.get("parts", []) if isinstance(p, dict)}
    warc = parts.get("warc", {})
    shot = parts.get("screenshot")
    tokens = [d for d in list_derived(conn, item_id) if d.kind == TOKEN_KIND]
    token = tokens[0].facts if tokens else {}
    raw_withheld = manifest.get("withheld")
    withheld: dict[str, Any] = raw_withheld if isinstance(raw_withheld, dict) else {}
    return CaptureFacts(
        url=str(manifest.get("url", "")), final_url=str(manifest.get("final_url", "")),
        published=str(manifest.get("published", "")), ip=str(manifest.get("ip", "")),
        scheme=str(server.get("scheme", "")), verified=bool(server.get("verified")),
        error=str(server.get("error", "")), subject=str(leaf.get("subject", "")),
        issuer=str(leaf.get("issuer", "")), fingerprint=str(leaf.get("sha256", "")),
        started_at=str(manifest.get("started_at", "")),
        ended_at=str(manifest.get("ended_at", "")), browser=str(manifest.get("browser", "")),
        user_logged_in=bool(manifest.get("user_logged_in")),
        manifest_sha256=manifest_sha256, warc_sha256=str(warc.get("sha256", "")),
        warc_size=int(warc.get("size", 0) or 0),
        screenshot_item=part_item(conn, str(shot.get("sha256", ""))) if shot else None,
        token_time=str(token.get("gen_time", "")), token_tsa=str(token.get("tsa", "")),
        withheld_known=isinstance(raw_withheld, dict),
        withheld_headers=_count(withheld.get("headers")),
        withheld_bodies=_count(withheld.get("request_bodies"))
        + _count(withheld.get("response_bodies")))


def seen_after_login(conn: Connection, item_id: int, media_type: str, sha256: str) -> bool:
    """A logged capture whose window signed in first: its page is not public, whatever its
    address says (the fiche and the Pharos form must not call it so)."""
    if media_type != "application/json":
        return False
    facts = capture_facts(conn, item_id, sha256)
    return facts is not None and facts.user_logged_in
