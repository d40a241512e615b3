"""Every benchmark in one command, with one table at the end.

Each benchmark runs as its own process (start-up and peak-memory figures must not inherit this
one's) and prints lines ending in ``-> PASS`` or ``-> FAIL``, each with its ratio against a
floor measured in the same run, or its milliseconds against a budget. This runner collects
those lines into a table and exits 1 when any budget is missed.

The machine's load makes single figures noisy: every benchmark alternates app and floor runs
and reports medians; run again when the machine is quieter before trusting a near miss.

Usage: python bench/run_all.py [--quick] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (name, script, arguments, arguments with --quick)
BENCHMARKS: list[tuple[str, str, list[str], list[str]]] = [
    ("startup", "startup.py", [], ["--runs", "3"]),
    ("search", "search.py", [], []),
    ("search_gui", "search_gui.py", [], ["--repeats", "1"]),
    ("gui_ops", "gui_ops.py", [], []),
    ("import_roster", "import_roster.py", [], ["--runs", "3"]),
    ("signin_sheet", "signin_sheet.py", [], ["--runs", "3"]),
    ("summary_report", "summary_report.py", [], ["--runs", "3"]),
    ("invitations", "invitations.py", [], ["--runs", "3"]),
    ("signin_pdf", "signin_pdf.py", [], ["--runs", "3"]),
    ("reimport", "reimport.py", [], ["--runs", "3"]),
    ("import_lock", "import_lock.py", [], ["--rows", "30000"]),
]


def result_lines(output: str) -> list[str]:
    """The verdict lines of one benchmark's output."""
    return [
        line.strip() for line in output.splitlines() if line.rstrip().endswith(("PASS", "FAIL"))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs per benchmark")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (names above)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    table: list[tuple[str, str]] = []
    ok = True
    for name, script, normal, quick in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        path = ROOT / "bench" / script
        if not path.exists():
            table.append((name, "missing: bench/" + script + " -> FAIL"))
            ok = False
            continue
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        process = subprocess.run(
            [sys.executable, str(path), *(quick if args.quick else normal)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        sys.stdout.write(process.stdout)
        lines = result_lines(process.stdout)
        if not lines:
            tail = (process.stderr.strip().splitlines() or ["no output"])[-1]
            lines = [f"did not report (exit {process.returncode}): {tail} -> FAIL"]
        ok &= process.returncode == 0 and all(line.endswith("PASS") for line in lines)
        table.extend((name, line) for line in lines)
        print(f"   ({seconds:.0f} s)", flush=True)
    width = max((len(name) for name, _ in table), default=0)
    print("\n" + "=" * 100)
    for name, line in table:
        print(f"{name:<{width}}  {line}")
    print("=" * 100)
    failed = [line for _, line in table if line.endswith("FAIL")]
    print(f"{len(table) - len(failed)} of {len(table)} within budget")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
