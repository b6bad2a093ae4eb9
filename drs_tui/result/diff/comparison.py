"""Two result ZIPs compared: their entries at once, the rows of each table pair on demand.

    comparison = ResultComparison(old_archive, new_archive, key=None)
    comparison.entries                      # every file: added, removed, changed, same
    for pair in comparison.tables:          # changed sheets, CSV and JSON (or --entry)
        with comparison.table(pair) as table:
            for change in table.changes():  # streamed, in key order
                ...
            table.summary                   # counts, complete after the loop

Each side is opened through `preview_entry`, as the viewer and `drs-tui show` open it,
so the same readers (our xlsx reader, CSV sniffing, JSON records) and the same
error-reason column serve here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from drs_tui.exit_codes import USAGE
from drs_tui.i18n import N_, _
from drs_tui.result.diff.columns import plan_columns
from drs_tui.result.diff.entries import CHANGED, EntryChange, pair_entries
from drs_tui.result.diff.rows import (
    Cancelled,
    ProgressHook,
    RowChange,
    RowSummary,
    compare_tables,
)
from drs_tui.result.diff.sorted_rows import RUN_BYTES, SpillFolder
from drs_tui.result.errors import PreviewError, ResultError
from drs_tui.result.preview import Preview, PreviewKind, preview_entry
from drs_tui.result.zip import ResultArchive, ZipEntry


class NoCommonEntryError(ResultError):
    """The two archives share no file (by name or by kind), or `--entry` names one that
    the other archive lacks."""

    title = N_("Nothing to compare")
    exit_code = USAGE


class ResultComparison:
    def __init__(
        self,
        old: ResultArchive,
        new: ResultArchive,
        *,
        entry: str | None = None,
        key: Sequence[str] | None = None,
        temp_dir: str | Path | None = None,
        run_bytes: int = RUN_BYTES,
    ) -> None:
        """`temp_dir` holds the sorted runs (default: the system's temporary folder);
        `run_bytes` is about how much of an entry's rows is held before a run is written."""
        self.old, self.new = old, new
        self.run_bytes = run_bytes
        self.key = list(key) if key else None
        self.temp_dir = temp_dir
        for archive in (old, new):
            if archive.problems:
                raise ResultError(
                    _("{name} is damaged: {problem}").format(
                        name=archive.name, problem=archive.problems[0]
                    ),
                    title=_("Damaged archive"),
                    hint=_(
                        "Fetch the result again; `drs-tui ls FILE` shows what can still be read."
                    ),
                )
        self.entries = pair_entries(old, new)
        if not any(change.paired for change in self.entries):
            raise NoCommonEntryError(
                _("{old} and {new} have no entry in common, by name or by kind.").format(
                    old=old.name, new=new.name
                ),
                hint=_("Compare two results of the same job (drs-tui ls lists what each holds)."),
            )
        if entry is not None:
            self.tables = [self._chosen(entry)]
        else:
            self.tables = [c for c in self.entries if c.tabular and c.status == CHANGED]

    def _chosen(self, name: str) -> EntryChange:
        for change in self.entries:
            if name in (change.old_name, change.new_name):
                if not change.paired:
                    side = self.old.name if change.old is None else self.new.name
                    raise NoCommonEntryError(
                        _("{name} has no counterpart in {side}.").format(name=name, side=side),
                        hint=_("Run `drs-tui diff OLD NEW` without --entry to see what pairs."),
                    )
                return change
        self.old.find(name)  # raises UnknownNameError with close matches
        raise NoCommonEntryError(  # found, but not a file: a folder
            _("{name} is a folder; name a file inside it.").format(name=name),
            hint=_("Run `drs-tui diff OLD NEW` without --entry to see what pairs."),
        )

    def table(
        self,
        change: EntryChange,
        *,
        progress: ProgressHook | None = None,
        cancelled: Cancelled | None = None,
    ) -> TableComparison:
        return TableComparison(self, change, progress=progress, cancelled=cancelled)


class TableComparison:
    """The rows of one pair of entries; a context manager that frees both documents
    and the temporary runs. `summary` is None (with `note`) when the entries are not
    tables (a JSON document that is not a list of records, say)."""

    def __init__(
        self,
        owner: ResultComparison,
        change: EntryChange,
        *,
        progress: ProgressHook | None,
        cancelled: Cancelled | None,
    ) -> None:
        assert change.old is not None and change.new is not None
        self.change = change
        self._progress, self._cancelled = progress, cancelled
        self._run_bytes = owner.run_bytes
        self._spill = SpillFolder(owner.temp_dir)
        self._previews: list[Preview] = []
        self.note: str | None = None
        self.summary: RowSummary | None = None
        try:
            old = self._open(owner.old, change.old)
            new = self._open(owner.new, change.new)
            if old is None or new is None:
                self.note = _("not a table: compared as a whole entry only")
                return
            assert old.document is not None and new.document is not None
            plan = plan_columns(
                old.document.columns,
                new.document.columns,
                old.document.error_column,
                new.document.error_column,
                key=owner.key,
            )
            self.summary = RowSummary(plan)
        except BaseException:
            self.close()
            raise

    def _open(self, archive: ResultArchive, entry: ZipEntry) -> Preview | None:
        preview = preview_entry(archive, entry)
        self._previews.append(preview)
        if preview.kind is PreviewKind.PROBLEM:
            raise preview.error or PreviewError(preview.problem or "")
        document = preview.document
        if document is None or document.kind != "table" or not document.columns:
            return None
        return preview

    def changes(self) -> Iterator[RowChange]:
        """The rows that differ, streamed; nothing when `summary` is None."""
        if self.summary is None:
            return iter(())
        old, new = (p.document for p in self._previews)
        assert old is not None and new is not None
        return compare_tables(
            old,
            new,
            self.summary.plan,
            self._spill,
            self.summary,
            run_bytes=self._run_bytes,
            progress=self._progress,
            cancelled=self._cancelled,
        )

    def close(self) -> None:
        for preview in self._previews:
            preview.close()
        self._previews = []
        self._spill.close()

    def __enter__(self) -> TableComparison:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
