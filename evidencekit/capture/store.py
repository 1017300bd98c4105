"""Keeping a capture in the vault: one item (the manifest) with its parts linked, each hashed.

The manifest lists every part with its role, media type, SHA-256 and size, and the capture's
facts (addresses, times, certificate, whether the user logged in). It is the item's original, so
its hash is the capture's fingerprint: the custody entry "web-capture" names it, and the RFC 3161
token, asked for at once when timestamping is on, is over exactly those bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from evidencekit.capture.session import WebCapture
from evidencekit.core.custody import CustodyLog
from evidencekit.core.evidence import add_derived, ensure_case
from evidencekit.core.intake import SourceFacts, store_stream
from evidencekit.core.model import Annotations
from evidencekit.core.vault import Vault
from evidencekit.core.web_capture_record import CUSTODY_ACTION, MANIFEST_FORMAT, MANIFEST_NAME
from evidencekit.dossier.timestamp import TimestampOutcome, stamp_data
from evidencekit.dossier.tsa_client import TimestampSettings

TOKEN_KIND = "rfc3161-token"  # noqa: S105 - a derived kind, not a secret


@dataclass(frozen=True)
class StoredCapture:
    item_id: int
    manifest_sha256: str
    parts: list[dict[str, Any]]
    timestamp: TimestampOutcome
    certificate_error: str = ""  # why the site's certificate did not verify ("" if it did)


def manifest_bytes(capture: WebCapture) -> bytes:
    parts = [{"name": p.name, "role": p.role, "media_type": p.media_type,
              "sha256": hashlib.sha256(p.data).hexdigest(), "size": len(p.data)}
             for p in capture.parts]
    value = {
        "format": MANIFEST_FORMAT, "url": capture.url, "final_url": capture.final_url,
        "title": capture.title, "published": capture.published,
        "started_at": capture.started_at, "ended_at": capture.ended_at,
        "ip": capture.server.get("ip", ""), "server": capture.server,
        "user_logged_in": capture.user_logged_in, "withheld": capture.withheld,
        "browser": capture.log.get("browser", ""), "user_agent": capture.log.get("user_agent", ""),
        "parts": parts,
    }
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def store_capture(vault: Vault, capture: WebCapture, case: str,
                  timestamping: TimestampSettings | None = None) -> StoredCapture:
    manifest = manifest_bytes(capture)
    sha = hashlib.sha256(manifest).hexdigest()
    source = capture.final_url
    with vault.transaction() as conn:
        case_id = ensure_case(conn, case)
        head = store_stream(
            conn, io.BytesIO(manifest), SourceFacts(MANIFEST_NAME, source, None),
            case_id=case_id, annotations=Annotations(
                title=capture.title[:300], url=capture.final_url, platform="web",
                published_at=capture.published, seen_at=capture.started_at))
        stored = []
        for part in capture.parts:
            result = store_stream(conn, io.BytesIO(part.data),
                                  SourceFacts(part.name, source, None), case_id=case_id,
                                  parent_id=head.item_id, expected_size=len(part.data))
            stored.append({"name": part.name, "role": part.role, "item_id": result.item_id,
                           "sha256": result.sha256, "size": result.size})
        CustodyLog(conn).append(
            CUSTODY_ACTION, head.item_id, sha256=sha, url=capture.url,
            final_url=capture.final_url, ip=capture.server.get("ip", ""),
            certificate_verified=capture.certificate_ok,
            certificate_error=capture.server.get("error", ""),
            user_logged_in=capture.user_logged_in, started_at=capture.started_at,
            ended_at=capture.ended_at, parts=[p["sha256"] for p in stored])
    outcome = stamp_data(vault, timestamping or TimestampSettings(), None, manifest,
                         what=MANIFEST_NAME, label=f"web capture #{head.item_id}")
    if outcome.status == "attached":
        with vault.transaction() as conn:
            for stamp in outcome.stamps:
                add_derived(conn, head.item_id, TOKEN_KIND, stamp.token,
                            "application/timestamp-reply", stamp.url,
                            {"gen_time": stamp.check.gen_time, "tsa": stamp.check.tsa,
                             "covers": MANIFEST_NAME, "sha256_covered": sha})
    flagged = "" if capture.certificate_ok or capture.server.get("scheme") != "https" else \
        str(capture.server.get("error") or "?")
    return StoredCapture(head.item_id, sha, stored, outcome, flagged)
