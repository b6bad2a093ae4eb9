"""`drs-tui ls` output: the table like `unzip -l`, and `--json`.

Both are formatted column by column from the archive's arrays (`ResultArchive.columns`),
never an object per entry, so a million entries print in seconds: rows come from
C-level maps over the columns, and only what has no C-level form (a table's ratio
column) costs a Python call per row.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat, tee
from typing import TYPE_CHECKING, Any, TextIO

from drs_tui import i18n
from drs_tui.commands.output import json_safe, pad, printable
from drs_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from drs_tui.result import ResultArchive

_FLUSH_ROWS = 4096


def print_table(
    archive: ResultArchive, order: Sequence[int], out: TextIO, *, checked: bool
) -> None:
    """An `unzip -l`-like table; one pass over the columns, no object per entry."""
    from drs_tui.result import dos_datetime, method_name

    cols = archive.columns()
    sizes, compressed = cols.sizes, cols.compressed
    width = max(8, len(str(max(sizes, default=0))))
    cwidth = max(10, len(str(max(compressed, default=0))))
    names: Sequence[str] = cols.names
    if not cols.names.isprintable():
        names = [printable(name) for name in names]
    dates: dict[int, str] = {}
    for dos in set(cols.dos_times):
        stamp = dos_datetime(dos)
        dates[dos] = stamp.strftime("%Y-%m-%d %H:%M") if stamp else "-".center(16)
    methods = {m: method_name(m) for m in set(cols.methods)}
    problems, crc = cols.problems, cols.crc_status
    crc_head, crc_rule = (f"  {pad(_('CRC'), 4)}", "  ----") if checked else ("", "")
    method = _heading(N_("ZIP listing|Method"))
    out.write(
        f"{pad(_('Length'), width, right=True)}  {pad(_('Compressed'), cwidth, right=True)}  "
        f"{pad(_('Ratio'), 6, right=True)}  {pad(method, 9)}  {pad(_('Modified'), 16)}"
        f"{crc_head}  {_('Name')}\n"
        f"{'-' * width}  {'-' * cwidth}  ------  ---------  ----------------{crc_rule}  ----\n"
    )
    row = f"%{width}d  %{cwidth}d  %6s  %-9s  %s{'  %-4s' if checked else ''}  %s\n"
    pick = _picker(order)
    # Rows are formatted by C-level maps; only the ratio needs a Python call per row.
    columns: list[Iterable[Any]] = [
        pick(sizes),
        pick(compressed),
        map(_ratio, pick(sizes), pick(compressed)),
        map(methods.__getitem__, pick(cols.methods)),
        map(dates.__getitem__, pick(cols.dos_times)),
    ]
    if checked:
        columns.append(map(crc.get, order, repeat("-")))
    columns.append(pick(names))
    lines = map(row.__mod__, zip(*columns, strict=True))
    for start in range(0, len(order), _FLUSH_ROWS):
        chunk = list(islice(lines, _FLUSH_ROWS))
        if problems:
            for position, index in enumerate(order[start : start + len(chunk)]):
                problem = problems.get(index)
                if problem:
                    chunk[position] = f"{chunk[position][:-1]}  ! {problem}\n"
        out.write("".join(chunk))
    totals = archive.totals()
    gap = " " * (29 + len(crc_rule))
    files = ngettext("{count} file", "{count} files", totals.files).format(count=totals.files)
    dirs = ngettext("{count} folder", "{count} folders", totals.dirs).format(count=totals.dirs)
    summary = _("{files}, {folders}").format(files=files, folders=dirs)
    if totals.with_problems:
        summary = _("{summary}; {count} with problems").format(
            summary=summary, count=totals.with_problems
        )
    out.write(
        f"{'-' * width}  {'-' * cwidth}  ------  {gap}-------\n"
        f"{totals.size:>{width}}  {totals.compressed_size:>{cwidth}}  "
        f"{_ratio(totals.size, totals.compressed_size):>6}  {gap}{summary}\n"
    )
    for problem in archive.problems:
        out.write(_("warning: {problem}").format(problem=problem) + "\n")
    refused = len(cols.name_problems)
    if refused:
        out.write(
            ngettext(
                "warning: {count} entry will not be extracted (marked !): unsafe paths, "
                "symbolic links or repeated names.",
                "warning: {count} entries will not be extracted (marked !): unsafe paths, "
                "symbolic links or repeated names.",
                refused,
            ).format(count=refused)
            + "\n"
        )


def _heading(marked: str) -> str:
    """A heading marked "context|Heading", as glib's Q_() does, for a word the app uses in
    another sense: this "Method" is the compression method, the profile form's is the
    sign-in method, and Chinese has a word for each. English drops the context."""
    return i18n._(marked).rpartition("|")[2]


def _picker(order: Sequence[int]) -> Callable[[Sequence[Any]], Iterable[Any]]:
    """A column's values in `order`: the column itself when the order is as stored."""
    identity = isinstance(order, range) and order.step == 1 and order.start == 0

    def pick(column: Sequence[Any]) -> Iterable[Any]:
        return iter(column) if identity else map(column.__getitem__, order)

    return pick


def _ratio(size: int, packed: int) -> str:
    if size == packed or not size:
        return "1.0:1" if size else "-"
    ratio = size / max(packed, 1)
    return f"{ratio:.1f}:1" if ratio < 100 else f"{ratio:.0f}:1"


