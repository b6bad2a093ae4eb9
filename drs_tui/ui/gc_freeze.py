"""When drs-tui keeps long-lived objects out of CPython's full GC passes: every gc call.

A full collection walks every tracked object. With Textual's own objects, a big listing
or table on screen, that walk stalls a keystroke for 30-100 ms (bench/bench_startup.py,
bench/bench_viewer.py). `gc.freeze()` moves what exists into a generation the collector
no longer walks, so later passes only look at objects made since:

- `freeze_after_start`: the app, once mounted. Everything imported and built so far
  (the modules, Textual's and ours, and the parsed stylesheets) lives as long as the app.
- `settle_after_load`: the result viewer, after a load of `BIG_ROWS` rows or more.
  It collects once (garbage from the previous content goes), then freezes what is left.
- `release`: the viewer, when it closes; its content may now become garbage.
  (`gc.unfreeze()` cannot tell one freeze from another: it releases all of them.)
"""

from __future__ import annotations

import gc

BIG_ROWS = 1_000


def freeze_after_start() -> None:
    gc.freeze()


def settle_after_load() -> None:
    gc.collect()
    gc.freeze()


def release() -> None:
    gc.unfreeze()
