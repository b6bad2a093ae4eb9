"""JSON results as rows: the biggest list of objects in a document becomes a table.

DRS answers some result types with JSON whose records are objects in a list (at the top
or under one key). The viewer shows them as a table with the error-reason column marked,
and `drs-tui show --records` prints them as TSV; both come from here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from drs_tui.result.table import Table

MAX_JSON_COLUMNS = 64


def json_records(text: str) -> Table | None:
    """The biggest list of objects in a JSON document as a table, or None."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    records = _largest_record_list(value)
    if records is None:
        return None
    return _table(records)


def json_line_records(text: str) -> Table | None:
    """JSON Lines where every line is an object, as a table; None otherwise."""
    records: list[dict[str, object]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, dict):
            return None
        records.append(value)
    return _table(records) if records else None


def _table(records: Sequence[dict[str, object]]) -> Table:
    columns: dict[str, None] = {}
    for record in records:
        for key in record:
            if len(columns) >= MAX_JSON_COLUMNS:
                break
            columns.setdefault(str(key), None)
    names = list(columns)
    rows = [[_json_cell(record.get(name)) for name in names] for record in records]
    return Table(names, rows, list(range(1, len(rows) + 1)), total_rows=len(rows))


def _largest_record_list(value: object) -> Sequence[dict[str, object]] | None:
    candidates: list[list[dict[str, object]]] = []
    if isinstance(value, list):
        candidates.append(value)
    elif isinstance(value, dict):
        candidates.extend(v for v in value.values() if isinstance(v, list))
    lists = [c for c in candidates if c and all(isinstance(item, dict) for item in c)]
    return max(lists, key=len) if lists else None


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
