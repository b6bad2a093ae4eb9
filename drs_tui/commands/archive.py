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
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drs_tui import exit_codes
from drs_tui.commands.output import error_json, print_json, printable
from drs_tui.errors import UsageError

if TYPE_CHECKING:
    from drs_tui.result import ResultArchive, ResultError, ZipEntry

SORT_KEYS = ("name", "size", "compressed", "ratio", "modified")
_FLUSH_ROWS = 4096
_SHOWN_LOST = 20  # names of entries missing from a damaged listing, at most


def register(sub: Any) -> None:
    ls = sub.add_parser(
        "ls",
        help="list the entries of a result ZIP",
        description="List a result ZIP from its central directory, with sizes, ratios and "
        "problems (encrypted, unsupported, possible zip bomb, damaged).",
    )
    ls.add_argument("file", type=Path, help="the ZIP file")
    ls.add_argument("--json", action="store_true", help="print JSON for scripts")
    ls.add_argument(
        "--encoding",
        "-O",
        metavar="ENC",
        help="decode names without the UTF-8 flag with ENC, like `unzip -O CP936`",
    )
    ls.add_argument("--sort", choices=SORT_KEYS, help="order rows by this column")
    ls.add_argument("--reverse", "-r", action="store_true", help="reverse the order")
    ls.add_argument(
        "--check", "-t", action="store_true", help="decompress every entry to verify its CRC"
    )
    ls.set_defaults(handler=run_ls)

    show = sub.add_parser(
        "show",
        help="print one entry as text or a table",
        description="Print the start of one entry: text, JSON, CSV or a sheet as a table, "
        "binary as hex. Plain output, fit for pipes.",
    )
    show.add_argument("file", type=Path, help="the ZIP file")
    show.add_argument("entry", help="the entry name, as `drs-tui ls` prints it")
    show.add_argument("--sheet", metavar="NAME", help="sheet of a workbook (default: first)")
    show.add_argument(
        "--rows", type=int, default=100, metavar="N", help="lines or rows to print (0: all)"
    )
    show.add_argument("--encoding", metavar="ENC", help="decode the content with ENC")
    show.add_argument(
        "--errors",
        action="store_true",
        help="only the rows with an error reason (tables) or the lines that report a "
        "failure (text)",
    )
    show.add_argument(
        "--records",
        action="store_true",
        help="a JSON document's list of objects as TSV rows, as the app's table shows it",
    )
    show.add_argument(
        "--reasons",
        action="store_true",
        help="each distinct error reason with its count and share (--format json for JSON)",
    )
    show.add_argument(
        "--format",
        choices=("text", "tsv", "csv", "json"),
        help="text as written; tables as TSV (default), CSV or JSON Lines",
    )
    show.add_argument("--name-encoding", metavar="ENC", help="decode entry names with ENC")
    show.add_argument(
        "--json",
        action="store_true",
        help="JSON Lines for scripts: rows as objects, text as {line, text}; a failure as "
        "one JSON object",
    )
    show.set_defaults(handler=run_show)

    extract = sub.add_parser(
        "extract",
        help="extract entries to a folder",
        description="Extract all entries, or the named ones (exact names, folders or "
        "wildcards), below DIR. Unsafe names are refused; existing files are kept.",
    )
    extract.add_argument("file", type=Path, help="the ZIP file")
    extract.add_argument("entries", nargs="*", metavar="ENTRY", help="entries (default: all)")
    extract.add_argument(
        "-d", "--dest", type=Path, required=True, metavar="DIR", help="folder to extract into"
    )
    extract.add_argument("--overwrite", action="store_true", help="replace existing files")
    extract.add_argument("--name-encoding", "-O", metavar="ENC", help="decode names with ENC")
    extract.add_argument(
        "--json", action="store_true", help="print the files written and the failures as JSON"
    )
    extract.set_defaults(handler=run_extract)


# -- ls ------------------------------------------------------------------------------------


def run_ls(args: argparse.Namespace) -> int:
    from drs_tui.result import ResultArchive

    with ResultArchive.open(args.file, encoding=args.encoding) as archive:
        if args.sort:
            order = archive.sorted(args.sort, reverse=args.reverse).indices
        else:
            order = range(len(archive) - 1, -1, -1) if args.reverse else range(len(archive))
        bad_crc = _check_all(archive) if args.check else 0
        with _quiet_broken_pipe():
            if args.json:
                _print_json(archive, order)
            else:
                _print_table(archive, order, sys.stdout, checked=args.check)
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


