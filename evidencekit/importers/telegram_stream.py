"""Reading a Telegram result.json as a stream of events (ijson), never as one object in memory.

`json.loads` of an 82 MB export took 1.5 GB; here memory holds one message at a time. The file
is read twice, like the WhatsApp export: `survey` checks the whole document first (valid JSON,
nesting depth, an object holding a "messages" list or "chats"/"left_chats" lists, the account
owner's name), so a broken file is refused before anything is stored; `records` then yields the
messages one by one, with the chat each belongs to.

Telegram Desktop writes control characters as invalid `\\xHH` escapes; `RepairingReader` turns
them into `\\u00HH` on the fly, chunk by chunk, holding back a run of backslashes cut by a chunk
boundary so that an escaped backslash (`\\\\x01`) is never mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import ijson

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import _

MAX_DEPTH = 200
READ_CHUNK = 64 * 1024
_BAD_ESCAPE = re.compile(rb"\\(?:\\|x([0-9A-Fa-f]{2}))")
_SECTIONS = ("chats", "left_chats")
_LISTS = frozenset(f"{s}.list" for s in _SECTIONS)
_ITEMS = frozenset(f"{s}.list.item" for s in _SECTIONS)


class RepairingReader:
    """A byte stream with `\\xHH` escapes rewritten as `\\u00HH`; counts them."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.repaired = 0
        self._held = b""
        self._first = True
        self._done = False

    def _fix(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group(0)
        self.repaired += 1
        return b"\\u00" + match.group(1)

    def read(self, size: int = -1) -> bytes:
        if self._done or size == 0:  # ijson reads 0 bytes first, to learn bytes from str
            return b""
        chunk = self.raw.read(READ_CHUNK if size is None or size < 0 else max(size, 16))
        if self._first:
            self._first = False
            if chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
        data = self._held + chunk
        if not chunk:
            self._done, self._held = True, b""
            return _BAD_ESCAPE.sub(self._fix, data)
        # Hold back the tail from the start of its last run of backslashes (plus what may
        # follow it in an escape): the run's parity decides what the escape is.
        cut = len(data)
        tail_start = max(0, len(data) - 4)
        last = data.rfind(b"\\", tail_start)
        if last >= 0:
            cut = last
            while cut > 0 and data[cut - 1:cut] == b"\\":
                cut -= 1
        self._held = data[cut:]
        out = _BAD_ESCAPE.sub(self._fix, data[:cut])
        return out if out or self._done else self.read(size)


@dataclass
class Survey:
    """What the first pass learnt: which layout, and the facts the report needs."""

    single: bool  # a single chat ("messages" at the top) rather than a whole account
    name: str | None = None  # the single chat's name
    owner: str = ""  # the account owner's name, for a whole account
    chats: int = 0
    repaired: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _fail_json(source_name: str, exc: Exception) -> UnsupportedInput:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return UnsupportedInput(_("{name}: the file is not valid JSON ({reason}).").format(
        name=source_name, reason=reason[:120]))


def _events(stream: BinaryIO, source_name: str) -> tuple[RepairingReader, Iterator[Any]]:
    reader = RepairingReader(stream)
    return reader, ijson.parse(reader, use_float=True)


def survey(stream: BinaryIO, source_name: str) -> Survey:
    """Read the whole document once, keeping nothing but its outline; refuse a bad one."""
    reader, events = _events(stream, source_name)
    depth = 0
    top_is_map = None
    messages_list = False
    lists: set[str] = set()
    name: str | None = None
    first_name = last_name = ""
    chats = 0
    try:
        for prefix, event, value in events:
            if top_is_map is None:
                top_is_map = event == "start_map"
            if event in ("start_map", "start_array"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise UnsupportedInput(_("{name}: the JSON is nested too deeply to read.")
                                           .format(name=source_name))
                if event == "start_array" and prefix == "messages" and depth == 2:
                    messages_list = True
                elif event == "start_array" and prefix in _LISTS and depth == 3:
                    lists.add(prefix)
                if prefix in _ITEMS and depth == 4:
                    chats += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            elif event == "string":
                if prefix == "name" and depth == 1:
                    name = value
                elif prefix == "personal_information.first_name":
                    first_name = value
                elif prefix == "personal_information.last_name":
                    last_name = value
            if event in ("string", "number", "boolean", "null") and prefix in _ITEMS \
                    and depth == 3:
                chats += 1  # a scalar item: a chat that cannot be read, kept verbatim
    except UnsupportedInput:
        raise
    except (ijson.JSONError, ValueError, UnicodeError) as exc:
        raise _fail_json(source_name, exc) from None
    if not top_is_map:
        raise UnsupportedInput(_("{name}: the JSON is not a Telegram export (no object).")
                               .format(name=source_name))
    if not messages_list and not lists:
        raise UnsupportedInput(
            _('{name}: the JSON holds no Telegram "messages" list nor "chats" list.')
            .format(name=source_name))
    owner = " ".join(p for p in (first_name, last_name) if p).strip()
    return Survey(single=messages_list, name=name, owner=owner, chats=chats if not messages_list
                  else 1, repaired=reader.repaired)


@dataclass
class Record:
    """One element of a messages list (or an unreadable chat), with where it came from."""

    value: Any
    source_index: int
    chat_position: int
    chat_name: str
    section: str  # "" for a single chat, else "chats" or "left_chats"
    readable: bool = True


class _Builder:
    """Builds one JSON value from its events (ijson's ObjectBuilder), tracking its depth."""

    def __init__(self) -> None:
        self.builder = ijson.ObjectBuilder()
        self.depth = 0

    def feed(self, event: str, value: Any) -> bool:
        """Feed one event; True once the value is complete."""
        self.builder.event(event, value)
        if event in ("start_map", "start_array"):
            self.depth += 1
        elif event in ("end_map", "end_array"):
            self.depth -= 1
        return self.depth == 0

    @property
    def value(self) -> Any:
        return self.builder.value


def _chat_label(partial: Any, position: int) -> str:
    if isinstance(partial, dict):
        name = partial.get("name")
        if isinstance(name, str) and name:
            return name
        if partial.get("type") == "saved_messages":
            return "Saved Messages"
        return f"chat {partial.get('id', position)}"
    return f"chat {position}"


def records(stream: BinaryIO, source_name: str, single: bool) -> Iterator[Record]:
    """The messages in file order, one at a time (second pass; the survey passed)."""
    try:
        if single:
            # ijson's C backend builds each element itself: the common case stays fast.
            items = ijson.items(RepairingReader(stream), "messages.item", use_float=True)
            for index, value in enumerate(items):
                yield Record(value, index, 0, "", "")
        else:
            _reader, events = _events(stream, source_name)
            yield from _account(events)
    except (ijson.JSONError, ValueError, UnicodeError) as exc:
        raise _fail_json(source_name, exc) from None


def _account(events: Iterator[Any]) -> Iterator[Record]:
    position = -1
    chat: _Builder | None = None  # the chat object, without its messages
    section = ""
    has_messages = False
    pending_key = False  # saw the map_key "messages" of the chat, not yet its value
    message: _Builder | None = None
    index = 0
    item_prefixes = {f"{s}.list.item": s for s in _SECTIONS}
    for prefix, event, value in events:
        if message is not None:
            if message.feed(event, value):
                yield Record(message.value, index, position, _chat_label(chat and chat.value,
                                                                         position), section)
                index += 1
                message = None
            continue
        if chat is None:
            if prefix in item_prefixes:
                section = item_prefixes[prefix]
                position += 1
                chat, has_messages, index = _Builder(), False, 0
                if chat.feed(event, value):  # a scalar item
                    yield Record(chat.value, 0, position, f"{section} {position}", section,
                                 readable=False)
                    chat = None
            continue
        item = f"{section}.list.item"
        if pending_key:
            pending_key = False
            if event == "start_array" and prefix == f"{item}.messages":
                has_messages = True
                continue
            chat.feed("map_key", "messages")
        if prefix == item and event == "map_key" and value == "messages" and chat.depth == 1:
            pending_key = True
            continue
        if has_messages and prefix == f"{item}.messages" and event == "end_array":
            continue
        if has_messages and prefix == f"{item}.messages.item":
            message = _Builder()
            if message.feed(event, value):
                yield Record(message.value, index, position,
                             _chat_label(chat.value, position), section)
                index += 1
                message = None
            continue
        if chat.feed(event, value):
            if not has_messages:
                yield Record(chat.value, 0, position, f"{section} {position}", section,
                             readable=False)
            chat = None
