"""What the app-against-floor benchmarks share: one timing and one verdict line.

``bench/run_all.py`` reads the verdict lines (they end in ``-> PASS`` or ``-> FAIL``), so every
benchmark prints them the same way.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes, with the garbage collector held off as timeit does.

    A collection landing inside one run and not the other (they allocate differently) moved
    single results by 70 ms, more than the difference being measured.
    """
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start
    finally:
        gc.enable()


def verdict(label: str, app_times: list[float], floor_times: list[float], budget: float) -> int:
    """Print the medians, their ratio and PASS/FAIL against ``budget``; the exit code (0 passes)."""
    app, floor = statistics.median(app_times), statistics.median(floor_times)
    ratio = app / floor
    passed = ratio <= budget
    print(
        f"{label}: app {app * 1000:.0f} ms / floor {floor * 1000:.0f} ms = {ratio:.2f}x "
        f"(budget {budget}x) -> {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1