def print_json(archive: ResultArchive, order: Sequence[int], out: TextIO) -> None:
    """One object; entries one per line, formatted column by column (no object per
    entry), so a million of them print in about the time the table takes. A column
    with one value for every entry is written into the row's template instead."""
    from json.encoder import encode_basestring

    from drs_tui.result import CRC_UNCHECKED, dos_datetime, method_name

    head = {"archive": archive.name, "problems": archive.problems, "totals": _totals(archive)}
    out.write(json_safe(json.dumps(head, ensure_ascii=False))[:-1] + ', "entries": [')  # i18n: keep
    cols = archive.columns()
    stamps: dict[int, str] = {}
    for dos in set(cols.dos_times):
        stamp = dos_datetime(dos)
        stamps[dos] = f'"{stamp.isoformat()}"' if stamp else "null"
    methods = {m: encode_basestring(method_name(m)) for m in set(cols.methods)}
    names, sizes, packed = cols.names, cols.sizes, cols.compressed
    pick = _picker(order)
    quoted = map(encode_basestring, pick(names))
    if not names.isprintable():  # bidi marks and C1 controls, which JSON leaves raw
        quoted = map(json_safe, quoted)
    truth, falsity = ("false", "true"), ("true", "false")
    fields: list[tuple[str, str, Iterable[Any] | str]] = [
        ("name", "%s", quoted),
        ("size", "%d", pick(sizes)),
        ("compressed_size", "%d", pick(packed)),
        ("ratio", "%s", _json_ratios(sizes, packed, pick)),
        ("method", "%s", map(methods.__getitem__, pick(cols.methods))),
        ("modified", "%s", map(stamps.__getitem__, pick(cols.dos_times))),
        ("encrypted", "%s", _json_encrypted(cols.flags, cols.methods, pick)),
    ]
    if names.count_ending("/", "\\"):
        folders = map(str.endswith, pick(names), repeat(("/", "\\")))
        fields.append(("is_dir", "%s", map(truth.__getitem__, folders)))
    else:
        fields.append(("is_dir", "%s", "false"))
    links = cols.symlinks
    fields += [
        ("is_symlink", "%s", map(truth.__getitem__, map(links.__contains__, order)))
        if links
        else ("is_symlink", "%s", "false"),
        ("crc", '"%08x"', pick(cols.crcs)),
        ("crc_status", '"%s"', map(cols.crc_status.get, order, repeat(CRC_UNCHECKED)))
        if cols.crc_status
        else ("crc_status", '"%s"', CRC_UNCHECKED),
        ("readable", "%s", map(falsity.__getitem__, map(cols.unreadable.__contains__, order)))
        if cols.unreadable
        else ("readable", "%s", "true"),
        ("problem", "%s", _json_texts(cols.problems, order)),
        ("name_problem", "%s", _json_texts(cols.name_problems, order)),
    ]
    template = ", ".join(
        f'"{key}": ' + (spec % values).replace("%", "%%")
        if isinstance(values, str)
        else f'"{key}": {spec}'
        for key, spec, values in fields
    )
    columns = [values for _, _, values in fields if not isinstance(values, str)]
    lines = map(("{" + template + "}").__mod__, zip(*columns, strict=True))
    separator = "\n  "
    for _start in range(0, len(order), _FLUSH_ROWS):
        out.write(separator + ",\n  ".join(islice(lines, _FLUSH_ROWS)))
        separator = ",\n  "
    out.write("\n]}\n")


def _json_ratios(
    sizes: Sequence[int], packed: Sequence[int], pick: Callable[[Sequence[Any]], Iterable[Any]]
) -> Iterator[float]:
    """round(size / max(packed, 1), 2) per entry, 1.0 for an empty one, by C-level maps;
    the max and the empty-entry case cost a pass only when some entry needs them."""
    denominators = map(max, pick(packed), repeat(1)) if 0 in packed else pick(packed)
    if 0 not in sizes:
        return map(round, map(operator.truediv, pick(sizes), denominators), repeat(2))
    denominators, factors = tee(denominators)
    # d * (size == 0) is d for an empty entry, else 0; max(size, that) is the numerator.
    empties = map(operator.eq, pick(sizes), repeat(0))
    numerators = map(max, pick(sizes), map(operator.mul, factors, empties))
    return map(round, map(operator.truediv, numerators, denominators), repeat(2))


def _json_encrypted(
    flags: Sequence[int], methods: Sequence[int], pick: Callable[[Sequence[Any]], Iterable[Any]]
) -> Iterable[str] | str:
    if not any(flag & 0x41 for flag in set(flags)) and 99 not in methods:
        return "false"
    return (
        "true" if flag & 0x41 or method == 99 else "false"
        for flag, method in zip(pick(flags), pick(methods), strict=True)
    )


def _json_texts(texts: Mapping[int, str], order: Sequence[int]) -> Iterable[str] | str:
    """A JSON string or null per entry, from a mapping that holds the few with one."""
    if not texts:
        return "null"
    encoded = {index: _json_or_null(text) for index, text in texts.items()}
    return map(encoded.get, order, repeat("null"))


def _json_or_null(text: str | None) -> str:
    from json.encoder import encode_basestring

    return "null" if text is None else json_safe(encode_basestring(text))


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
