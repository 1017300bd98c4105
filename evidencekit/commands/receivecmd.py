"""`evidencekit receive`: receive files from a phone (LocalSend) straight into the vault.

Running the command is the user's yes; the session lasts until Ctrl-C, the time limit, or three
wrong PINs. The PIN, the address and the certificate fingerprint are printed first, then one
line per file. With --json each of these is one JSON object on its own line (JSON Lines), so a
script can read the PIN before the first file arrives.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evidencekit.cliio import error_line, one_line, out, warn
from evidencekit.commands.common import unlock
from evidencekit.core.errors import UsageError
from evidencekit.i18n import _
from evidencekit.receive.address import check_listen_address
from evidencekit.receive.protocol import DEFAULT_PORT
from evidencekit.receive.qr import fingerprint_words, pin_words
from evidencekit.receive.session import Arrival, ReceiveSession

if TYPE_CHECKING:  # the server (http.server, ssl) loads only when the command runs
    from evidencekit.receive.server import Receiver

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(command: Command) -> None:
    p = command("receive", cmd_receive,
                _("receive files from a phone over the local network (LocalSend), straight "
                  "into the vault"))
    p.add_argument("--case", default="Default", help=_("the case to file them under"))
    p.add_argument("--address", default="127.0.0.1",
                   help=_("the address to listen on: 127.0.0.1 or this computer's local "
                          "network address (public addresses are refused)"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=_("the port to listen on (LocalSend uses 53317)"))
    p.add_argument("--timeout", type=float, default=15.0, metavar="MIN",
                   help=_("end the session after this many minutes (default 15)"))
    p.add_argument("--json", action="store_true",
                   help=_("print one JSON object per line: the session, then each file"))


def cmd_receive(args: argparse.Namespace) -> int:
    from evidencekit.receive.server import Receiver

    check_listen_address(args.address)
    if not 0 <= args.port < 65536 or args.timeout <= 0:
        raise UsageError(_("--port must be between 0 (any free port) and 65535, and --timeout "
                           "above 0."))
    with unlock(args) as vault:
        session = ReceiveSession(args.case)
        try:
            receiver = Receiver(vault, session, address=args.address, port=args.port)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(_("port {port} on {address} is already in use (is LocalSend "
                                   "or another receiver running?); choose another with "
                                   "--port.").format(port=args.port, address=args.address)
                                 ) from None
            raise UsageError(_("could not listen on {address}:{port} ({reason}).").format(
                address=args.address, port=args.port, reason=exc.strerror)) from None
        session.listen(lambda event, payload: _report(args.json, event, payload))
        receiver.start()
        deadline = time.monotonic() + args.timeout * 60
        try:
            _announce(args, receiver, session.pin)
            # Short waits: the kernel may hand Ctrl-C to the receiver's thread, and the main
            # thread only raises KeyboardInterrupt when it wakes; one long wait held it for the
            # whole session.
            while not session.ended_event.wait(0.25) and time.monotonic() < deadline:
                pass
        except KeyboardInterrupt:
            pass  # Ctrl-C is the ordinary way to stop; what arrived is kept
        receiver.stop()
        refused = [a for a in session.arrivals if a.status != "imported"
                   and a.status != "duplicate"]
        if not args.json:
            kept = len(session.arrivals) - len(refused)
            out(_("{kept} file(s) kept, {refused} refused.").format(kept=kept,
                                                                      refused=len(refused)))
    if refused:
        return 3
    return 1 if session.wrong_pins >= 3 else 0


def _announce(args: argparse.Namespace, receiver: Receiver, pin: str) -> None:
    port, fingerprint, name = receiver.port, receiver.fingerprint, receiver.info.alias
    if port != DEFAULT_PORT:
        # The app's address field and its scan of the network both use the phone's own port
        # setting (docs/design.md, "Checked against the official app's sources").
        warn(_("note: the LocalSend app looks for receivers on its own port (53317 unless "
               "changed in its settings); set the phone to port {port} too, or it will not "
               "find this computer.").format(port=port))
    if args.json:
        emit_line_json({"event": "listening", "address": args.address, "port": port,
                        "fingerprint": fingerprint, "pin": pin, "case": args.case,
                        "name": name})
        return
    out(_("Receiving into case “{case}”. In LocalSend on the phone, send to this computer:")
        .format(case=one_line(args.case)))
    out(_("  name         {name}").format(name=name))
    out(_("  address      {address}:{port}").format(address=args.address, port=port))
    out(_("  PIN          {pin}").format(pin=pin_words(pin)))
    out(_("  fingerprint  {fp}").format(fp=fingerprint_words(fingerprint)))
    out(_("Press Ctrl-C to stop; the session ends by itself after {n} minutes.").format(
        n=f"{args.timeout:g}"))
    sys.stdout.flush()


def _report(as_json: bool, event: str, payload: Any) -> None:
    if event == "arrival" and isinstance(payload, Arrival):
        if as_json:
            emit_line_json({"event": "arrival", "name": payload.name, "size": payload.size,
                            "sender": payload.sender, "status": payload.status,
                            "item_id": payload.item_id, "message": payload.message})
        elif payload.status in ("imported", "duplicate"):
            out(one_line(payload.message))
        else:
            error_line(one_line(payload.message))
    elif event in ("ended", "pin-wrong"):
        if as_json:
            emit_line_json({"event": event, "message": str(payload)})
        else:
            warn(_("note: {what}").format(what=one_line(str(payload))))
    else:
        return
    sys.stdout.flush()


def emit_line_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
