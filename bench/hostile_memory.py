"""Peak resident memory of `import` and `export` on each hostile input (issue 14 item 4).

Every step runs the real command line in its own child process; `os.wait4` returns that
child's own peak RSS (ru_maxrss), so one step cannot hide behind another. Side by side, the
baseline run: the same commands on a small ordinary screenshot, in a fresh vault. A row reads
"peak MB of the hostile input, baseline MB, ratio"; the target is at most 500 MB for every one.
Export writes the lawyer dossier (which draws every image) and the bundle (which copies every
original) of the case holding the input.

Usage: python bench/hostile_memory.py [--scale S] [--only NAME,…] [--against PYTHON]
  S (default 1.0) scales the big inputs: 1.0 is the issue's sizes (a 200 MB WhatsApp message,
  an 82 MB Telegram export, a 119 Mpx PNG); 0.1 is a quick run.
  --against runs every step a second time with another interpreter's evidencekit (the version
  before the fix: /work/main/.venv/bin/python on a checkout of it) and takes that as the
  baseline, side by side, instead of the screenshot.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, Row, emit, peak_rss_mb, scratch

from tests.hostile.corpus import BIG_BUILDERS, BUILDERS

TARGET_MB = 500.0
PASSPHRASE = b"hostile memory bench passphrase\n"


def baseline_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1280, 720), "white").save(path)


def inputs(scale: float) -> dict[str, Callable[[Path], None]]:
    big: dict[str, Callable[[Path], None]] = {
        name: functools.partial(build, size=size * scale)
        for name, (build, size) in BIG_BUILDERS.items()}
    return big | BUILDERS


def build_apart(build: Callable[[Path], None], path: Path) -> None:
    """Build an input in a forked child. Linux carries a process's peak RSS over fork and exec
    (ru_maxrss starts at the parent's), so this process must stay small for the figures of the
    commands it starts to be theirs."""
    child = multiprocessing.get_context("fork").Process(target=build, args=(path,))
    child.start()
    child.join()


def run_step(args: list[str], vault: Path, python: str = "") -> tuple[float, float, int]:
    """(peak RSS MB, seconds, exit code) of one command-line run in a fresh child.

    `python`: another interpreter with its own evidencekit installed (an older checkout, for
    the side-by-side run); it runs from /tmp so that this checkout is not imported instead.
    """
    env = {**os.environ, "EVIDENCEKIT_INSECURE_TEST_KDF": "1"}
    if not python:
        env["PYTHONPATH"] = str(ROOT)
    started = time.perf_counter()
    child = subprocess.Popen([python or sys.executable, "-m", "evidencekit", "--vault",
                              str(vault), "--passphrase-stdin", *args], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                             cwd="/tmp" if python else None)
    assert child.stdin is not None
    assert child.stderr is not None
    child.stdin.write(PASSPHRASE * 2)
    child.stdin.close()
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 3):
        print(f"  {args[0]} exited {child.returncode}: {errors.decode(errors='replace')[-300:]}")
    return usage.ru_maxrss / 1024, seconds, child.returncode


def measure(folder: Path, path: Path, python: str = "") -> dict[str, tuple[float, float, int]]:
    vault = folder / ("vault-against" if python else "vault")
    run_step(["init", "--no-recovery-key"], vault, python)
    steps = {"import": ["import", "--case", "c", str(path)],
             "dossier": ["export", "dossier", "--recipient", "lawyer", "--case", "c",
                         "--out", str(folder / "d.pdf")],
             "bundle": ["export", "bundle", "--recipient", "lawyer", "--case", "c",
                        "--no-tsa", "--out", str(folder / "b.zip")]}
    figures = {}
    for step, args in steps.items():
        figures[step] = run_step(args, vault, python)
        if step == "import" and figures[step][2] != 0:
            break  # refused at import: nothing to export
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--against", default="", metavar="PYTHON",
                        help="also run each input with this interpreter's evidencekit (an "
                             "older version) and use it as the baseline")
    options = parser.parse_args()
    rows: list[Row] = []
    with scratch("hostile_memory") as folder:
        base_dir = folder / "baseline"
        base_dir.mkdir()
        build_apart(baseline_png, base_dir / "screenshot.png")
        base = measure(base_dir, base_dir / "screenshot.png")
        for name, build in inputs(options.scale).items():
            if options.only and not any(part in name for part in options.only.split(",")):
                continue
            work = folder / f"in-{len(rows)}"
            work.mkdir()
            path = work / name
            build_apart(build, path)
            size = path.stat().st_size / 2**20
            against = measure(work, path, options.against) if options.against else {}
            for step, (mb, seconds, code) in measure(work, path).items():
                note = "" if code == 0 else " (refused)"
                before = against.get(step, base[step])[0] if options.against else base[step][0]
                rows.append(Row("hostile", f"{name[:24]} {size:.0f}MB {step}{note}", mb, "MB",
                                before, f"<= {TARGET_MB:.0f} MB", mb <= TARGET_MB))
                old = (f"; against: {against[step][0]:.0f} MB, {against[step][1]:.1f} s, exit "
                       f"{against[step][2]}" if step in against else "")
                print(f"  {name} {step}: {mb:.0f} MB, {seconds:.1f} s, exit {code}{old}",
                      flush=True)
            for leftover in work.iterdir():
                if leftover.is_file():
                    leftover.unlink()
    print(f"  (this script's own peak: {peak_rss_mb():.0f} MB, a floor under every figure)")
    emit(rows)


if __name__ == "__main__":
    main()
