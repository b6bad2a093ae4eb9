"""F2 switches the app's language for the session, keeps what is on screen, and offers
to remember it; --ui-lang, config.toml and LANG choose the language the app starts in."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet

from drs_tui import cli
from drs_tui.credentials.config_location import config_path, configured_ui_language
from drs_tui.i18n import current_language
from drs_tui.simulator import Simulator
from drs_tui.ui.screens.confirm import ConfirmScreen
from drs_tui.ui.screens.credentials import CredentialsScreen
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar
from tests.ui.flow_support import (
    app_for,
    demo_app,
    save_demo_profile,
    screen_text,
    settle,
    ui_language,
    wait_for,
    wait_for_jobs,
)


def _key_bar(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(KeyBar).render())


def _title(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(TitleBar).render())


async def test_f2_switches_the_job_list_to_chinese_and_back_keeping_the_search(
    simulator: Simulator, tmp_path: Path
) -> None:
    with ui_language("en"):
        app = demo_app(simulator, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            picker = app.screen
            assert isinstance(picker, JobPicker)
            await pilot.press("slash", *"kafka")
            await wait_for(pilot, lambda: picker.listed_search == "kafka", what="search")
            assert "Find" in _key_bar(app) and "DEMO" in _title(app)

            await pilot.press("f2")
            await settle(pilot)
            assert current_language() == "zh"
            assert "查找" in _key_bar(app) and "Find" not in _key_bar(app)
            assert "演示" in _title(app) and "配置项 demo" in _title(app)
            assert picker.query_one("#search", Input).value == "kafka"  # typed input stays
            assert picker.listed_search == "kafka"  # the list was not asked for again
            text = screen_text(app)
            assert "名称" in text and "共" in text  # the table header and the status line
            assert not app.screen_stack[-1].is_modal  # the demo writes no settings: no prompt

            await pilot.press("f2")
            await settle(pilot)
            assert current_language() == "en"
            assert "Find" in _key_bar(app) and "DEMO" in _title(app)
            assert picker.query_one("#search", Input).value == "kafka"


async def test_the_screens_under_the_current_one_follow_the_switch(
    simulator: Simulator, tmp_path: Path
) -> None:
    with ui_language("en"):
        app = demo_app(simulator, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
            await settle(pilot)
            await pilot.press("3", "o")
            form = app.screen
            assert isinstance(form, FetchForm)
            await pilot.press("f2")
            await settle(pilot)
            assert "获取内容" in screen_text(app)  # the form's border title
            assert form.request().type == "change" and form.request().level == "column"
            chosen = form.query_one("#type", RadioSet).pressed_button
            assert chosen is not None and "编辑作业时使用" in str(chosen.label)
            await pilot.press("q")
            await wait_for(pilot, lambda: isinstance(app.screen, JobPicker), what="job list")
            await settle(pilot)
            assert "刷新" in _key_bar(app) and "作业" in screen_text(app)


async def test_f2_offers_to_remember_the_language_in_config_toml(
    simulator: Simulator, tmp_path: Path
) -> None:
    save_demo_profile(simulator)
    with ui_language("en"):
        app = app_for(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            await pilot.press("f2")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="question")
            assert "中文" in screen_text(app)
            await pilot.press("f2")  # a dialog waits for its answer: F2 does nothing there
            assert current_language() == "zh"
            await pilot.press("y")
            await wait_for(pilot, lambda: configured_ui_language() == "zh", what="config")
            await settle(pilot)
            assert isinstance(app.screen, JobPicker)
            text = config_path().read_text(encoding="utf-8")
            assert 'ui_language = "zh"' in text and "[profiles.hk]" in text  # profiles kept

            await pilot.press("f2")  # back to English, and not remembered this time
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="question")
            await pilot.press("n")
            await settle(pilot)
            assert current_language() == "en" and configured_ui_language() == "zh"


async def test_f2_on_the_profiles_screen_keeps_the_highlighted_profile(
    simulator: Simulator, tmp_path: Path
) -> None:
    with ui_language("en"):
        app = demo_app(simulator, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            await pilot.press("c")
            await wait_for(pilot, lambda: "demo-aksk" in screen_text(app), what="profiles")
            await pilot.press("down", "down", "f2")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, CredentialsScreen)
            assert screen._highlighted() == "demo-aksk"
            assert "✓ 内置" in screen_text(app) and "连接测试" in screen_text(app)


@pytest.mark.parametrize(
    ("argv", "environ", "words"),
    [
        (["--ui-lang", "zh", "--demo"], {"LANG": "en_US.UTF-8"}, "查找"),
        (["--demo"], {"LANG": "zh_CN.UTF-8"}, "查找"),
        (["--demo"], {"LANG": "C.UTF-8"}, "Find"),
        (["--demo", "--ui-lang=en"], {"LANG": "zh_CN.UTF-8"}, "Find"),
    ],
)
async def test_the_language_of_the_command_line_reaches_the_app(
    argv: list[str],
    environ: dict[str, str],
    words: str,
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with ui_language("en"):
        assert cli.choose_ui_language(argv) == ["--demo"]  # as main() does before the app
        app = demo_app(simulator, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            assert words in _key_bar(app)


async def test_config_ui_language_reaches_the_app(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('ui_language = "zh"\n', encoding="utf-8")
    with ui_language("en"):
        cli.choose_ui_language(["--demo"])
        app = demo_app(simulator, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            assert "刷新" in _key_bar(app)


async def test_f2_on_the_profile_form_keeps_what_was_typed(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.profile_form import ProfileForm

    save_demo_profile(simulator)
    with ui_language("en"):
        app = app_for(tmp_path)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_for_jobs(pilot)
            await pilot.press("c")
            await wait_for(pilot, lambda: "hk" in screen_text(app), what="profiles")
            await settle(pilot)
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm), what="form")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ProfileForm)
            await pilot.press(*"prod")
            await pilot.press("f2")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="question")
            await pilot.press("n")
            await settle(pilot)
            assert app.screen is form
            assert form.query_one("#name", Input).value == "prod"
            assert form.query_one("#access_key", Input).placeholder == "AK，如 HPUA..."
            text = screen_text(app)
            assert "新建配置项" in text and "访问密钥 ID" in text and "保存" in text
            assert "配置项 hk" in _title(app)


async def test_f2_in_the_viewer_rewords_its_own_lines_and_keeps_the_open_entry(
    tmp_path: Path,
) -> None:
    """`drs-tui open`: the header, the entries' status line and the preview's status are
    lines the viewer writes itself; after F2 they read in the new language too."""
    from textual.widgets import Static

    from drs_tui.ui.screens.result_viewer import ResultViewerScreen
    from drs_tui.ui.viewer_app import ViewerApp
    from tests.ui.viewer_support import result_zip

    with ui_language("en"):
        app = ViewerApp(result_zip(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:

            def line(selector: str) -> str:
                return str(app.screen.query_one(selector, Static).render())

            await wait_for(pilot, lambda: isinstance(app.screen, ResultViewerScreen), what="viewer")
            await wait_for(pilot, lambda: "entries" in line("#entries-status"), what="listing")
            await wait_for(pilot, lambda: "rows" in line("#preview-status"), what="preview")
            viewer = app.screen
            entry = viewer.query_one("#preview-title", Static).render()

            await pilot.press("f2")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="question")
            await pilot.press("n")  # not kept in config.toml
            await wait_for(pilot, lambda: app.screen is viewer, what="viewer again")
            await settle(pilot)
            assert current_language() == "zh"
            assert "个条目" in line("#entries-status")
            assert "行" in line("#preview-status") and "rows" not in line("#preview-status")
            assert "本地文件" in app.sub_title or "local file" not in app.sub_title
            assert str(entry).split(" · ")[0] in line("#preview-title")  # same entry open
            assert configured_ui_language() is None
