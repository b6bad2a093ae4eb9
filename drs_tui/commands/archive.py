"""`drs-tui ls | show | extract`: inspect a result ZIP from the shell, no network needed.

`ls` prints a table like `unzip -l` with a problems column (`--json` for scripts), where
entries `extract` would refuse by name (`..`, absolute paths, drive letters, symbolic
links, repeated names) are marked too, and exits 6 when the archive itself is damaged
(the listing is then partial) or, with `--check`, when an entry fails its CRC.
`extract` goes on past a bad entry, as unzip does, and exits 6 if any entry was not
written or the archive is damaged; it then warns first and names the entries whose local
headers the listing lacks. The engine is imported by the handlers only, so
`drs-tui --help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drs_tui import exit_codes
from drs_tui.commands.output import error_json, print_json, printable
from drs_tui.errors import UsageError
from drs_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from drs_tui.result import ResultArchive, ResultError, ZipEntry

SORT_KEYS = ("name", "size", "compressed", "ratio", "modified")
_SHOWN_LOST = 20  # names of entries missing from a damaged listing, at most


def register(sub: Any) -> None:
    ls = sub.add_parser(
        "ls",
        help=_("list the entries of a result ZIP"),
        description=_(
            "List a result ZIP from its central directory, with sizes, ratios and "
            "problems (encrypted, unsupported, possible zip bomb, damaged)."
        ),
    )
    ls.add_argument("file", type=Path, help=_("the ZIP file"))
    ls.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    ls.add_argument(
        "--encoding",
        "-O",
        metavar="ENC",
        help=_("decode names without the UTF-8 flag with ENC, like `unzip -O CP936`"),
    )
    ls.add_argument("--sort", choices=SORT_KEYS, help=_("order rows by this column"))
    ls.add_argument("--reverse", "-r", action="store_true", help=_("reverse the order"))
    ls.add_argument(
        "--check", "-t", action="store_true", help=_("decompress every entry to verify its CRC")
    )
    ls.set_defaults(handler=run_ls)

    show = sub.add_parser(
        "show",
        help=_("print one entry as text or a table"),
        description=_(
            "Print the start of one entry: text, JSON, CSV or a sheet as a table, "
            "binary as hex. Plain output, fit for pipes."
        ),
    )
    show.add_argument("file", type=Path, help=_("the ZIP file"))
    show.add_argument("entry", help=_("the entry name, as `drs-tui ls` prints it"))
    show.add_argument("--sheet", metavar="NAME", help=_("sheet of a workbook (default: first)"))
    show.add_argument(
        "--rows", type=int, default=100, metavar="N", help=_("lines or rows to print (0: all)")
    )
    show.add_argument("--encoding", metavar="ENC", help=_("decode the content with ENC"))
    show.add_argument(
        "--errors",
        action="store_true",
        help=_(
            "only the rows with an error reason (tables) or the lines that report a failure (text)"
        ),
    )
    show.add_argument(
        "--records",
        action="store_true",
        help=_("a JSON document's list of objects as TSV rows, as the app's table shows it"),
    )
    show.add_argument(
        "--reasons",
        action="store_true",
        help=_("each distinct error reason with its count and share (--format json for JSON)"),
    )
    show.add_argument(
        "--format",
        choices=("text", "tsv", "csv", "json"),
        help=_("text as written; tables as TSV (default), CSV or JSON Lines"),
    )
    show.add_argument("--name-encoding", metavar="ENC", help=_("decode entry names with ENC"))
    show.add_argument(
        "--json",
        action="store_true",
        help=_(
            "JSON Lines for scripts: rows as objects, text as {line, text}; a failure as "
            "one JSON object"
        ),
    )
    show.set_defaults(handler=run_show)

    extract = sub.add_parser(
        "extract",
        help=_("extract entries to a folder"),
        description=_(
            "Extract all entries, or the named ones (exact names, folders or "
            "wildcards), below DIR. Unsafe names are refused; existing files are kept."
        ),
    )
    extract.add_argument("file", type=Path, help=_("the ZIP file"))
    extract.add_argument("entries", nargs="*", metavar="ENTRY", help=_("entries (default: all)"))
    extract.add_argument(
        "-d", "--dest", type=Path, required=True, metavar="DIR", help=_("folder to extract into")
    )
    extract.add_argument("--overwrite", action="store_true", help=_("replace existing files"))
    extract.add_argument("--name-encoding", "-O", metavar="ENC", help=_("decode names with ENC"))
    extract.add_argument(
        "--json", action="store_true", help=_("print the files written and the failures as JSON")
    )
    extract.set_defaults(handler=run_extract)


# -- ls ------------------------------------------------------------------------------------


def run_ls(args: argparse.Namespace) -> int:
    from drs_tui.commands import ls_output
    from drs_tui.result import ResultArchive

    with ResultArchive.open(args.file, encoding=args.encoding) as archive:
        if args.sort:
            order = archive.sorted(args.sort, reverse=args.reverse).indices
        else:
            order = range(len(archive) - 1, -1, -1) if args.reverse else range(len(archive))
        bad_crc = _check_all(archive) if args.check else 0
        with _quiet_broken_pipe():
            if args.json:
                ls_output.print_json(archive, order, sys.stdout)
            else:
                ls_output.print_table(archive, order, sys.stdout, checked=args.check)
        if archive.problems or bad_crc:
            return exit_codes.BAD_RESULT
    return exit_codes.OK


def _check_all(archive: ResultArchive) -> int:
    from drs_tui.result import CRC_BAD

    bad = 0
    for entry in archive.entries:
        if not entry.is_dir and archive.check(entry).crc_status == CRC_BAD:
            bad += 1
    return bad


# -- show ----------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    from drs_tui.commands.show_output import render_plain
    from drs_tui.result import ResultArchive, ResultError

    if args.encoding:
        from drs_tui.result import check_encoding

        check_encoding(args.encoding)
    if args.json and args.format not in (None, "json"):
        raise UsageError(
            _("--json prints JSON Lines; it cannot be combined with --format {format}.").format(
                format=args.format
            ),
            hint=_("Drop one of them."),
        )
    with ResultArchive.open(args.file, encoding=args.name_encoding) as archive:
        entry = archive.find(args.entry)
        if entry.is_dir:
            raise ResultError(
                _("{name} is a folder.").format(name=entry.name),
                hint=_("Run `drs-tui ls {file}` to see the files in it.").format(file=args.file),
            )
        with _quiet_broken_pipe():
            render_plain(
                archive,
                entry,
                sheet=args.sheet,
                rows=args.rows,
                encoding=args.encoding,
                out=sys.stdout,
                errors_only=args.errors,
                records=args.records,
                reasons=args.reasons,
                fmt="json" if args.json else args.format,
            )
    return exit_codes.OK


# -- extract -------------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    from drs_tui.result import ResultArchive, extract_entries

    failures: list[tuple[ZipEntry, ResultError]] = []

    def report(entry: ZipEntry, error: ResultError) -> None:
        failures.append((entry, error))
        print(
            _("drs-tui: skipped {name}: {problem}").format(
                name=printable(entry.name), problem=printable(error.message)
            ),
            file=sys.stderr,
        )

    with ResultArchive.open(args.file, encoding=args.name_encoding) as archive:
        damaged = archive.problems
        for problem in damaged:
            print(
                _("drs-tui: warning: {problem}").format(problem=printable(problem)),
                file=sys.stderr,
            )
        chosen = _select(archive, args.entries) if args.entries else None
        written = extract_entries(
            archive, chosen, args.dest, overwrite=args.overwrite, on_error=report
        )
        lost = [name for name in archive.unlisted_names() if _wanted(name, args.entries)]
    bad = bool(failures or lost or damaged)
    code = exit_codes.BAD_RESULT if bad else exit_codes.OK
    with _quiet_broken_pipe():
        if args.json:
            print_json(
                {
                    "archive": archive.name,
                    "destination": str(args.dest),
                    "written": [str(path) for path in written],
                    "failures": [
                        {"entry": entry.name, **error_json(error)} for entry, error in failures
                    ],
                    "not_in_listing": lost,
                    "problems": list(damaged),
                    "exit_code": code,
                }
            )
        else:
            for path in written:
                print(printable(str(path)))
    if lost:
        shown = ", ".join(printable(name) for name in lost[:_SHOWN_LOST])
        if len(lost) > _SHOWN_LOST:
            shown = _("{names} and {count} more").format(names=shown, count=len(lost) - _SHOWN_LOST)
        print(
            _("drs-tui: not in the listing, not extracted: {names}").format(names=shown),
            file=sys.stderr,
        )
    if not failures and not lost:
        if damaged:
            print(_("drs-tui: the archive is damaged: entries may be missing."), file=sys.stderr)
            return exit_codes.BAD_RESULT
        return exit_codes.OK
    hints = {error.hint for _, error in failures if error.hint}
    missing = len(failures) + len(lost)
    print(
        ngettext(
            "drs-tui: {count} entry was not extracted.",
            "drs-tui: {count} entries were not extracted.",
            missing,
        ).format(count=missing),
        file=sys.stderr,
    )
    for hint in sorted(hints):
        print(_("  Hint: {hint}").format(hint=printable(hint)), file=sys.stderr)
    return exit_codes.BAD_RESULT


def _select(archive: ResultArchive, patterns: Sequence[str]) -> list[ZipEntry]:
    """Entries named exactly, everything under a named folder, or wildcard matches."""
    from drs_tui.result import UnknownNameError

    names = archive.names
    chosen: dict[int, None] = {}
    for pattern in patterns:
        matches = [i for i, name in enumerate(names) if _matches(name, pattern)]
        if not matches:
            archive.find(pattern)  # raises with close-match hints
            raise UnknownNameError(
                _("No entry named {pattern!r} in {archive}.").format(
                    pattern=pattern, archive=archive.name
                )
            )
        chosen.update(dict.fromkeys(matches))
    return [archive.entry(i) for i in chosen]


def _matches(name: str, pattern: str) -> bool:
    folder = pattern.rstrip("/") + "/"
    return name == pattern or name.startswith(folder) or fnmatch.fnmatchcase(name, pattern)


def _wanted(name: str, patterns: Sequence[str]) -> bool:
    return not patterns or any(_matches(name, pattern) for pattern in patterns)


@contextlib.contextmanager
def _quiet_broken_pipe() -> Iterator[None]:
    """`drs-tui ls big.zip | head` closes the pipe early; that is not an error."""
    try:
        yield
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
