"""Which columns name the object a row describes, in English or Chinese headers.

A DRS result row is about one object: a schema (or database), a table and, in a
column-level result, a column. The `en-us` and `zh-cn` files of one fetch carry the same
rows under translated headers ("Table" / "表名"), so each header is read as a role and
the two sides are joined on their roles, not on their header texts. The person may name
other key columns (`--key`); a name found on one side only is looked for on the other by
its role, so `--key Schema,Table` also works against a Chinese file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drs_tui.exit_codes import USAGE
from drs_tui.i18n import N_, _
from drs_tui.result.error_column import ErrorColumn
from drs_tui.result.errors import ResultError

# Normalized header text (case-folded, without spaces, underscores, punctuation) -> role.
_ROLES = {
    **dict.fromkeys(
        (
            "schema", "schemaname", "database", "databasename", "db", "dbname", "owner",
            "sourceschema", "sourcedatabase", "sourcedb", "模式", "模式名", "模式名称",
            "数据库", "数据库名", "数据库名称", "库", "库名", "源库", "源库名", "源模式",
            "源模式名", "源数据库", "源数据库名", "schema名", "schema名称",
        ),
        "schema",
    ),
    **dict.fromkeys(
        (
            "table", "tablename", "sourcetable", "sourcetablename", "object", "objectname",
            "表", "表名", "表名称", "源表", "源表名", "对象", "对象名", "对象名称",
        ),
        "table",
    ),
    **dict.fromkeys(
        (
            "column", "columnname", "field", "fieldname", "sourcecolumn", "列", "列名",
            "列名称", "字段", "字段名", "字段名称", "源列名", "源字段",
        ),
        "column",
    ),
}  # fmt: skip
KEY_ROLES = ("schema", "table", "column")
_PARTS = re.compile(r"[/|()（）\[\]【】]")
_STRIP = str.maketrans("", "", " \t\r\n_-:：()（）[]【】.#*/")


class NoKeyColumnsError(ResultError):
    """No column names the object a row describes, or a `--key` column is unknown."""

    title = N_("No key columns")
    exit_code = USAGE


def normalized(name: str) -> str:
    return name.casefold().translate(_STRIP)


def role_of(name: str) -> str | None:
    """'schema', 'table' or 'column' for a header that names one, else None. A
    bilingual header ("Table / 表名", "表名(Table)") is known by either of its parts."""
    role = _ROLES.get(normalized(name))
    if role is None:
        for part in _PARTS.split(name):
            role = _ROLES.get(normalized(part)) if part.strip() else None
            if role is not None:
                break
    return role


def header_language(columns: Sequence[str]) -> str:
    """'zh' when a header holds CJK characters, else 'en'."""
    for name in columns:
        if any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in name):
            return "zh"
    return "en"


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How the rows of two tables meet: key columns on each side (same order), the other
    columns compared by value (pairs of indices), the error-reason column of each side,
    and whether the headers are in different languages (then only the keys and the
    presence of a reason are compared)."""

    old_keys: tuple[int, ...]
    new_keys: tuple[int, ...]
    key_names: tuple[str, ...]
    compared: tuple[tuple[int, int, str], ...]  # (old index, new index, name)
    old_reason: int | None
    new_reason: int | None
    cross_language: bool
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    reason_name: str = ""
    old_columns: tuple[str, ...] = ()
    new_columns: tuple[str, ...] = ()


