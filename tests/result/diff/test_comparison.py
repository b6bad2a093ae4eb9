"""The three questions a support desk gets, answered by the comparison engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from drs_tui.result import (
    NoCommonEntryError,
    NoKeyColumnsError,
    ResultComparison,
    RowChange,
    RowSummary,
    ScanCancelled,
    UnknownNameError,
)
from tests.result.diff.fixtures import archives, result, zip_of


def rows_of(old: bytes, new: bytes, **options: object) -> tuple[list[RowChange], RowSummary]:
    with archives(old, new) as (a, b):
        comparison = ResultComparison(a, b, **options)  # type: ignore[arg-type]
        assert len(comparison.tables) == 1
        with comparison.table(comparison.tables[0]) as table:
            changes = list(table.changes())
            assert table.summary is not None and table.summary.complete
            return changes, table.summary


def by_key(changes: list[RowChange]) -> dict[str, RowChange]:
    return {".".join(change.key): change for change in changes}


def test_detail_against_synchronized_lists_what_is_not_synchronized() -> None:
    changes, summary = rows_of(result("detail"), result("synchronized"))
    assert summary.plan.key_names == ("Schema", "Table")
    assert (summary.removed, summary.added, summary.changed, summary.same) == (3, 0, 0, 9)
    removed = by_key(changes)
    assert set(removed) == {"HR.PAYROLL_2026_Q3_ARCHIVE_WITH_A_VERY_LONG_TABLE_NAME_THAT_BREAKS",
                            "FIN.LEDGER", "FIN.MISSING_TABLE"}  # fmt: skip
    # The duplicate FIN.LEDGER is the second one of the upload (row 11), not the first.
    assert removed["FIN.LEDGER"].old_row == 11
    assert (summary.repeated_old, summary.repeated_new) == (1, 0)
    assert not summary.reasons.compared  # synchronized has no reason column
    assert summary.plan.only_old == ("Import Result",)


def test_the_reverse_finds_nothing_synchronized_that_was_not_uploaded() -> None:
    _, summary = rows_of(result("synchronized"), result("detail"))
    assert (summary.added, summary.removed, summary.changed) == (3, 0, 0)


def test_detail_before_and_after_a_re_upload() -> None:
    changes, summary = rows_of(result("detail"), result("detail", revision=2))
    found = by_key(changes)
    assert found["FIN.MISSING_TABLE"].reason == "fixed"
    assert found["SALES.CUSTOMER"].reason == "new error"
    assert [c.column for c in found["SALES.CUSTOMER"].changes] == ["Import Result", "Error Reason"]
    assert found["SALES.CUSTOMER"].changes[1].new == "Column type LONG is not supported"
    assert found["INV.STOCK_MOVE"].status == "added"
    assert found["HR.PAYROLL_2026_Q3_ARCHIVE_WITH_A_VERY_LONG_TABLE_NAME_THAT_BREAKS"].status == (
        "removed"
    )
    reasons = summary.reasons
    assert (reasons.fixed, reasons.new_errors, reasons.still_failing) == (1, 1, 1)
    assert reasons.removed_with_reason == 1


def test_en_us_and_zh_cn_of_one_fetch_differ_only_in_language() -> None:
    changes, summary = rows_of(
        result("detail", level="column"), result("detail", "zh-cn", "column")
    )
    assert changes == []
    assert summary.plan.cross_language
    assert summary.plan.key_names == ("Schema", "Table", "Column")
    assert summary.same == 12
    assert summary.reasons.still_failing == 3
    assert summary.reasons.language_only is True


def test_a_translation_that_is_not_one_to_one_is_not_called_a_translation() -> None:
    old = "Schema,Table,Error Reason\nA,T1,bad name\nA,T2,bad name\n"
    new = "模式,表名,错误原因\nA,T1,名称错误\nA,T2,表不存在\n"
    _, summary = rows_of(zip_of({"r.csv": old}), zip_of({"r.csv": new}))
    assert summary.reasons.language_only is False
    assert summary.reasons.still_failing == 2


def test_kafka_json_records_are_keyed_by_database_and_table() -> None:
    changes, summary = rows_of(result(kafka=True), result(kafka=True, revision=2))
    assert summary.plan.key_names == ("database", "table")
    assert by_key(changes)["sales.customer"].reason == "new error"


def test_entries_are_added_removed_changed_and_paired_by_kind() -> None:
    old = zip_of({"a.csv": "Table\nT\n", "same.txt": "x", "gone.txt": "1", "x/old.csv": "Table\n"})
    new = zip_of({"a.csv": "Table\nU\n", "same.txt": "x", "new.json": "[]", "y/new.csv": "Table\n"})
    with archives(old, new) as (a, b):
        comparison = ResultComparison(a, b)
        found = {(c.status, c.old_name, c.new_name) for c in comparison.entries}
    assert found == {
        ("changed", "a.csv", "a.csv"),
        ("same", "same.txt", "same.txt"),
        ("removed", "gone.txt", None),
        ("added", None, "new.json"),
        ("same", "x/old.csv", "y/new.csv"),  # the one CSV left on each side
    }
    assert [c.name for c in comparison.tables] == ["a.csv"]


def test_changed_columns_carry_both_values_and_the_row_numbers() -> None:
    old = "Schema,Table,Type\nS,T,TABLE\nS,U,TABLE\n"
    new = "Schema,Table,Type\nS,U,TABLE\nS,T,VIEW\n"
    changes, summary = rows_of(zip_of({"r.csv": old}), zip_of({"r.csv": new}))
    (change,) = changes
    assert change.key == ("S", "T") and (change.old_row, change.new_row) == (2, 3)
    assert [(c.column, c.old, c.new) for c in change.changes] == [("Type", "TABLE", "VIEW")]
    assert summary.same == 1


def test_chosen_key_columns_and_role_names_across_languages() -> None:
    old = "Schema,Table,Owner Team\nS,T,a\nS,U,b\n"
    new = "Schema,Table,Owner Team\nS,T,a\nS,V,b\n"
    _, summary = rows_of(zip_of({"r.csv": old}), zip_of({"r.csv": new}), key=["Owner Team"])
    assert summary.plan.key_names == ("Owner Team",)
    assert summary.changed == 1 and summary.added == summary.removed == 0
    # 表名 is found in an English header by its role.
    _, summary = rows_of(result("detail"), result("detail", "zh-cn"), key=["表名"])
    assert summary.plan.key_names == ("Table",)


def test_no_key_column_is_an_error_with_a_hint() -> None:
    old, new = zip_of({"r.csv": "A,B\n1,2\n"}), zip_of({"r.csv": "A,B\n1,3\n"})
    with pytest.raises(NoKeyColumnsError) as info:
        rows_of(old, new)
    assert "--key" in info.value.hint and "OLD has: A, B" in info.value.hint
    with pytest.raises(NoKeyColumnsError):
        rows_of(old, new, key=["Nope"])
    _, summary = rows_of(old, new, key=["A"])
    assert summary.changed == 1


def test_no_common_entry_and_unknown_entry() -> None:
    with (
        archives(zip_of({"a.csv": "x"}), zip_of({"b.txt": "y"})) as (a, b),
        pytest.raises(NoCommonEntryError),
    ):
        ResultComparison(a, b)
    with archives(zip_of({"a.csv": "x", "b.txt": "1"}), zip_of({"b.txt": "y"})) as (a, b):
        with pytest.raises(NoCommonEntryError, match="no counterpart"):
            ResultComparison(a, b, entry="a.csv")
        with pytest.raises(UnknownNameError):
            ResultComparison(a, b, entry="zzz.csv")


def _csv(count: int, *, drop: int = -1, fail: int = -1) -> str:
    lines = ["Schema,Table,Error Reason"]
    for i in range(count):
        if i != drop:
            lines.append(f"S{i % 7},T{i:06d},{'boom' if i == fail else ''}")
    return "\n".join(lines[:1] + lines[:0:-1]) + "\n"  # written in reverse key order


def test_spilled_runs_give_the_same_answer_and_are_removed(tmp_path: Path) -> None:
    old, new = zip_of({"r.csv": _csv(3000, fail=10)}), zip_of({"r.csv": _csv(3000, drop=5)})
    expected, in_memory = rows_of(old, new)
    spilled_dirs: list[Path] = []
    with archives(old, new) as (a, b):
        comparison = ResultComparison(a, b, temp_dir=tmp_path, run_bytes=20_000)
        with comparison.table(comparison.tables[0]) as table:
            changes = list(table.changes())
            spilled_dirs = list(tmp_path.iterdir())
            assert len(spilled_dirs) == 1 and len(list(spilled_dirs[0].iterdir())) > 4
            assert table.summary is not None
            summary = table.summary
    assert list(tmp_path.iterdir()) == []
    assert changes == expected
    assert (summary.removed, summary.reasons.fixed) == (1, 1) == (in_memory.removed, 1)


def test_a_cancelled_comparison_leaves_no_temporary_file(tmp_path: Path) -> None:
    old, new = zip_of({"r.csv": _csv(5000)}), zip_of({"r.csv": _csv(5000, drop=1)})
    with archives(old, new) as (a, b):
        comparison = ResultComparison(a, b, temp_dir=tmp_path, run_bytes=20_000)
        calls = 0

        def cancelled() -> bool:
            nonlocal calls
            calls += 1
            return calls > 3

        with (
            pytest.raises(ScanCancelled),
            comparison.table(comparison.tables[0], cancelled=cancelled) as table,
        ):
            list(table.changes())
    assert list(tmp_path.iterdir()) == []


def test_json_lines_records_and_a_json_document_that_is_not_records() -> None:
    old = (
        '{"database": "d", "table": "t1", "error_reason": "x"}\n{"database": "d", "table": "t2"}\n'
    )
    new = '{"database": "d", "table": "t1", "error_reason": ""}\n{"database": "d", "table": "t2"}\n'
    changes, summary = rows_of(zip_of({"r.jsonl": old}), zip_of({"r.jsonl": new}))
    assert [c.reason for c in changes] == ["fixed"] and summary.reasons.fixed == 1
    with archives(zip_of({"r.json": '{"a": 1}'}), zip_of({"r.json": '{"a": 2}'})) as (a, b):
        comparison = ResultComparison(a, b)
        with comparison.table(comparison.tables[0]) as table:
            assert table.summary is None and table.note
            assert list(table.changes()) == []


def test_entry_naming_a_folder_is_refused() -> None:
    with (
        archives(zip_of({"d/": "", "d/a.csv": "x"}), zip_of({"d/a.csv": "y"})) as (a, b),
        pytest.raises(NoCommonEntryError, match="folder"),
    ):
        ResultComparison(a, b, entry="d")
