"""`evidencekit capture URL --case NAME`: keep a web page as a witness would (design.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from evidencekit.cliio import emit_json, out, warn
from evidencekit.commands.common import unlock
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(command: Command) -> None:
    p = command("capture", cmd_capture,
                _("capture a web page with a real browser: screenshot, WARC/WACZ, DOM, headers, "
                  "server certificate and address (uses the network)"))
    p.add_argument("url")
    p.add_argument("--case", default="Default", help=_("the case to file it under"))
    p.add_argument("--window", action="store_true",
                   help=_("open a browser window to log in first; capture when you press "
                          "“Capture now”"))
    p.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help=_("seconds to wait for the page (default 60)"))
    stamp = p.add_mutually_exclusive_group()
    stamp.add_argument("--tsa", action="append", default=[], metavar="URL",
                       help=_("timestamp authority to ask at once (default: the built-in "
                              "list, since a capture is online anyway)"))
    stamp.add_argument("--no-tsa", action="store_true", help=_("no RFC 3161 timestamp"))
    p.add_argument("--tsa-ca", action="append", default=[], metavar="FILE",
                   help=_("also trust this CA file for the timestamp authority"))
    p.add_argument("--site-ca", metavar="FILE",
                   help=_("trust this CA file for the captured site instead of the public "
                          "roots (an intranet, a test server)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON document on stdout"))


def cmd_capture(args: argparse.Namespace) -> int:
    from evidencekit.capture.session import capture, check_url
    from evidencekit.capture.store import store_capture
    from evidencekit.dossier.tsa_client import TimestampSettings

    url = check_url(args.url)
    if not 1 <= args.timeout <= 600:
        raise UsageError(_("--timeout must be between 1 and 600 seconds."))
    site_ca = None
    if args.site_ca:
        site_ca = str(Path(args.site_ca).expanduser())
        if not Path(site_ca).is_file():
            raise UsageError(_("{path}: no such CA file.").format(path=args.site_ca))
    # A capture is online anyway, so the manifest is timestamped at once unless the user says
    # --no-tsa (an unreachable authority leaves the request queued for `timestamps`).
    stamping = TimestampSettings.from_choices(
        [] if args.no_tsa else (args.tsa or ["default"]), args.tsa_ca)
    with unlock(args) as vault:
        warn(_("This uses the network: the site sees this computer's IP address, as with any "
               "visit{tsa}.").format(
            tsa=_("; the timestamp authority receives only a SHA-256") if stamping.enabled
            else ""))
        result = capture(url, window=args.window, timeout=args.timeout, site_ca=site_ca)
        stored = store_capture(vault, result, args.case, stamping)
    document = {
        "item_id": stored.item_id, "manifest_sha256": stored.manifest_sha256,
        "url": result.url, "final_url": result.final_url, "title": result.title,
        "published": result.published, "ip": result.server.get("ip", ""),
        "certificate_verified": result.certificate_ok,
        "certificate_error": result.server.get("error", ""),
        "user_logged_in": result.user_logged_in, "started_at": result.started_at,
        "ended_at": result.ended_at, "parts": stored.parts, "withheld": result.withheld,
        "timestamp": {"status": stored.timestamp.status, "message": stored.timestamp.message},
    }
    if args.json:
        emit_json(document)
        return 0
    out(_("Captured {url} as item #{id} ({n} parts), manifest SHA-256 {sha}.").format(
        url=result.final_url, id=stored.item_id, n=len(stored.parts),
        sha=stored.manifest_sha256))
    out(_("Server address: {ip}.").format(ip=document["ip"] or _("unknown")))
    if result.server.get("scheme") == "https" and not result.certificate_ok:
        warn(_("warning: the site's certificate did not verify ({error}); this is recorded in "
               "the capture.").format(error=result.server.get("error", "")))
    headers, bodies = result.withheld.get("headers", 0), result.withheld.get("request_bodies", 0)
    if headers or bodies:
        out(_("Kept out of the record: {headers} cookie or authorization values and {bodies} "
              "login forms; they would let anyone holding the capture sign in as you.").format(
            headers=headers, bodies=bodies))
    out(stored.timestamp.message)
    return 0
