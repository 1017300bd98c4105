"""Peak memory and time of a large sealed original through import, verify and backup.

Each step is the real command line in its own child; `os.wait4` gives that child's own peak RSS.
Side by side, the baseline: the same steps on a 4 MiB file (below the threshold, chunk rows).
The sealing thread holds at most 8 blocks of 1 MiB waiting, so the peak must not grow with the
file (target: within 100 MB of the baseline). Backup reads each sealed file twice since the
review (once to check it decrypts and matches its SHA-256, once to copy it): its seconds show it.

Usage: python bench/sealed_memory.py [--mb 2048]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import hostile_memory
from common import Row, emit, scratch


def write_file(path: Path, size: int) -> None:
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        for n in range(-(-size // len(block))):
            piece = n.to_bytes(8, "big") + block[8:]
            fh.write(piece[: min(len(piece), size - n * len(block))])


def run_step(args: list[str], vault: Path) -> tuple[float, float]:
    """(peak RSS MB, seconds) of one command in a fresh child (hostile_memory's runner)."""
    rss, seconds, code = hostile_memory.run_step(args, vault)
    if code != 0:
        raise SystemExit(f"{args[0]} failed with exit code {code}")
    return rss, seconds


def measure(folder: Path, size: int) -> dict[str, tuple[float, float]]:
    vault = folder / "vault"
    source = folder / "video.mp4"
    write_file(source, size)
    run_step(["init", "--no-recovery-key"], vault)
    figures = {"import": run_step(["import", "--no-ocr", "--case", "c", str(source)], vault)}
    source.unlink()
    figures["verify"] = run_step(["verify"], vault)
    figures["backup"] = run_step(["backup", "--out", str(folder / "copy.ekbackup")], vault)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=2048)
    size = parser.parse_args().mb * 1024 * 1024
    rows = []
    with scratch("sealed_memory") as folder:
        (folder / "base").mkdir()
        (folder / "big").mkdir()
        base = measure(folder / "base", 4 * 1024 * 1024)
        big = measure(folder / "big", size)
        for step, (mb, seconds) in big.items():
            rows.append(Row("sealed", f"{size >> 20} MiB {step} peak", mb, "MB", base[step][0],
                            "<= baseline + 100 MB", mb <= base[step][0] + 100))
            rows.append(Row("sealed", f"{size >> 20} MiB {step} time", seconds, "s",
                            base[step][1]))
    emit(rows)


if __name__ == "__main__":
    main()