def _print_table(
    archive: ResultArchive, order: Sequence[int], out: TextIO, *, checked: bool
) -> None:
    """An `unzip -l`-like table; one pass over the columns, no object per entry."""
    from drs_tui.result import dos_datetime, method_name

    cols = archive.columns()
    sizes, compressed = cols.sizes, cols.compressed
    width = max(8, len(str(max(sizes, default=0))))
    cwidth = max(10, len(str(max(compressed, default=0))))
    names: Sequence[str] = cols.names
    if not "".join(names).isprintable():
        names = [printable(name) for name in names]
    dates: dict[int, str] = {}
    for dos in set(cols.dos_times):
        stamp = dos_datetime(dos)
        dates[dos] = stamp.strftime("%Y-%m-%d %H:%M") if stamp else "-".center(16)
    methods = {m: method_name(m) for m in set(cols.methods)}
    problems, crc = cols.problems, cols.crc_status
    crc_head, crc_rule = ("  CRC ", "  ----") if checked else ("", "")
    out.write(
        f"{'Length':>{width}}  {'Compressed':>{cwidth}}   Ratio  Method     Modified        "
        f"{crc_head}  Name\n"
        f"{'-' * width}  {'-' * cwidth}  ------  ---------  ----------------{crc_rule}  ----\n"
    )
    row = f"%{width}d  %{cwidth}d  %6s  %-9s  %s{'  %-4s' if checked else '%s'}  %s\n"
    identity = isinstance(order, range) and order.step == 1 and order.start == 0

    def pick(column: Sequence[Any]) -> Iterable[Any]:
        return column if identity else map(column.__getitem__, order)

    # Rows are formatted by C-level maps; only the ratio needs a Python call per row.
    cells = zip(
        pick(sizes),
        pick(compressed),
        map(_ratio, pick(sizes), pick(compressed)),
        map(methods.__getitem__, pick(cols.methods)),
        map(dates.__getitem__, pick(cols.dos_times)),
        map(crc.get, order, repeat("-")) if checked else repeat(""),
        pick(names),
        strict=False,  # repeat("") is endless; the other columns have one item per row
    )
    lines = list(map(row.__mod__, cells))
    for position, index in enumerate(order) if problems else ():
        problem = problems.get(index)
        if problem:
            lines[position] = f"{lines[position][:-1]}  ! {problem}\n"
    for start in range(0, len(lines), _FLUSH_ROWS):
        out.write("".join(lines[start : start + _FLUSH_ROWS]))
    totals = archive.totals()
    pad = " " * (29 + len(crc_head))
    summary = f"{_count(totals.files, 'file')}, {_count(totals.dirs, 'folder')}"
    if totals.with_problems:
        summary += f"; {totals.with_problems} with problems"
    out.write(
        f"{'-' * width}  {'-' * cwidth}  ------  {pad}-------\n"
        f"{totals.size:>{width}}  {totals.compressed_size:>{cwidth}}  "
        f"{_ratio(totals.size, totals.compressed_size):>6}  {pad}{summary}\n"
    )
    for problem in archive.problems:
        out.write(f"warning: {problem}\n")
    refused = len(cols.name_problems)
    if refused:
        out.write(
            f"warning: {_count(refused, 'entry')} will not be extracted (marked !): unsafe "
            "paths, symbolic links or repeated names.\n"
        )


def _count(number: int, noun: str) -> str:
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun[:-1]}ies" if noun.endswith("y") else f"{number} {noun}s"


def _ratio(size: int, packed: int) -> str:
    if size == packed or not size:
        return "1.0:1" if size else "-"
    ratio = size / max(packed, 1)
    return f"{ratio:.1f}:1" if ratio < 100 else f"{ratio:.0f}:1"


