"""Helpers shared by the benchmarks: timing, peak memory, a scratch folder, result rows."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


@dataclass
class Row:
    """One measured figure beside its baseline and the target from design.md."""

    bench: str
    figure: str
    value: float
    unit: str
    baseline: float | None = None  # same-run baseline, same unit
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / float(self.baseline)  # type: ignore[arg-type]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def scratch(name: str) -> Iterator[Path]:
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        if not os.environ.get("EVIDENCEKIT_BENCH_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


def emit(rows: list[Row]) -> None:
    """Print the rows as a table and as JSON lines (run_all.py collects the JSON)."""
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        base = f"{r.baseline:.3f}" if r.baseline is not None else "-"
        verdict = {True: "ok", False: "MISSED", None: ""}[r.ok]
        print(f"{r.bench:<10} {r.figure:<46} {r.value:>10.3f} {r.unit:<5} base {base:>9} "
              f"ratio {ratio:>7}  target {r.target}  {verdict}")
    for r in rows:
        print("JSON " + json.dumps(asdict(r) | {"ratio": r.ratio}, ensure_ascii=False))
