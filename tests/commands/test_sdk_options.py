"""The commands' side of the SDK's API details: jobs --engine-type on the wire, fetch's
help marking what only the SDK knows, and the X-Language following the UI language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.i18n import set_language
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB


@pytest.fixture
def sim_args(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    monkeypatch.setenv("DRS_TUI_TOKEN", DEMO.token)
    yield ["--endpoint", simulator.base_url, "--iam-endpoint", simulator.base_url]
    set_language("en")  # --ui-lang zh sets it for the process


def region_args(sim_args: list[str]) -> list[str]:
    return [*sim_args, "--region", DEMO.region]


def test_jobs_engine_type_is_a_server_side_filter(
    simulator: Simulator, sim_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["jobs", *region_args(sim_args), "--engine-type", "taurus-to-kafka", "--json"]
    assert main(argv) == exit_codes.OK
    listed = [r for r in simulator.seen if r.path.startswith("/v5/") and "/jobs?" in r.path]
    assert parse_qs(urlsplit(listed[-1].path).query)["engine_type"] == ["taurus-to-kafka"]
    out = capsys.readouterr().out
    assert "billing-taurus-to-kafka" in out and "orders-oracle" not in out


def test_fetch_help_marks_what_only_the_sdk_knows(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fetch", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "compare: comparison-key file (SDK only)" in out
    assert "compare_key_detail: comparison-key file with its validation result (SDK only)" in out
    assert "detail: latest uploaded file with its validation result;" in out
    assert "file_export_object_level, SDK only" in out


def fetched_language(simulator: Simulator) -> str:
    fetched = [r for r in simulator.seen if "/template/result" in r.path]
    return fetched[-1].headers["X-Language"]


@pytest.mark.parametrize(
    ("ui", "lang", "sent"),
    [("zh", None, "zh-cn"), ("en", None, "en-us"), ("zh", "en-us", "en-us")],
)
def test_fetch_language_follows_the_ui_unless_chosen(
    simulator: Simulator,
    sim_args: list[str],
    tmp_path: Path,
    ui: str,
    lang: str | None,
    sent: str,
) -> None:
    argv = ["--ui-lang", ui, "fetch", *region_args(sim_args), "--job", ORACLE_JOB]
    argv += ["-o", str(tmp_path), "--json"] + (["--lang", lang] if lang else [])
    assert main(argv) == exit_codes.OK
    assert fetched_language(simulator) == sent
    assert [p.name for p in tmp_path.iterdir()] == [f"{ORACLE_JOB}-detail-{sent}.zip"]
