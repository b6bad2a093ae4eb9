"""The column that says why a row was rejected, found by its header (en/zh) or its
cells, and the rows that have a reason in it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from drs_tui.i18n import _
from drs_tui.result.table import Table

# Header names of the reason column in DRS results and similar exports, normalized
# (case-folded, without spaces, underscores and punctuation).
_REASON_HEADERS = frozenset(
    {
        "errorreason", "errorreasons", "errormessage", "errormsg", "errorinfo", "errordetail",
        "errordetails", "errordescription", "failurereason", "failreason", "failedreason",
        "reasonforfailure", "checkresult", "validationresult", "validationerror",
        "verificationresult", "verifyresult", "importerror", "rejectreason",
        "错误原因", "失败原因", "错误信息", "错误描述", "错误详情", "报错信息", "报错原因",
        "校验结果", "校验信息", "校验失败原因", "校验错误", "检查结果", "检验结果", "导入结果",
        "失败信息", "异常信息", "异常原因", "错误提示", "出错原因", "不通过原因",
    }
)  # fmt: skip
_STRONG_WORDS = (
    "error",
    "fail",
    "reject",
    "invalid",
    "错误",
    "失败",
    "报错",
    "异常",
    "校验",
    "出错",
)
_WEAK_WORDS = ("reason", "result", "message", "remark", "原因", "结果", "信息", "备注", "提示")
# Words that mark a cell as an error text when no header says so.
_ERROR_TEXT_WORDS = (
    "error", "fail", "invalid", "not exist", "does not", "missing", "duplicate", "too long",
    "not supported", "错误", "失败", "不存在", "不能为空", "非法", "无效", "重复", "不支持",
    "超过", "不一致", "不匹配", "为空", "异常",
)  # fmt: skip
_STRIP = str.maketrans("", "", " \t\r\n_-:：()（）[]【】.#*/")


@dataclass(frozen=True, slots=True)
class ErrorColumn:
    """The column holding the reason a row was rejected. `how`: 'header' when its name
    says so, 'content' when its cells read like error messages."""

    index: int
    name: str
    how: str


def _normalized(name: str) -> str:
    return name.casefold().translate(_STRIP)


def is_reason_header(name: str) -> bool:
    """`name` is one of the known names of an error-reason column ("错误原因", "Error
    Reason"...), whole: a header cell, not a sentence that holds one."""
    return _normalized(name) in _REASON_HEADERS


# A header is a short name: a cell longer than this, or one that reads as a sentence,
# is a title or a note ("本文件由导入校验生成") even when it holds an error word.
_MAX_HEADER_WIDE = 8
_MAX_HEADER_CHARS = 40
_SENTENCE_MARKS = ("。", "，", "；", "！", "？", ". ", ", ", "; ")


def _name_like(name: str) -> bool:
    wide = sum(1 for ch in name if ord(ch) > 0x2E7F)
    text = name.strip()
    return (
        wide <= _MAX_HEADER_WIDE
        and len(text) <= _MAX_HEADER_CHARS
        and not any(mark in text for mark in _SENTENCE_MARKS)
    )


def find_error_column(table: Table) -> ErrorColumn | None:
    """The error-reason column: by header name (en/zh), then by what its cells say.

    A header that only holds an error word must read as a column name, in a table of
    more than one named column: a notes sheet whose one cell says "本文件由导入校验生成"
    has no reason column."""
    best: tuple[int, int] | None = None  # (score, index); the rightmost wins a tie
    named = sum(1 for name in table.columns if name.strip())
    for index, name in enumerate(table.columns):
        key = _normalized(name)
        score = 0
        if key in _REASON_HEADERS:
            score = 3
        elif named < 2 or not _name_like(name):
            score = 0
        elif any(word in key for word in _STRONG_WORDS):
            score = 2
        elif any(word in key for word in _WEAK_WORDS) and _looks_like_reasons(table, index, 0.0):
            score = 1
        if score and (best is None or score >= best[0]):
            best = (score, index)
    if best is not None:
        return ErrorColumn(best[1], table.columns[best[1]], "header")
    for index in reversed(range(len(table.columns))):
        if _looks_like_reasons(table, index, 0.5):
            return ErrorColumn(index, table.columns[index], "content")
    return None


def _looks_like_reasons(table: Table, index: int, share: float) -> bool:
    """At least `share` of the column's non-empty cells read like error messages
    (and at least one does)."""
    values = [row[index] for row in table.rows if index < len(row) and row[index].strip()]
    if not values:
        return False
    hits = sum(1 for v in values if any(w in v.casefold() for w in _ERROR_TEXT_WORDS))
    return hits > 0 and hits >= share * len(values)


def filter_rows(table: Table, text: str) -> Table:
    """Rows with `text` in any cell (case-insensitive); the header stays."""
    if not text:
        return table
    needle = text.casefold()
    return _subset(
        table, [i for i, r in enumerate(table.rows) if any(needle in c.casefold() for c in r)]
    )


def error_rows(table: Table, column: ErrorColumn | int) -> Table:
    """Rows whose error-reason cell is not empty."""
    col = column.index if isinstance(column, ErrorColumn) else column
    return _subset(table, [i for i, r in enumerate(table.rows) if col < len(r) and r[col].strip()])


def _subset(table: Table, keep: list[int]) -> Table:
    return replace(
        table,
        rows=[table.rows[i] for i in keep],
        row_numbers=[table.row_numbers[i] for i in keep],
        total_rows=len(keep) if not table.more else None,
        notes=[
            *table.notes,
            _("{count:,} of {loaded:,} loaded rows match").format(
                count=len(keep), loaded=len(table.rows)
            ),
        ],
    )
