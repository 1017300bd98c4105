"""Run every benchmark in bench/ and print one table: figure, baseline, ratio, target, verdict.

Usage: python bench/run_all.py [--quick]   (--quick uses small sizes, for a smoke run)
Writes the table to bench/out/latest.md as well, for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = {
    "import_bench.py": ["1024"],
    "chat_bench.py": ["100000"],
    "telegram_bench.py": ["100000"],
    "crypt15_bench.py": ["100000"],
    "reply_bench.py": ["200000"],
    "reread_bench.py": ["100000"],
    "unlock_bench.py": ["2000"],
    "dossier_bench.py": ["300", "--no-tracemalloc"],
    "scale_bench.py": ["--messages", "100000", "--images", "1000", "--gigabytes", "1"],
    "gui_bench.py": ["100000", "200", "40"],
    "capture_bench.py": ["5"],
    "hostile_memory.py": ["--scale", "1"],
    "export_media_bench.py": ["100000"],
    "verify_pdf_bench.py": ["40"],
    "receive_bench.py": ["1024", "--repeat", "3"],
    "receive_latency_bench.py": ["50"],
}
QUICK = {
    "import_bench.py": ["100"],
    "chat_bench.py": ["10000"],
    "telegram_bench.py": ["5000"],
    "crypt15_bench.py": ["5000"],
    "reply_bench.py": ["5000"],
    "reread_bench.py": ["5000"],
    "unlock_bench.py": ["200"],
    "dossier_bench.py": ["20", "--no-tracemalloc"],
    "scale_bench.py": ["--messages", "5000", "--images", "50", "--gigabytes", "0.1"],
    "gui_bench.py": ["5000", "20", "5"],
    "capture_bench.py": ["1"],
    "hostile_memory.py": ["--scale", "0.05"],
    "export_media_bench.py": ["5000"],
    "receive_bench.py": ["64"],
    "receive_latency_bench.py": ["10"],
}


def machine() -> str:
    cpus = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    return f"{platform.platform()}, Python {platform.python_version()}, {cpus} CPUs, {mem}"


def main() -> int:
    plan = QUICK if "--quick" in sys.argv else FULL
    rows: list[dict[str, object]] = []
    for script, args in plan.items():
        print(f"== {script} {' '.join(args)}", flush=True)
        proc = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE,
                              capture_output=True, text=True, check=False)
        for line in proc.stdout.splitlines():
            if line.startswith("JSON "):
                rows.append(json.loads(line[5:]))
            else:
                print("   " + line)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            rows.append({"bench": script, "figure": "FAILED", "value": 0, "unit": "",
                         "baseline": None, "ratio": None, "target": "", "ok": False})
    lines = [f"Machine: {machine()}", "",
             "| bench | figure | value | baseline | ratio | target | verdict |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        base = f"{r['baseline']:.3f}" if isinstance(r.get("baseline"), (int, float)) else "-"
        ratio = f"{r['ratio']:.2f}x" if isinstance(r.get("ratio"), (int, float)) else "-"
        verdict = {True: "ok", False: "missed", None: ""}[r.get("ok")]  # type: ignore[index]
        lines.append(f"| {r['bench']} | {r['figure']} | {r['value']:.3f} {r['unit']} | {base} | "
                     f"{ratio} | {r['target']} | {verdict} |")
    table = "\n".join(lines)
    print()
    print(table)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