def plan_columns(
    old: Sequence[str],
    new: Sequence[str],
    old_reason: ErrorColumn | None,
    new_reason: ErrorColumn | None,
    *,
    key: Sequence[str] | None = None,
) -> ColumnPlan:
    """Key and compared columns of two headers; NoKeyColumnsError when no key is found."""
    cross = header_language(old) != header_language(new)
    if key:
        old_keys, new_keys = _chosen_keys(old, new, key)
    else:
        old_keys, new_keys = _role_keys(old, new)
    old_r = old_reason.index if old_reason else None
    new_r = new_reason.index if new_reason else None
    skip_old = {*old_keys, *([old_r] if old_r is not None else [])}
    skip_new = {*new_keys, *([new_r] if new_r is not None else [])}
    compared: list[tuple[int, int, str]] = []
    only_old: list[str] = []
    matched_new: set[int] = set()
    if not cross:
        for index, name in enumerate(old):
            if index in skip_old:
                continue
            other = _index_of(new, name)
            if other is None or other in skip_new:
                only_old.append(name)
            else:
                compared.append((index, other, name))
                matched_new.add(other)
    only_new = [
        name
        for index, name in enumerate(new)
        if index not in skip_new and index not in matched_new and not cross
    ]
    return ColumnPlan(
        tuple(old_keys),
        tuple(new_keys),
        tuple(old[i] for i in old_keys),
        tuple(compared),
        old_r,
        new_r,
        cross,
        tuple(only_old),
        tuple(only_new),
        new_reason.name if new_reason else (old_reason.name if old_reason else ""),
        tuple(old),
        tuple(new),
    )


def _index_of(columns: Sequence[str], name: str) -> int | None:
    try:
        return list(columns).index(name)
    except ValueError:
        wanted = normalized(name)
        return next((i for i, c in enumerate(columns) if normalized(c) == wanted), None)


def _roles(columns: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(columns):
        role = role_of(name)
        if role is not None and role not in found:
            found[role] = index
    return found


def _role_keys(old: Sequence[str], new: Sequence[str]) -> tuple[list[int], list[int]]:
    old_roles, new_roles = _roles(old), _roles(new)
    shared = [role for role in KEY_ROLES if role in old_roles and role in new_roles]
    if "table" not in shared:
        raise NoKeyColumnsError(
            _("No column names the table each row is about (Schema, Table, 表名...)."),
            hint=_(
                "Name the key columns yourself: --key COLUMN[,COLUMN]. OLD has: {old}; "
                "NEW has: {new}"
            ).format(old=", ".join(old), new=", ".join(new)),
        )
    return [old_roles[r] for r in shared], [new_roles[r] for r in shared]


def _chosen_keys(
    old: Sequence[str], new: Sequence[str], key: Sequence[str]
) -> tuple[list[int], list[int]]:
    old_keys: list[int] = []
    new_keys: list[int] = []
    for name in key:
        at_old, at_new = _index_of(old, name), _index_of(new, name)
        role = role_of(name)
        if role is not None:
            at_old = at_old if at_old is not None else _roles(old).get(role)
            at_new = at_new if at_new is not None else _roles(new).get(role)
        if at_old is None and at_new is not None:
            at_old = _roles(old).get(role_of(new[at_new]) or "")
        if at_new is None and at_old is not None:
            at_new = _roles(new).get(role_of(old[at_old]) or "")
        if at_old is None or at_new is None:
            raise NoKeyColumnsError(
                _("No column {name} in both files.").format(name=repr(name)),
                hint=_(
                    "Give --key names from the header, separated by commas. OLD has: {old}; "
                    "NEW has: {new}"
                ).format(old=", ".join(old), new=", ".join(new)),
            )
        old_keys.append(at_old)
        new_keys.append(at_new)
    return old_keys, new_keys


def plan_notes(plan: ColumnPlan) -> list[str]:
    """What a person should know of how two tables were compared (the key, columns on one
    side only, languages). Header names are the files' words: sanitise before showing."""
    notes = [_("rows keyed by {key}").format(key=", ".join(plan.key_names))]
    if plan.cross_language:
        notes.append(
            _(
                "the headers are in different languages: rows are matched by their keys and "
                "error reasons compared by presence; other columns are not compared"
            )
        )
    if plan.only_old:
        notes.append(_("columns only in OLD: {names}").format(names=", ".join(plan.only_old)))
    if plan.only_new:
        notes.append(_("columns only in NEW: {names}").format(names=", ".join(plan.only_new)))
    if (plan.old_reason is None) != (plan.new_reason is None):
        side = _("OLD") if plan.old_reason is not None else _("NEW")
        notes.append(
            _("only {side} has an error-reason column: reasons are not compared").format(side=side)
        )
    return notes
