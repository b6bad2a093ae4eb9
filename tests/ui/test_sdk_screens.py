"""The screens' side of the SDK's API details: DrsRegion's regions with the template API's
mark, the engine filter asked of the server, the fetch form's SDK-only marks and the import
progress of the chosen level, and the fetch language following the UI language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, RadioSet

from drs_tui.connection.endpoints import TEMPLATE_API_REGIONS
from drs_tui.i18n import set_language
from drs_tui.simulator import Simulator
from drs_tui.ui.app import DrsApp
from drs_tui.ui.remembered import Remembered
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.region_picker import TEMPLATE_API_MARK, RegionPicker
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for, wait_for_jobs
from tests.ui.test_job_picker import choose, list_queries, table


@pytest.fixture
def chinese_ui() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def progress_queries(sim: Simulator) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(s.path).query) for s in sim.seen if "/template/progress" in s.path]


async def open_form(pilot: Pilot[Any]) -> FetchForm:
    app = pilot.app
    await wait_for_jobs(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, FetchForm)
    return form


async def test_the_region_picker_offers_drsregions_34_regions_marked(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_jobs(pilot)
        app.action_pick_region()
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker), what="regions")
        options = app.screen.query_one(OptionList)
        labels = {
            str(options.get_option_at_index(i).id): str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        }
        assert len(labels) == 34
        marked = {code for code, label in labels.items() if TEMPLATE_API_MARK in label}
        assert marked == TEMPLATE_API_REGIONS == {"cn-south-2", "cn-south-4"}
        assert labels["ap-southeast-1"].startswith("●")  # the session's region
        text = screen_text(app)
        assert f"{TEMPLATE_API_MARK} Huawei's docs list the import-template API" in text
        assert "Enter uses the region" in text  # the explanation fits at 80x24


async def test_the_engine_filter_is_asked_of_the_server(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await choose(pilot, "e", "MySQL→Kafka")
        await wait_for(pilot, lambda: list_queries(simulator)[-1].get("engine_type") is not None)
        assert list_queries(simulator)[-1]["engine_type"] == ["mysql-to-kafka"]
        await wait_for(pilot, lambda: bool(table(app).jobs))
        await wait_for(
            pilot, lambda: {j.engine_type for j in table(app).jobs} == {"mysql-to-kafka"}
        )
        await choose(pilot, "e", "any engine")
        await wait_for(pilot, lambda: "engine_type" not in list_queries(simulator)[-1])


async def test_the_form_marks_sdk_only_types_and_shows_the_chosen_levels_progress(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await wait_for(pilot, lambda: "9 rows parsed" in screen_text(app), what="progress")
        text = screen_text(app)
        assert "comparison-key file ◇" in text
        assert "validation result ◇" in text and "latest uploaded file with its validation" in text
        assert "◇ only in Huawei's SDK" in text
        assert "Import (table level)" in text
        await pilot.press("o")
        await wait_for(pilot, lambda: "27 rows parsed" in screen_text(app), what="column")
        assert "Import (column level)" in screen_text(app)
        assert progress_queries(simulator)[-1] == {"type": ["column"]}


async def test_the_fetch_language_follows_a_chinese_ui(
    simulator: Simulator, tmp_path: Path, chinese_ui: None
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert form.request().language == "zh-cn"
        pressed = form.query_one("#language", RadioSet).pressed_button
        assert pressed is not None and pressed.name == "zh-cn"


async def test_a_language_chosen_in_the_form_wins_the_next_time(
    simulator: Simulator, tmp_path: Path, chinese_ui: None
) -> None:
    remembered = Remembered(tmp_path / "state.json")

    async def fetch_once(toggle: bool) -> str:
        app: DrsApp = demo_app(simulator, tmp_path, remembered=remembered)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_form(pilot)
            language = form.request().language
            if toggle:
                await pilot.press("l")
            await pilot.press("f")
            await wait_for(pilot, lambda: not isinstance(app.screen, FetchForm), what="fetch")
            await settle(pilot)
            return language

    assert await fetch_once(toggle=False) == "zh-cn"
    saved = remembered.fetch_choice("demo")
    assert saved is not None and saved.language == ""  # the default: keeps following the UI
    assert await fetch_once(toggle=True) == "zh-cn"
    saved = remembered.fetch_choice("demo")
    assert saved is not None and saved.language == "en-us"  # chosen: remembered as such
    assert await fetch_once(toggle=False) == "en-us"  # the choice wins over the Chinese UI
