"""Terminal input and output for the command line: passphrases, questions, JSON, errors."""

from __future__ import annotations

import getpass
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
    """Where passphrases come from: the terminal, a file, or standard input — never argv/env."""

    def __init__(self, passphrase_file: str | None, use_stdin: bool) -> None:
        self._lines: list[str] | None = None
        if passphrase_file is not None:
            path = Path(passphrase_file)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise UsageError(_("{path}: the passphrase file could not be read ({reason}).")
                                 .format(path=path, reason=exc.strerror)) from None
            self._lines = _lines(raw)
        elif use_stdin:
            self._lines = _lines(sys.stdin.buffer.read())

    @property
    def interactive(self) -> bool:
        return self._lines is None

    def next(self, prompt: str) -> str:
        if self._lines is None:
            if not _has_tty():
                raise UsageError(_(
                    "No terminal to ask for the passphrase; use --passphrase-file or "
                    "--passphrase-stdin."))
            return getpass.getpass(prompt)
        if not self._lines:
            raise UsageError(_("The passphrase input has fewer lines than this command needs."))
        return self._lines.pop(0)


def _lines(raw: bytes) -> list[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(_("The passphrase input is not valid UTF-8 text.")) from None
    # Only line ends are removed: spaces inside or around a passphrase are part of it.
    return [line.rstrip("\r") for line in text.split("\n")][: text.count("\n") + 1]


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
