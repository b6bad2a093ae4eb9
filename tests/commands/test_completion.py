"""`drs-tui completion bash|zsh|fish`: scripts made from the parser; the bash one is
sourced in bash and asked for completions as bash itself asks (COMP_WORDS, COMP_CWORD)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import build_parser, main
from drs_tui.commands.completion import commands
from drs_tui.credentials.profiles import Profile, ProfileFile

ROOT = Path(__file__).resolve().parents[2]
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == exit_codes.OK
    return capsys.readouterr().out


def save_profiles(*names: str) -> None:
    for name in names:
        ProfileFile().save_profile(Profile(name=name, method="token", region="ap-southeast-1"))


def complete_in_bash(script_path: Path, cwd: Path, *words: str) -> list[str]:
    """What the script offers for the command line `words` (the last one being typed).
    `drs-tui` is this checkout's (a shell function), so the profile names come from it."""
    program = f"""
drs-tui() {{ PYTHONPATH={ROOT} {sys.executable} -m drs_tui "$@"; }}
source {script_path}
COMP_WORDS=({" ".join(f"'{w}'" for w in words)})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_drs_tui
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ,
        check=True,
        timeout=60,
    )
    return [line for line in out.stdout.splitlines() if line]


@pytest.fixture
def bash_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "drs-tui.bash"
    path.write_text(script("bash", capsys), encoding="utf-8")
    return path


@needs_bash
def test_the_bash_script_loads_and_registers_the_completion(bash_script: Path) -> None:
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f"source {bash_script} && complete -p drs-tui"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "complete -F _drs_tui drs-tui"
    assert out.stderr == ""


@needs_bash
def test_bash_completes_commands_flags_choices_and_files(bash_script: Path, tmp_path: Path) -> None:
    top = complete_in_bash(bash_script, tmp_path, "drs-tui", "")
    assert {"jobs", "fetch", "ls", "profile", "doctor", "completion"} <= set(top)
    assert complete_in_bash(bash_script, tmp_path, "drs-tui", "pro") == ["profile"]
    assert complete_in_bash(bash_script, tmp_path, "drs-tui", "profile", "re") == ["remove"]
    assert complete_in_bash(bash_script, tmp_path, "drs-tui", "fetch", "--ty") == ["--type"]
    types = complete_in_bash(bash_script, tmp_path, "drs-tui", "fetch", "--type", "")
    assert types == ["detail", "synchronized", "change", "compare", "compare_key_detail"]
    # bash splits --type=d into --type, =, d
    assert complete_in_bash(bash_script, tmp_path, "drs-tui", "fetch", "--type", "=", "d") == [
        "detail"
    ]
    lang = complete_in_bash(
        bash_script, tmp_path, "drs-tui", "fetch", "--type", "change", "--lang", ""
    )
    assert lang == ["en-us", "zh-cn"]
    (tmp_path / "result.zip").touch()
    (tmp_path / "notes.txt").touch()
    (tmp_path / "older").mkdir()
    assert sorted(complete_in_bash(bash_script, tmp_path, "drs-tui", "ls", "")) == [
        "older",
        "result.zip",
    ]
    folders = complete_in_bash(bash_script, tmp_path, "drs-tui", "extract", "r.zip", "-d", "")
    assert folders == ["older"]


@needs_bash
def test_bash_completes_profile_names_from_the_config(bash_script: Path, tmp_path: Path) -> None:
    save_profiles("prod-hk", "staging")
    names = complete_in_bash(bash_script, tmp_path, "drs-tui", "jobs", "--profile", "")
    assert names == ["prod-hk", "staging"]
    assert complete_in_bash(bash_script, tmp_path, "drs-tui", "--profile", "st") == ["staging"]
    shown = complete_in_bash(bash_script, tmp_path, "drs-tui", "profile", "test", "p")
    assert shown == ["prod-hk"]


def test_profile_names_are_printed_without_the_keyring(tmp_path: Path) -> None:
    save_profiles("prod-hk")
    code = (
        "import sys\n"
        "from drs_tui.cli import main\n"
        "main(['completion', '--profiles'])\n"
        "print('keyring' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines() == ["prod-hk", "False"]


def test_a_new_command_or_flag_is_picked_up_from_the_parser() -> None:
    parser = build_parser()
    walked = {c.name for c in commands(parser)}
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) <= walked  # type: ignore[arg-type]
    fetch = next(c for c in commands(parser) if c.name == "fetch")
    before = {flag for option in fetch.options for flag in option.flags}
    assert {"--type", "--lang", "-o", "--profile"} <= before
    fetch_parser = sub.choices["fetch"]  # type: ignore[index]
    fetch_parser.add_argument("--brand-new", choices=("a", "b"))
    fetch = next(c for c in commands(parser) if c.name == "fetch")
    added = next(o for o in fetch.options if o.flags == ("--brand-new",))
    assert added.value is not None and added.value.words == ("a", "b")


def test_without_a_shell_the_command_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion"]) == exit_codes.USAGE
    assert "drs-tui completion bash, zsh or fish" in capsys.readouterr().err


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_zsh_and_fish_scripts_parse(
    shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = script(shell, capsys)
    assert "completion --profiles" in text and "compare_key_detail" in text
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here: its script is checked only for content")
    path = tmp_path / f"drs-tui.{shell}"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _shell_output(shell: str, program: str, cwd: Path) -> list[str]:
    out = subprocess.run(
        [shell, "-f", "-c", program] if shell == "zsh" else [shell, "-c", program],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout.splitlines()


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_offers_commands_types_and_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """zsh's completion system needs a terminal; its builtins are stood in for by
    functions that print what they were given."""
    save_profiles("prod-hk")
    path = tmp_path / "_drs-tui"
    path.write_text(script("zsh", capsys), encoding="utf-8")
    program = f"""
drs-tui() {{ PYTHONPATH={ROOT} {sys.executable} -m drs_tui "$@"; }}
compdef() {{ echo "compdef $*"; }}
source {path}
compadd() {{ [[ "$1" == "--" ]] && shift; echo "$*"; }}
_files() {{ echo "_files $*"; }}
try() {{ words=("$@"); CURRENT=${{#words}}; _drs_tui; }}
try drs-tui ''
try drs-tui fetch --type ''
try drs-tui jobs --profile ''
try drs-tui ls ''
"""
    lines = _shell_output("zsh", program, tmp_path)
    assert lines[0] == "compdef _drs_tui drs-tui"
    assert lines[1].split()[:3] == ["jobs", "fetch", "demo-server"]
    assert lines[2:] == [
        "detail synchronized change compare compare_key_detail",
        "prod-hk",
        "_files -g *.(zip|ZIP)",
    ]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_offers_commands_types_and_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profiles("prod-hk")
    path = tmp_path / "drs-tui.fish"
    path.write_text(script("fish", capsys), encoding="utf-8")
    program = f"""
function drs-tui; env PYTHONPATH={ROOT} {sys.executable} -m drs_tui $argv; end
source {path}
for line in 'drs-tui profile ' 'drs-tui fetch --type ' 'drs-tui jobs --profile '
    complete -C "$line" | string split -f1 \\t | string join ' '
end
true  # string join fails on one word
"""
    assert _shell_output("fish", program, tmp_path) == [
        "add default list path remove show test",
        "change compare compare_key_detail detail synchronized",
        "prod-hk",
    ]
