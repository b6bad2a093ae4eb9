"""`drs-tui completion bash|zsh|fish`: a shell completion script, made from the parser.

The script is generated from `build_parser()` each time, so a new command, flag or choice
is completed as soon as the script is generated again: commands and subcommands, flags,
the `choices` of a flag (`--type`, `--lang`), ZIP files, folders, and profile names. The
names are read when Tab is pressed, by `drs-tui completion --profiles`, which reads
config.toml only (never the keyring) and prints one name a line.

What a value is, is read from the parser: `choices`; `--profile` and the NAME of the
`profile` subcommands; a `Path` argument or a PATH metavar (a ZIP when its metavar or
help says so); a DIR metavar. Anything else gets no suggestion.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drs_tui import exit_codes
from drs_tui.errors import UsageError
from drs_tui.i18n import _

SHELLS = ("bash", "zsh", "fish")


@dataclass(frozen=True)
class Value:
    """What a flag's or a positional's value is: "choices" (with `words`), "zip", "file",
    "dir", "profile", or "any" (nothing to suggest)."""

    kind: str
    words: tuple[str, ...] = ()

    def spec(self) -> str:
        """As the scripts' tables hold it: the kind, then the choices."""
        return " ".join((self.kind, *self.words))


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    value: Value | None  # None: a flag that takes no value


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]  # () for drs-tui itself, ("profile", "add")
    subcommands: tuple[tuple[str, str], ...]  # (name, help)
    options: tuple[Option, ...]
    positionals: tuple[Value, ...]
    repeats: bool  # the last positional takes any number of words

    @property
    def name(self) -> str:
        return " ".join(self.path)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "completion",
        help=_("print a shell completion script (bash, zsh or fish)"),
        description=_(
            "Print the completion script for SHELL; README says where to put it. "
            "Generate it again after an upgrade to complete new commands and flags."
        ),
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, help=_("the shell to complete in"))
    parser.add_argument("--profiles", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.profiles:
        print_profile_names()
        return exit_codes.OK
    if args.shell is None:
        raise UsageError(
            _("Name the shell: drs-tui completion bash, zsh or fish."),
            hint=_("README's Shell completion section says where to put the script."),
        )
    from drs_tui.cli import build_parser
    from drs_tui.commands.completion_scripts import render

    print(render(args.shell, commands(build_parser())), end="")
    return exit_codes.OK


def print_profile_names() -> None:
    """For the scripts, at each Tab: config.toml's profile names, one a line (names that
    are not valid profile names are left out: they could hold anything)."""
    from drs_tui.credentials.config_location import configured_profile_names
    from drs_tui.credentials.validation import validate_name
    from drs_tui.errors import UsageError

    for name in configured_profile_names():
        try:
            print(validate_name(name))
        except UsageError:
            continue


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[Command]:
    """`parser` and every subcommand below it, in the order of `--help`."""
    found: list[Command] = []
    subcommands: list[tuple[str, str]] = []
    options: list[Option] = []
    positionals: list[Value] = []
    repeats = False
    below: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if name in helps:  # aliases and hidden commands have no help entry
                    subcommands.append((name, _first_line(helps[name])))
                    below.append((name, sub))
        elif action.option_strings:
            takes = action.nargs != 0
            value = _value_of(action, path) if takes else None
            options.append(Option(tuple(action.option_strings), _first_line(action.help), value))
        else:
            positionals.append(_value_of(action, path))
            repeats = action.nargs in ("*", "+", argparse.REMAINDER)
    found.append(Command(path, tuple(subcommands), tuple(options), tuple(positionals), repeats))
    for name, sub in below:
        found += commands(sub, (*path, name))
    return found


def _value_of(action: argparse.Action, path: tuple[str, ...]) -> Value:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if action.choices is not None:
        return Value("choices", tuple(str(choice) for choice in action.choices))
    if action.dest == "profile" or (path[:1] == ("profile",) and action.dest == "name"):
        return Value("profile")
    if metavar == "DIR":
        return Value("dir")
    if action.type is Path or metavar == "PATH":
        said = f"{metavar} {action.help or ''}".lower()
        return Value("zip" if "zip" in said else "file")
    return Value("any")


def _first_line(text: str | None) -> str:
    """A flag's help, short enough for a menu of suggestions."""
    words = " ".join((text or "").split()).replace("%%", "%")
    first = words.split("; ")[0]
    return first if len(first) <= 70 else first[:69] + "…"
