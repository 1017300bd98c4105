"""The hostile corpus, built on demand: bombs, slips, truncations, bad encodings, huge or deep
inputs, markup and terminal escapes in messages, absurd names, and things that are not files."""

from __future__ import annotations

import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

LONG_NAME = "N" * 10_000
# Text that must reach a dossier literally and never drive a terminal or a PDF layout engine.
HOSTILE_LINES = [
    "<script>alert('x')</script>",
    '<img src="/etc/passwd">',
    "<font size=\"40\" color=\"red\">BIG</font> & <b>bold</b> &amp;",
    "\x1b[31mRED\x1b[0m\x1b]0;owned\x07 and a bell\x07 and \x9b2J",
    "surrogate pairs 😀🔪 𝕳 and RTL \u202eevil\u202c",
    "nul\x00inside and \x08backspace",
]


def _whatsapp_text(sender: str = "Karim") -> str:
    return "".join(f"[12/11/2026 21:0{n}:00] {sender}: {line}\n"
                   for n, line in enumerate(HOSTILE_LINES))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png(path: Path) -> None:
    """A PNG that claims 50,000 × 50,000 pixels in a few hundred bytes."""
    ihdr = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 100_000, 9)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
                     + _png_chunk(b"IEND", b""))


def zip_bomb(path: Path) -> None:
    """A chat export carrying 300 MB of zeros in about 300 KB (ratio 1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", _whatsapp_text())
        with zf.open("00000001-VIDEO.mp4", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(block)


def zip_with(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            zf.writestr(name, data)


def symlink_zip(path: Path) -> None:
    link = zipfile.ZipInfo("passwd-link")
    link.external_attr = (0o120777 << 16)  # a symbolic link entry, as `zip -y` writes
    zip_with(path, [("_chat.txt", _whatsapp_text().encode()), (link, b"/etc/passwd")])


def truncated_zip(path: Path) -> None:
    zip_with(path, [("_chat.txt", _whatsapp_text().encode() * 50)])
    path.write_bytes(path.read_bytes()[:-70])


def truncated_image(path: Path, fmt: str) -> None:
    from PIL import Image

    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(path, format=fmt)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def sms_with_entities(path: Path, internal: str, body: str) -> None:
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE smses [{internal}]>\n<smses count="1">'
                    f'<sms address="+33600000000" date="1731441900000" type="1" body="{body}" />'
                    "</smses>\n", encoding="utf-8")


def telegram(path: Path, messages_json: str) -> None:
    path.write_text('{"name": "Y", "type": "personal_chat", "id": 1, "messages": '
                    + messages_json + "}", encoding="utf-8")


def _message(text: str, sender: str = "Y") -> dict[str, object]:
    return {"id": 1, "type": "message", "date": "2026-11-12T21:05:00",
            "date_unixtime": "1794513900", "from": sender, "text": text}


def burst_chat_zip(path: Path) -> None:
    """Genuine, not hostile, yet it looked like a bomb (issue 14): one message sent 100,000
    times deflates ~350-fold. It must import, and bundles holding it must verify."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", "[12/11/2026 21:05:01] Karim: Tu vas voir\n" * 100_000)


def bomb_in_pieces_zip(path: Path) -> None:
    """Four entries of 40 MB of zeros: each under a per-entry cap, together a bomb."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", _whatsapp_text())
        for n in range(4):
            with zf.open(f"0000000{n}-VIDEO.mp4", "w") as member:
                for _ in range(40):
                    member.write(b"\0" * (1 << 20))


def hostile_chat_zip(path: Path) -> None:
    zip_with(path, [("_chat.txt", _whatsapp_text(sender="M" * 10_000).encode())])


BUILDERS: dict[str, Callable[[Path], None]] = {
    "bomb.zip": zip_bomb,
    "slip.zip": lambda p: zip_with(p, [("../../evil.txt", b"x"), ("/etc/passwd_copy", b"y"),
                                       ("_chat.txt", _whatsapp_text().encode())]),
    "symlink.zip": symlink_zip,
    "truncated.zip": truncated_zip,
    "truncated.png": lambda p: truncated_image(p, "PNG"),
    "truncated.jpg": lambda p: truncated_image(p, "JPEG"),
    "pixel-bomb.png": bomb_png,
    "billion-laughs.xml": lambda p: sms_with_entities(
        p, '<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)),
        "&j;"),
    "xxe.xml": lambda p: sms_with_entities(p, '<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;"),
    "deep.json": lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="ascii"),
    "bigint.json": lambda p: telegram(p, '[{"id": ' + "9" * 5000 + ', "type": "message", '
                                      '"date": "2026-11-12T21:05:00", "text": "x"}]'),
    "nan.json": lambda p: telegram(p, '[{"id": NaN, "type": "message", "date": '
                                   '"2026-11-12T21:05:00", "text": "x", "x": Infinity}]'),
    "lone-surrogate.json": lambda p: telegram(p, json.dumps([_message("half \ud800 pair")])),
    "invalid-utf8.txt": lambda p: p.write_bytes(
        b"[12/11/2026 21:05:00] Karim: caf\xe9 \xff\xfe broken \xc3\x28\n"),
    "utf16-no-bom.txt": lambda p: p.write_bytes(
        "[12/11/2026 21:05:00] Karim: bonjour été\n".encode("utf-16-le")),
    "huge-line.txt": lambda p: p.write_bytes(b"[12/11/2026 21:05:00] Karim: "
                                             + b"A" * (50 * 1024 * 1024) + b"\n"),
    "hostile-chat.zip": hostile_chat_zip,
    "hostile-telegram.json": lambda p: telegram(p, json.dumps(
        [_message(line, sender="S" * 10_000) for line in HOSTILE_LINES], ensure_ascii=False)),
    "empty.txt": lambda p: p.write_bytes(b""),
    "burst-chat.zip": burst_chat_zip,
    "bomb-in-pieces.zip": bomb_in_pieces_zip,
}


def build_corpus(folder: Path) -> list[Path]:
    """Every hostile input under `folder`, plus a FIFO and a folder holding a symlink loop."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, builder in BUILDERS.items():
        path = folder / name
        builder(path)
        paths.append(path)
    fifo = folder / "named-pipe"
    os.mkfifo(fifo)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "self").symlink_to(loop / "self")  # a link to itself
    return paths + [fifo, loop]
