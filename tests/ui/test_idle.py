"""An app left open on a jump host does no work while nobody types.

A column that wanted to be wider than its max_width once re-laid out the table after
every frame: 30% of a core, forever, with the result viewer open.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.message import Message

from tests.ui.flow_support import settle
from tests.ui.viewer_support import ViewerHost, result_zip


async def test_an_idle_result_viewer_sends_no_messages(tmp_path: Path) -> None:
    seen: list[str] = []
    counting = False

    def hook(message: Message) -> None:
        if counting:
            seen.append(type(message).__name__)

    app = ViewerHost(result_zip(tmp_path))  # its long error reasons exceed max_width at 80
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        counting = True
        await asyncio.sleep(1.0)
        counting = False
    assert len(seen) < 5, seen[:20]
