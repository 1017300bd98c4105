"""One receiving session: the PIN, the transfer it accepted, and what has arrived.

The session starts when the user says yes (the window's Start, or the `receive` command) and
ends at Stop, at the time limit, or after three wrong PINs. One sender's transfer at a time: a
second device gets 409 until the first has finished, so an intruder cannot slip files into a
transfer the user is watching. Each file has its own random token, usable once, from the
address that announced it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from evidencekit.i18n import _
from evidencekit.receive.protocol import DeviceInfo, FileOffer

MAX_WRONG_PINS = 3
MAX_PREPARES_PER_MINUTE = 20
IDLE_TRANSFER_SECONDS = 300


@dataclass
class Arrival:
    """One file's fate, shown live in the window and printed by the command."""

    name: str
    size: int
    sender: str
    status: str  # "receiving", "imported", "duplicate", "refused", "cancelled"
    message: str = ""
    item_id: int | None = None
    received: int = 0


@dataclass
class Transfer:
    session_id: str
    sender: DeviceInfo
    peer: str
    offers: dict[str, FileOffer]
    tokens: dict[str, str]
    done: set[str] = field(default_factory=set)
    cancel: threading.Event = field(default_factory=threading.Event)
    in_flight: int = 0
    last_activity: float = field(default_factory=time.monotonic)

    def busy(self) -> bool:
        """Still owed files or still receiving one; a sender silent for long stops counting."""
        if self.cancel.is_set():
            return False
        if self.in_flight:
            return True
        return self.done != set(self.offers) and \
            time.monotonic() - self.last_activity < IDLE_TRANSFER_SECONDS


class Refusal(Exception):
    """A request refused with an HTTP status and one sentence (logged, and sent back)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


Listener = Callable[[str, object], None]  # (event, payload): "arrival", "ended", "pin-wrong"


class ReceiveSession:
    def __init__(self, case: str, *, pin: str | None = None) -> None:
        self.case = case
        self.pin = pin or f"{secrets.randbelow(10**6):06d}"
        self.wrong_pins = 0
        self.ended: str | None = None  # why the session ended, once it has
        self.transfer: Transfer | None = None
        self.arrivals: list[Arrival] = []
        # Re-entrant: a listener may read the session while an event is being sent.
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._prepares: list[float] = []
        self.ended_event = threading.Event()

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, event: str, payload: object) -> None:
        for listener in list(self._listeners):
            listener(event, payload)

    # -- the protocol's decisions -------------------------------------------------------------
    def prepare(self, sender: DeviceInfo, offers: list[FileOffer], pin: str | None,
                peer: str) -> Transfer:
        with self._lock:
            self._check_open()
            now = time.monotonic()
            self._prepares = [t for t in self._prepares if now - t < 60] + [now]
            if len(self._prepares) > MAX_PREPARES_PER_MINUTE:
                raise Refusal(429, _("too many requests; wait a minute."))
            if pin is None:
                # LocalSend asks without a PIN first and prompts for one on 401: not a guess.
                raise Refusal(401, _("a PIN is required."))
            # Spaces ignored: the PIN is shown as "039 864" and LocalSend sends its PIN field
            # as typed, where the obscured text hides a space.
            if not hmac.compare_digest("".join(pin.split()).encode(), self.pin.encode()):
                self.wrong_pins += 1
                if self.wrong_pins >= MAX_WRONG_PINS:
                    self._end(_("three wrong PINs were given; the session was ended to keep "
                                "the vault safe. Start a new one to try again."))
                    ended = True
                else:
                    ended = False
                message = _("wrong PIN from {sender} ({peer}).").format(
                    sender=sender.alias, peer=peer)
                self.emit("pin-wrong", message)
                raise Refusal(403 if ended else 401, message)
            current = self.transfer
            if current is not None and current.busy():
                raise Refusal(409, _("another device's transfer is still in progress."))
            self.transfer = Transfer(
                session_id=secrets.token_urlsafe(16), sender=sender, peer=peer,
                offers={o.id: o for o in offers},
                tokens={o.id: secrets.token_urlsafe(24) for o in offers})
            return self.transfer

    def claim(self, session_id: str, file_id: str, token: str, peer: str) -> tuple[Transfer,
                                                                                   FileOffer]:
        """The upload's right to deliver one file: checked once, then the token is spent."""
        with self._lock:
            self._check_open()
            transfer = self.transfer
            if transfer is None or not hmac.compare_digest(transfer.session_id.encode(),
                                                           session_id.encode()):
                raise Refusal(409, _("this upload does not belong to the current transfer."))
            expected = transfer.tokens.get(file_id)
            if expected is None or not hmac.compare_digest(expected.encode(), token.encode()) \
                    or peer != transfer.peer:
                raise Refusal(403, _("invalid token or address for this upload."))
            if transfer.cancel.is_set():
                raise Refusal(409, _("the transfer was cancelled."))
            if file_id in transfer.done:
                raise Refusal(409, _("this file has already been received."))
            transfer.done.add(file_id)
            transfer.in_flight += 1
            transfer.last_activity = time.monotonic()
            return transfer, transfer.offers[file_id]

    def release(self, transfer: Transfer) -> None:
        """An upload claimed with `claim` has ended, whatever its outcome."""
        with self._lock:
            transfer.in_flight -= 1
            transfer.last_activity = time.monotonic()

    def cancel(self, session_id: str, peer: str) -> bool:
        with self._lock:
            transfer = self.transfer
            if transfer is None or transfer.session_id != session_id or transfer.peer != peer:
                return False
            transfer.cancel.set()
            return True

    def add_arrival(self, arrival: Arrival) -> None:
        with self._lock:
            self.arrivals.append(arrival)
        self.emit("arrival", arrival)

    def stop(self, reason: str | None = None) -> None:
        with self._lock:
            self._end(reason or _("the session was stopped."))

    @property
    def is_open(self) -> bool:
        return self.ended is None

    def _check_open(self) -> None:
        if self.ended is not None:
            raise Refusal(403, _("this receiving session has ended."))

    def _end(self, reason: str) -> None:
        if self.ended is not None:
            return
        self.ended = reason
        if self.transfer is not None:
            self.transfer.cancel.set()  # an upload in progress stops and keeps nothing
        self.ended_event.set()
        self.emit("ended", reason)
