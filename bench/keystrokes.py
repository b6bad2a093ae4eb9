"""Shared by bench_startup.py and bench_viewer.py: per-keystroke timing and peak memory.

A keystroke is timed from sending the key to the driver until every widget has handled
its messages and the screen is composed; `pilot.press` is not used because it waits for
the CPU to go idle, which adds tens of milliseconds to any app, the floor included.
"""

from __future__ import annotations

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
