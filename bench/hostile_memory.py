"""Peak resident memory of `import` and `export` on each hostile input (issue 14 item 4).

Every step runs the real command line in its own child process; `os.wait4` returns that
child's own peak RSS (ru_maxrss), so one step cannot hide behind another. Side by side, the
baseline run: the same commands on a small ordinary screenshot, in a fresh vault. A row reads
"peak MB of the hostile input, baseline MB, ratio"; the target is at most 500 MB for every one.
Export writes the lawyer dossier (which draws every image) and the bundle (which copies every
original) of the case holding the input.

Usage: python bench/hostile_memory.py [--scale S] [--only NAME]
  S (default 1.0) scales the big inputs: 1.0 is the issue's sizes (a 200 MB WhatsApp message,
  an 82 MB Telegram export, a 119 Mpx PNG); 0.1 is a quick run.
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from common import ROOT, Row, emit, scratch

from tests.hostile.corpus import BUILDERS, HOSTILE_LINES, _png_chunk

TARGET_MB = 500.0
PASSPHRASE = b"hostile memory bench passphrase\n"


def giant_whatsapp_message(path: Path, megabytes: float) -> None:
    """One message of `megabytes` MB: a first line, then continuation lines of random words
    (as a pasted text; random, so the bundle cannot compress it away)."""
    with open(path, "wb") as fh:
        fh.write(b"[12/11/2026 21:05:00] Karim: " + HOSTILE_LINES[0].encode() + b"\n")
        for _ in range(int(megabytes * 16)):  # 64 KiB of lines at a time
            words = base64.b64encode(os.urandom(48 * 1024)).replace(b"+", b" ")
            fh.write(b"\n".join(words[i:i + 120] for i in range(0, len(words), 120)) + b"\n")
        fh.write(b"[12/11/2026 21:06:00] Lina: after the long one\n")


def huge_png(path: Path, megapixels: float) -> None:
    """A genuine PNG of `megapixels` Mpx, written row by row (no big buffer here)."""
    side = int((megapixels * 1e6) ** 0.5)
    packer = zlib.compressobj(6)
    body = bytearray()
    row = bytearray(1 + 3 * side)
    for y in range(side):
        row[1:] = bytes([(y * 7) % 256, 128, 30]) * side  # stripes: compresses, not a bomb
        body += packer.compress(bytes(row))
    body += packer.flush()
    ihdr = side.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
                     + _png_chunk(b"IDAT", bytes(body)) + _png_chunk(b"IEND", b""))


def big_telegram(path: Path, megabytes: float) -> None:
    one = ('{"id": %d, "type": "message", "date": "2026-11-12T21:05:00", '
           '"date_unixtime": "1794513900", "from": "Y", "from_id": "user1", '
           '"text": "je vais te retrouver ce soir, tu verras, personne ne te croira"}')
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"name": "Y", "type": "personal_chat", "id": 1, "messages": [')
        n = int(megabytes * 2**20 / (len(one) + 2))
        fh.write(",\n".join(one % i for i in range(n)))
        fh.write("]}")


def baseline_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1280, 720), "white").save(path)


def inputs(scale: float) -> dict[str, Callable[[Path], None]]:
    big: dict[str, Callable[[Path], None]] = {
        "WhatsApp Chat with Karim.txt": lambda p: giant_whatsapp_message(p, 200 * scale),
        "huge-119mpx.png": lambda p: huge_png(p, 119 * scale),
        "result.json": lambda p: big_telegram(p, 82 * scale),
    }
    return big | {name: builder for name, builder in BUILDERS.items()}


def run_step(args: list[str], vault: Path) -> tuple[float, float, int]:
    """(peak RSS MB, seconds, exit code) of one command-line run in a fresh child."""
    env = {**os.environ, "EVIDENCEKIT_INSECURE_TEST_KDF": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "evidencekit", "--vault", str(vault),
                              "--passphrase-stdin", *args], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stdin is not None and child.stderr is not None
    child.stdin.write(PASSPHRASE * 2)
    child.stdin.close()
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 3):
        print(f"  {args[0]} exited {child.returncode}: {errors.decode(errors='replace')[-300:]}")
    return usage.ru_maxrss / 1024, seconds, child.returncode


def measure(folder: Path, path: Path) -> dict[str, tuple[float, float, int]]:
    vault = folder / "vault"
    run_step(["init", "--no-recovery-key"], vault)
    steps = {"import": ["import", "--case", "c", str(path)],
             "dossier": ["export", "dossier", "--recipient", "lawyer", "--case", "c",
                         "--out", str(folder / "d.pdf")],
             "bundle": ["export", "bundle", "--recipient", "lawyer", "--case", "c",
                        "--no-tsa", "--out", str(folder / "b.zip")]}
    figures = {}
    for step, args in steps.items():
        figures[step] = run_step(args, vault)
        if step == "import" and figures[step][2] != 0:
            break  # refused at import: nothing to export
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    rows: list[Row] = []
    with scratch("hostile_memory") as folder:
        base_dir = folder / "baseline"
        base_dir.mkdir()
        baseline_png(base_dir / "screenshot.png")
        base = measure(base_dir, base_dir / "screenshot.png")
        for name, build in inputs(options.scale).items():
            if options.only and options.only not in name:
                continue
            work = folder / f"in-{len(rows)}"
            work.mkdir()
            path = work / name
            build(path)
            size = path.stat().st_size / 2**20
            for step, (mb, seconds, code) in measure(work, path).items():
                note = "" if code == 0 else " (refused)"
                rows.append(Row("hostile", f"{name[:24]} {size:.0f}MB {step}{note}", mb, "MB",
                                base[step][0], f"<= {TARGET_MB:.0f} MB", mb <= TARGET_MB))
                print(f"  {name} {step}: {mb:.0f} MB, {seconds:.1f} s, exit {code}", flush=True)
            for leftover in work.iterdir():
                if leftover.is_file():
                    leftover.unlink()
    emit(rows)


if __name__ == "__main__":
    main()
