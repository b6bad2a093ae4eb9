"""Shared by bench_startup.py and bench_viewer.py: per-keystroke timing and peak memory.

A keystroke is timed from sending the key to the driver until every widget has handled
its messages and the screen is composed; `pilot.press` is not used because it waits for
the CPU to go idle, which adds tens of milliseconds to any app, the floor included.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from textual import events

KEYS = ("down", "pagedown", "up", "end", "home")


async def time_keys(app: Any, pilot: Any, keys: int) -> tuple[list[float], list[str]]:
    """`keys` presses of down/pagedown/up and a tenth as many of end/home."""
    driver = app._driver
    assert driver is not None
    times: list[float] = []
    labels: list[str] = []
    for key in KEYS:
        for _ in range(keys if key in ("down", "pagedown", "up") else max(keys // 10, 1)):
            t0 = time.perf_counter()
            driver.send_message(events.Key(key, None))
            await pilot._wait_for_screen()  # every widget has handled its messages
            app.screen._compositor.render_strips()
            times.append(time.perf_counter() - t0)
            labels.append(key)
            await pilot.pause()  # follow-up work (workers) runs untimed
    return times, labels


TABLE_HEADER = (
    f"{'case':<34}{'first rows':>11}{'key p50':>9}{'key p95':>9}{'key max':>9}{'peak MB':>9}"
)


def table_row(label: str, result: dict[str, Any], note: str) -> str:
    """One case under TABLE_HEADER: first rows, key p50/p95/max, peak memory, a note."""
    keys = sorted(result["keys_s"])
    p95 = keys[min(len(keys) - 1, int(len(keys) * 0.95))]
    return (
        f"{label:<34}{result['first_s']:>10.3f}s"
        f"{statistics.median(keys) * 1000:>7.1f}ms{p95 * 1000:>7.1f}ms{keys[-1] * 1000:>7.1f}ms"
        f"{result['peak_mb']:>9.0f}  {note}"
    )


def slowest(times: list[float], labels: list[str], count: int = 3) -> str:
    worst = sorted(zip(times, labels, strict=True), reverse=True)[:count]
    return ", ".join(f"{key} {t * 1000:.0f}ms" for t, key in worst)


def peak_mb() -> float:
    """Peak RSS of this process (VmHWM), imports included."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
