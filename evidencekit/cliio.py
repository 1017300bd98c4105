"""Terminal input and output for the command line: passphrases, questions, JSON, errors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

_CONTROL = {c: None for c in range(0x20) if c not in (0x09, 0x0A)} | {0x7F: None} | {
    c: None for c in range(0x80, 0xA0)}


# Characters that make text read differently from what it is, shown as visible escapes: the
# bidi embeddings, overrides and isolates (a file named "photo\u202egnp.exe" reads as
# "photoexe.png") and the invisible zero-width characters and BOM. The plain direction marks
# (U+200E, U+200F) stay: the Arabic messages use them, and they cannot reverse a run.
_SPOOFING = {c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}


def clean(text: object) -> str:
    """Strip control characters from untrusted text before it reaches a terminal (escape
    sequences in a chat export must not drive the user's terminal)."""
    return str(text).translate(_CONTROL)


def one_line(text: object) -> str:
    """A line that names files, shown as `ls` shows names: a line break as \\n (a file name
    cannot print a second, made-up line such as "error: …"), and the characters that
    disguise a name as escapes. Not for message text, where a zero-width joiner is part of
    an emoji and belongs on screen."""
    return str(text).replace("\r", "\\r").replace("\n", "\\n").translate(_SPOOFING)


def out(text: str = "") -> None:
    print(clean(text), file=sys.stdout)


def warn(text: str) -> None:
    print(clean(text), file=sys.stderr)


def error_line(text: str) -> None:
    """One line on stderr starting with `error:` (the command-line contract). It often names a
    file from elsewhere (a bundle's entry, an import): characters that disguise it are escaped."""
    line = " ".join(clean(text).split("\n")).translate(_SPOOFING)
    print(f"error: {line}", file=sys.stderr)


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


class SecretSource:
    """Where passphrases come from: the terminal, a file, or standard input — never argv/env.

    The lines are kept as bytearrays and zeroed once handed out or when the command ends, and
    `next_secret` reads the terminal straight into a bytearray: a passphrase that never becomes
    a `str` can be wiped (docs/SECURITY.md, "Secrets in memory").
    """

    def __init__(self, passphrase_file: str | None, use_stdin: bool) -> None:
        self._lines: list[bytearray] | None = None
        if passphrase_file is not None:
            path = Path(passphrase_file)
            try:
                with open(path, "rb") as fh:
                    raw = _read_all(fh.fileno())
            except OSError as exc:
                raise UsageError(_("{path}: the passphrase file could not be read ({reason}).")
                                 .format(path=path, reason=exc.strerror)) from None
            self._lines = _lines(raw)
        elif use_stdin:
            self._lines = _lines(_read_all(sys.stdin.fileno()))

    @property
    def interactive(self) -> bool:
        return self._lines is None

    def next(self, prompt: str) -> str:
        """The next passphrase as text, for what needs text (rating a new passphrase)."""
        secret = self.next_secret(prompt)
        try:
            return secret.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(_("The passphrase input is not valid UTF-8 text.")) from None
        finally:
            secret[:] = bytes(len(secret))

    def next_secret(self, prompt: str) -> bytearray:
        """The next passphrase as UTF-8 bytes in a bytearray the caller zeroes."""
        if self._lines is None:
            if not _has_tty():
                raise UsageError(_(
                    "No terminal to ask for the passphrase; use --passphrase-file or "
                    "--passphrase-stdin."))
            return read_terminal_secret(prompt)
        if not self._lines:
            raise UsageError(_("The passphrase input has fewer lines than this command needs."))
        return self._lines.pop(0)


class _SecretBuffer:
    """A growing bytearray that zeroes every buffer it leaves behind.

    `bytearray +=` reallocates as it grows, and the old block is freed with the bytes still in
    it: a passphrase read that way leaves copies nobody can wipe.
    """

    def __init__(self) -> None:
        self.data = bytearray(256)
        self.size = 0

    def room(self) -> memoryview:
        if self.size == len(self.data):
            bigger = bytearray(2 * len(self.data))
            bigger[: self.size] = self.data
            self.data[:] = bytes(len(self.data))
            self.data = bigger
        return memoryview(self.data)[self.size :]

    def take(self) -> bytearray:
        """The bytes read, in a bytearray of their exact size; the work buffer is zeroed."""
        out = bytearray(self.size)
        out[:] = memoryview(self.data)[: self.size]
        self.data[:] = bytes(len(self.data))
        return out


def _read_all(fd: int) -> bytearray:
    """A whole file read straight into a wipeable buffer (no immutable copy of its bytes)."""
    buffer = _SecretBuffer()
    while True:
        with buffer.room() as room:
            count = os.readv(fd, [room])
        if count == 0:
            return buffer.take()
        buffer.size += count


def _lines(raw: bytearray) -> list[bytearray]:
    # Only line ends are removed: spaces inside or around a passphrase are part of it.
    lines = []
    for line in raw.split(b"\n")[: raw.count(b"\n") + 1]:
        if line.endswith(b"\r"):
            line[-1:] = b""
        lines.append(line)
    raw[:] = bytes(len(raw))
    return lines


def read_terminal_secret(prompt: str) -> bytearray:
    """Read a line from the terminal without echo, into a bytearray (getpass returns a str)."""
    import termios

    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        fd = os.dup(sys.stdin.fileno())
    try:
        old = termios.tcgetattr(fd)
        new = termios.tcgetattr(fd)
        new[3] &= ~termios.ECHO
        # Echo off before the prompt shows: what is typed once it is seen must not be flushed.
        termios.tcsetattr(fd, termios.TCSAFLUSH, new)
        os.write(fd, prompt.encode("utf-8", "replace"))
        try:
            buffer = _SecretBuffer()
            while True:  # one byte at a time: nothing after the line end is consumed
                with buffer.room() as room:
                    if os.readv(fd, [room[:1]]) != 1 or room[0] == 0x0A:
                        room[0] = 0
                        break
                buffer.size += 1
            secret = buffer.take()
        finally:
            termios.tcsetattr(fd, termios.TCSAFLUSH, old)
            os.write(fd, b"\n")
        if secret.endswith(b"\r"):
            secret[-1:] = b""
        return secret
    finally:
        os.close(fd)


def _has_tty() -> bool:
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        return sys.stdin.isatty()
    os.close(fd)
    return True


def ask_yes_no(question: str, default: bool, stream: TextIO | None = None) -> bool:
    if not sys.stdin.isatty():
        return default
    suffix = " [Y/n] " if default else " [y/N] "
    answer = input(question + suffix).strip().lower()
    if not answer:
        return default
    return answer[0] in ("y", "o", "ن")  # yes / oui / نعم