def _print_json(archive: ResultArchive, order: Sequence[int]) -> None:
    """One object; entries one per line, formatted column by column (no object per
    entry), so a million of them print in about the time the table takes."""
    from json.encoder import encode_basestring

    from drs_tui.result import CRC_UNCHECKED, dos_datetime, method_name

    out = sys.stdout
    head = {"archive": archive.name, "problems": archive.problems, "totals": _totals(archive)}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "entries": [')
    cols = archive.columns()
    crcs, links, readable = archive.record_columns()
    stamps: dict[int, str] = {}
    for dos in set(cols.dos_times):
        stamp = dos_datetime(dos)
        stamps[dos] = f'"{stamp.isoformat()}"' if stamp else "null"
    methods = {m: encode_basestring(method_name(m)) for m in set(cols.methods)}
    problems, crc_status, name_problems = cols.problems, cols.crc_status, cols.name_problems
    truth = ("false", "true")
    row = (
        '{"name": %s, "size": %d, "compressed_size": %d, "ratio": %s, "method": %s, '
        '"modified": %s, "encrypted": %s, "is_dir": %s, "is_symlink": %s, "crc": "%08x", '
        '"crc_status": "%s", "readable": %s, "problem": %s, "name_problem": %s}'
    )
    names, sizes, packed, flags = cols.names, cols.sizes, cols.compressed, cols.flags
    lines: list[str] = []
    first = True
    for index in order:
        name, size, method = names[index], sizes[index], cols.methods[index]
        problem = problems.get(index)
        lines.append(
            row
            % (
                encode_basestring(name),
                size,
                packed[index],
                repr(round(size / max(packed[index], 1), 2) if size else 1.0),
                methods[method],
                stamps[cols.dos_times[index]],
                truth[bool(flags[index] & 0x41) or method == 99],
                truth[name.endswith(("/", "\\"))],
                truth[links[index]],
                crcs[index],
                crc_status.get(index, CRC_UNCHECKED),
                truth[readable[index]],
                encode_basestring(problem) if problem is not None else "null",
                _json_or_null(name_problems.get(index)),
            )
        )
        if len(lines) >= _FLUSH_ROWS:
            out.write(("\n  " if first else ",\n  ") + ",\n  ".join(lines))
            lines, first = [], False
    if lines:
        out.write(("\n  " if first else ",\n  ") + ",\n  ".join(lines))
    out.write("\n]}\n")


def _json_or_null(text: str | None) -> str:
    from json.encoder import encode_basestring

    return "null" if text is None else encode_basestring(text)


def _totals(archive: ResultArchive) -> dict[str, int]:
    totals = archive.totals()
    return {
        "entries": totals.entries,
        "files": totals.files,
        "dirs": totals.dirs,
        "size": totals.size,
        "compressed_size": totals.compressed_size,
        "with_problems": totals.with_problems,
    }


def _entry_dict(entry: ZipEntry) -> dict[str, object]:
    modified = entry.modified
    return {
        "name": entry.name,
        "size": entry.size,
        "compressed_size": entry.compressed_size,
        "ratio": round(entry.ratio, 2),
        "method": entry.method_name,
        "modified": modified.isoformat() if modified else None,
        "encrypted": entry.encrypted,
        "is_dir": entry.is_dir,
        "is_symlink": entry.is_symlink,
        "crc": f"{entry.crc:08x}",
        "crc_status": entry.crc_status,
        "readable": entry.readable,
        "problem": entry.problem,
        "name_problem": entry.name_problem,
    }


# -- show ----------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    from drs_tui.commands.show_output import render_plain
    from drs_tui.result import ResultArchive, ResultError

    if args.encoding:
        from drs_tui.result import check_encoding

        check_encoding(args.encoding)
    if args.json and args.format not in (None, "json"):
        raise UsageError(
            f"--json prints JSON Lines; it cannot be combined with --format {args.format}.",
            hint="Drop one of them.",
        )
    with ResultArchive.open(args.file, encoding=args.name_encoding) as archive:
        entry = archive.find(args.entry)
        if entry.is_dir:
            raise ResultError(
                f"{entry.name} is a folder.",
                hint=f"Run `drs-tui ls {args.file}` to see the files in it.",
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
            f"drs-tui: skipped {printable(entry.name)}: {printable(error.message)}", file=sys.stderr
        )

    with ResultArchive.open(args.file, encoding=args.name_encoding) as archive:
        damaged = archive.problems
        for problem in damaged:
            print(f"drs-tui: warning: {printable(problem)}", file=sys.stderr)
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
        more = f" and {len(lost) - _SHOWN_LOST} more" if len(lost) > _SHOWN_LOST else ""
        print(f"drs-tui: not in the listing, not extracted: {shown}{more}", file=sys.stderr)
    if not failures and not lost:
        if damaged:
            print("drs-tui: the archive is damaged: entries may be missing.", file=sys.stderr)
            return exit_codes.BAD_RESULT
        return exit_codes.OK
    hints = {error.hint for _, error in failures if error.hint}
    missing = len(failures) + len(lost)
    count = "1 entry was" if missing == 1 else f"{missing} entries were"
    print(f"drs-tui: {count} not extracted.", file=sys.stderr)
    for hint in sorted(hints):
        print(f"  Hint: {printable(hint)}", file=sys.stderr)
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
            raise UnknownNameError(f"No entry named {pattern!r} in {archive.name}.")
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
