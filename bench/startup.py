"""Start-up benchmark: ``openday --smoke-test`` against a bare three-tab window, same run.

Both are timed from launch to the first paint of the first tab's rows (the smoke test and the
floor write that moment to ``OPENDAY_FIRST_PAINT_FILE``). Budgets: at most 1.5x the floor on
the demo database, at most 2x on the district database (100,000 people, 50 events, about
200,000 invitations, 20,000 suggestions), peak memory at most 200 MB there. Runs alternate app and floor so machine noise hits both.

Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak resident memory in MB of one run of ``cmd``."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # Compiled bytecode must be cached, as in any installed copy; otherwise every run
    # recompiles the app's sources and the comparison with the floor is unfair.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Timed to the first paint of the first tab's rows (written by the smoke test and the
    # floor), not to the process exit: what happens after the paint is not start-up.
    stamp = Path(tempfile.gettempdir()) / f"openday-first-paint-{os.getpid()}.txt"
    stamp.unlink(missing_ok=True)
    env["OPENDAY_FIRST_PAINT_FILE"] = str(stamp)
    # A settings folder of its own: a tab or window size remembered from someone's use of the
    # app on this machine (e.g. 概览 left open) would change what start-up has to build.
    env["XDG_CONFIG_HOME"] = str(Path(tempfile.gettempdir()) / "openday-bench-config")
    start = time.time()
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or not stamp.exists():
        raise SystemExit(f"{' '.join(cmd)} exited {process.returncode} without a first paint")
    elapsed = float(stamp.read_text(encoding="utf-8")) - start
    stamp.unlink()
    return elapsed, usage.ru_maxrss / 1024


def measure(db: Path, runs: int) -> tuple[float, float, float]:
    """Median app time, median floor time, and the app's peak memory (MB)."""
    app_cmd = [sys.executable, "-m", "openday_desktop.app", "--db", str(db), "--smoke-test"]
    floor_cmd = [sys.executable, str(ROOT / "bench" / "floor_window.py")]
    _timed(app_cmd)  # warm the file cache (and take today's backup) before measuring
    _timed(floor_cmd)
    app_times, floor_times, peaks = [], [], []
    for _ in range(runs):
        elapsed, peak = _timed(app_cmd)
        app_times.append(elapsed)
        peaks.append(peak)
        floor_times.append(_timed(floor_cmd)[0])
    return statistics.median(app_times), statistics.median(floor_times), max(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.db"
        subprocess.run(
            [sys.executable, "-m", "openday_desktop.cli", "--db", str(demo), "demo"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Made in a child process: a forked child inherits the parent's peak memory figure,
        # so the parent must stay small for the memory reading to be the app's own.
        big = Path(folder) / "big.db"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_big_db.py"), str(big)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for label, db, budget, memory_budget in (
            ("demo database", demo, 1.5, None),
            ("district database", big, 2.0, 200.0),
        ):
            app, floor, peak = measure(db, args.runs)
            ratio = app / floor
            passed = ratio <= budget and (memory_budget is None or peak <= memory_budget)
            ok &= passed
            memory = (
                f", peak {peak:.0f} MB (budget {memory_budget:.0f} MB)"
                if memory_budget
                else f", peak {peak:.0f} MB"
            )
            print(
                f"start-up, {label}: app {app * 1000:.0f} ms / floor {floor * 1000:.0f} ms = "
                f"{ratio:.2f}x (budget {budget}x){memory} -> {'PASS' if passed else 'FAIL'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
