"""Keep big, long-lived data out of CPython's full GC passes while it is on screen.

A full collection walks every tracked object; with a large listing or table on screen
(and Textual's own caches) that walk stalls a keystroke for 50-100 ms. After such a
load the viewer collects once (garbage from the previous content goes) and freezes what
is left, so later passes only look at objects made since; closing the viewer unfreezes.
"""

from __future__ import annotations

import gc

BIG_ROWS = 1_000


def settle_after_load() -> None:
    gc.collect()
    gc.freeze()


def release() -> None:
    gc.unfreeze()
