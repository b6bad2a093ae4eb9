"""Only drs_tui.ui imports Textual: the rest loads and runs without it (harlequin's rule)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_PACKAGES = (
    "drs_tui.api",
    "drs_tui.api.client",
    "drs_tui.result",
    "drs_tui.credentials",
    "drs_tui.simulator",
    "drs_tui.cli",
    "drs_tui.ui",  # the package itself is light; screens import Textual on demand
    "drs_tui.ui.origin",
)


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {modules!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(getattr(module, '__path__', []), name + '.'):\n"
        "        if not info.name.startswith('drs_tui.ui'):\n"
        "            importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    return set(_words_printed_by(code))


def _words_printed_by(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return out.stdout.split()


@pytest.mark.parametrize("package", HEADLESS_PACKAGES)
def test_package_loads_without_textual(package: str) -> None:
    loaded = _loaded_after_import([package])
    assert "textual" not in loaded, f"{package} pulled in Textual"
    assert package in loaded


def test_every_non_ui_module_loads_without_textual() -> None:
    top = [
        f"drs_tui.{name}"
        for name in ("api", "result", "credentials", "simulator", "commands", "cli", "errors")
    ]
    loaded = _loaded_after_import(top)
    assert "textual" not in loaded


def test_cli_help_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from drs_tui.cli import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_demo_draws_its_first_screen_before_the_heavy_imports() -> None:
    """What `drs-tui --demo` imports before its first frame (bench_startup times it):
    the HTTP client, the API models, the simulator's server and the other command
    modules come after the first paint, when the job list is asked for."""
    code = (
        "import asyncio, sys\n"
        "from drs_tui.cli import app_arguments\n"
        "app_arguments(['--demo'])\n"
        "from drs_tui.simulator.listener import DemoListener\n"
        "from drs_tui.ui.app import DrsApp\n"
        "from drs_tui.ui.screens.job_table import JobTable\n"
        "seen = []\n"
        "async def main():\n"
        "    with DemoListener() as listener:\n"
        "        app = DrsApp(demo_server=listener)\n"
        "        def hook(message):\n"
        "            if isinstance(message, JobTable.Painted) and not seen:\n"
        "                seen.append(type(app.screen).__name__)\n"
        "                seen.extend(sorted(sys.modules))\n"
        "        async with app.run_test(message_hook=hook) as pilot:\n"
        "            for _ in range(1000):\n"
        "                if seen:\n"
        "                    break\n"
        "                await pilot.pause(0.01)\n"
        "asyncio.run(main())\n"
        "print('\\n'.join(seen))\n"
    )
    first, *loaded = _words_printed_by(code)
    assert first == "JobPicker"  # the first frame Textual draws is the job list
    heavy = {
        "httpx",
        "keyring",
        "drs_tui.api.client",
        "drs_tui.api.models",
        "drs_tui.simulator.server",
        "drs_tui.commands.jobs",
        "drs_tui.result.zip.archive",
        "drs_tui.ui.screens.error_view",
    }
    assert heavy.isdisjoint(loaded), heavy & set(loaded)
