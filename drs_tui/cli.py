"""Entry point: `drs-tui` starts the app; `drs-tui COMMAND` runs a scriptable command.

The parser is assembled from `drs_tui.commands`, one module per command group, so this
file stays thin. Heavy modules (Textual, httpx) are imported only by the command that runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn

from drs_tui import __version__, exit_codes
from drs_tui.commands.output import (
    cell_width,
    error_json,
    print_error,
    print_json,
    report_failure,
    wrap_cells,
)
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.i18n import LANGUAGES, N_, _, choose_language, ngettext, set_language

__all__ = ["build_parser", "main", "print_error"]

# Modules under drs_tui.commands that define `register(subparsers)`.
# Which module registers each command: `drs-tui ls …` builds the parser of `ls` alone
# (about 20 ms of the 27 a whole parser takes, and `ls` is measured against `unzip -l`).
# tests/test_cli.py checks this table against the whole parser.
COMMAND_OWNERS = {
    "jobs": "jobs",
    "fetch": "fetch",
    "demo-server": "demo_server",
    "ls": "archive",
    "show": "archive",
    "extract": "archive",
    "profile": "profile",
    "doctor": "doctor",
    "report": "report",
    "open": "open",
    "completion": "completion",
    "diff": "diff",
}
# Each module once, in the order `drs-tui --help` lists their commands.
COMMAND_MODULES = tuple(dict.fromkeys(COMMAND_OWNERS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with `command` (a key of COMMAND_OWNERS), one
    that knows that command alone, for a command line that starts with it."""
    route_argparse_messages()
    parser = _Parser(
        prog="drs-tui",
        description=_("Fetch and inspect Huawei Cloud DRS object-import-template results."),
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"drs-tui {__version__}",
        help=_("show program's version number and exit"),
    )
    # Read (and removed) by choose_ui_language before parsing; here for --help.
    parser.add_argument(
        UI_LANG_FLAG,
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the app and its messages (config ui_language, then LANG)"),
    )
    # Read (and removed) by main before parsing, wherever it stands; here for --help.
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_(
            "log each request and the app's decisions, without secrets, to a file in the "
            "state folder (also DRS_TUI_DEBUG=1); its path is printed at exit"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    owners = (COMMAND_OWNERS[command],) if command in COMMAND_OWNERS else COMMAND_MODULES
    for name in owners:
        importlib.import_module(f"drs_tui.commands.{name}").register(sub)
    app_module = importlib.import_module("drs_tui.commands.app")
    app_module.add_app_arguments(parser)
    _share_global_flags(parser)
    return parser


def _global_flags(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The flags `drs-tui --help` shows before COMMAND (the app's connection flags)."""
    return {
        action.dest: action
        for action in parser._actions
        if action.option_strings and action.dest not in ("help", "version")
    }


def _subparsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                yield sub
                yield from _subparsers(sub)


def _share_global_flags(parser: argparse.ArgumentParser) -> None:
    """`drs-tui --demo jobs` works as `drs-tui jobs --demo` does.

    argparse lets a subcommand's defaults overwrite what was parsed before it, so a global
    flag before the command was silently dropped whenever the command takes the same flag.
    A command's copy of a global flag now sets it only when given (after the command, it
    wins); its default is the global one.
    """
    shared = _global_flags(parser)
    for sub in _subparsers(parser):
        for action in sub._actions:
            if action.dest in shared and action.option_strings:
                action.default = argparse.SUPPRESS


def _leaf(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, Any]:
    """The command line words of the (sub)command that runs, and its parser."""
    words: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen is not None:
                words.append(chosen)
                rest, leaf = _leaf(action.choices[chosen], args)
                return " ".join([*words, rest]).strip(), leaf
    return "", parser


def check_global_flags(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A global flag that the chosen command does not use is refused, never ignored."""
    command, leaf = _leaf(parser, args)
    if not command:
        return  # the app takes every one of them
    taken = {action.dest for action in leaf._actions}
    for dest, action in _global_flags(parser).items():
        if dest in taken or getattr(args, dest, action.default) == action.default:
            continue
        flag = action.option_strings[-1]
        raise UsageError(
            _("{flag} does nothing for `drs-tui {command}`.").format(flag=flag, command=command),
            hint=_("Leave it out; `drs-tui {command} --help` lists what it takes.").format(
                command=command
            ),
        )


def app_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The app's flags when `argv` holds nothing else, else None.

    `drs-tui` and `drs-tui --demo` are how people start the app: they are parsed without
    importing every command module (about 20 ms of a start that should feel instant).
    Anything else (a command, --help, --version, a bad flag) goes to the full parser,
    which also owns every error message.
    """
    parser = _RaisingParser(prog="drs-tui", add_help=False, allow_abbrev=False)
    importlib.import_module("drs_tui.commands.app").add_app_arguments(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


class _RaisingParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors `main` reports (as JSON too, for --json)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)  # subcommands' parsers too
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _ArgumentsError(self, message)


class _ArgumentsError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


UI_LANG_FLAG = "--ui-lang"


def choose_ui_language(argv: Sequence[str]) -> list[str]:
    """Set the UI language and return `argv` without `--ui-lang X`.

    The language must be known before any parser is built (its help texts are
    translated), so the flag is taken out first, wherever it stands before `--`: the app
    and every command take it. A value we have no catalog for is left for argparse to
    refuse, with the list of choices.
    """
    words = list(argv)
    flag: str | None = None
    end = words.index("--") if "--" in words else len(words)
    index = 0
    while index < end:
        word = words[index]
        if word == UI_LANG_FLAG and index + 1 < end and words[index + 1] in LANGUAGES:
            flag = words[index + 1]
            del words[index : index + 2]
            end -= 2
            continue
        if word.startswith(UI_LANG_FLAG + "=") and word.split("=", 1)[1] in LANGUAGES:
            flag = word.split("=", 1)[1]
            del words[index]
            end -= 1
            continue
        index += 1
    from drs_tui.credentials.config_location import configured_ui_language

    configured = None if flag else configured_ui_language()
    set_language(choose_language(flag, configured, os.environ))
    return words


def main(argv: Sequence[str] | None = None) -> int:
    from drs_tui.ticket.debug_flag import take_debug_flag, wanted

    argv = choose_ui_language(sys.argv[1:] if argv is None else argv)
    argv, debug_flag = take_debug_flag(argv)
    if not (debug_flag or wanted(os.environ)):
        return _main(argv)
    from drs_tui.ticket import debug_log

    debug = debug_log.start(argv)
    try:
        return _main(argv)
    finally:
        debug_log.stop(debug)
        print(debug.closing_words(), file=sys.stderr)


# Commands that never talk to a server: they skip keeping the last request (and its imports).
_OFFLINE = frozenset({"ls", "show", "extract", "open", "demo-server", "report"})


def _main(argv: list[str]) -> int:
    args = app_arguments(argv)
    try:
        if args is None:
            parser = build_parser(argv[0] if argv else None)
            args = parser.parse_args(argv)
            check_global_flags(parser, args)
        if getattr(args, "command", None) not in _OFFLINE:
            from drs_tui.ticket.last_request import remember_requests

            remember_requests()  # for `drs-tui report` and the error view
        handler = getattr(args, "handler", None)
        if handler is None:
            from drs_tui.commands.app import run_app

            handler = run_app
        code: int = handler(args)
    except _ArgumentsError as exc:
        return _usage_failure(exc, as_json=_json_requested(argv))
    except DrsTuiError as exc:
        return report_failure(exc, as_json=bool(getattr(args, "json", False)))
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        if getattr(args, "json", False):
            stopped = DrsTuiError(_("Interrupted."), title=_("Interrupted"))
            stopped.exit_code = exit_codes.INTERRUPTED
            print_json(error_json(stopped))
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        # `drs-tui jobs | head` closed the pipe: not an error. Point stdout at devnull so
        # the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return exit_codes.OK
    return code


def _json_requested(argv: Sequence[str] | None) -> bool:
    words = list(sys.argv[1:] if argv is None else argv)
    return "--json" in words[: words.index("--")] if "--" in words else "--json" in words


def _usage_failure(exc: _ArgumentsError, *, as_json: bool) -> NoReturn:
    """As argparse reports a bad command line (usage and message on stderr, exit 2), and
    for --json the same failure as a JSON object on stdout."""
    exc.parser.print_usage(sys.stderr)
    print(
        _("{prog}: error: {message}").format(prog=exc.parser.prog, message=exc.message),
        file=sys.stderr,
    )
    if as_json:
        hint = _("`{prog} --help` lists its flags.").format(prog=exc.parser.prog)
        error = UsageError(exc.message, hint=hint)
        print_json(error_json(error))
    raise SystemExit(exit_codes.USAGE)


# argparse's own words, as its module-level `_` / `ngettext` ask for them; their Chinese
# is in po/cli.po. (Messages that only a programmer sees, such as conflicting option
# strings, are left in English.)
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def route_argparse_messages() -> None:
    """Have argparse say its own words (headings, "usage:", its error messages) in the UI
    language.

    argparse looks them up through module-level `_` and `ngettext` bound to
    `gettext.gettext`, the default domain, which holds no Chinese for them. Pointing both
    at drs_tui.i18n makes them come from our catalog, like every other message; in
    English nothing changes (a message without a translation is itself). Done when a
    parser is built, so it also covers the errors argparse makes while parsing.
    """
    vars(argparse)["_"] = _
    vars(argparse)["ngettext"] = ngettext


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring in terminal cells (a Chinese character takes two),
    so Chinese help wraps at the terminal's width and usage lines stay aligned."""

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        if prefix is None:
            prefix = _("usage: ")
        # argparse indents continuation lines by len(prefix): give it a stand-in as wide
        # as the prefix looks, then put the prefix back.
        stand_in = "\0" * cell_width(prefix)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return text.replace(stand_in, prefix, 1)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        return wrap_cells(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, width, indent)
        # Chinese descriptions keep their paragraphs: joined, "。 --job" reads badly.
        paragraphs = [" ".join(part.split()) for part in text.split("\n\n")]
        return "\n\n".join(
            "\n".join(indent + line for line in wrap_cells(paragraph, width - len(indent)))
            for paragraph in paragraphs
        )
