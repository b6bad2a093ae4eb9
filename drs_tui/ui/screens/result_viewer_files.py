"""Saving the result ZIP elsewhere and extracting entries, for the result viewer.

Both ask for a destination, then run in a thread worker of group "files". Nothing is
ever replaced without a yes from the person: the worker looks for existing files first
and, when there are some, asks in a modal and waits for the answer (the UI stays live).
Writing itself is the engine's (`drs_tui.result.zip.extract`): atomic, and never outside the
chosen folder.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from drs_tui.result import (
    ResultError,
    UnsafePathError,
    ZipEntry,
    extract_entries,
    safe_relative_parts,
    save_copy,
)
from drs_tui.ui.screens.result_viewer_dialogs import ConfirmDialog, PathPrompt

if TYPE_CHECKING:
    from drs_tui.result import ResultArchive
    from drs_tui.ui.origin import ResultOrigin
    from drs_tui.ui.widgets.entry_list import ZipEntryList

_LISTED = 5


class FileActions(Screen[None]):
    """The save and extract actions; the viewer provides path, archive and entry list."""

    path: Path
    origin: ResultOrigin | None
    archive: ResultArchive | None

    @property
    def entry_list(self) -> ZipEntryList:
        raise NotImplementedError

    def default_folder(self) -> Path:
        """Where extracted files go unless the person says otherwise."""
        return self.path.resolve().parent / f"{self.path.stem}_files"

    # -- actions --------------------------------------------------------------------------

    def action_save_zip(self) -> None:
        prompt = PathPrompt(
            "Save a copy of the result ZIP as",
            Path.cwd().resolve() / self.path.name,
            "A folder keeps the file name. An existing file is replaced only if you say so.",
        )
        self.app.push_screen(prompt, self._save_to)

    def _save_to(self, dest: Path | None) -> None:
        if dest is not None:
            self._save(dest)

    def action_extract_entry(self) -> None:
        entry = self.entry_list.cursor_entry()
        if entry is None or self.archive is None:
            return
        entries = [entry]
        if entry.is_dir:
            entries = [e for e in self.archive.entries if e.name.startswith(entry.name)]
        self._ask_folder(f"Extract {entry.name} into the folder", entries)

    def action_extract_all(self) -> None:
        if self.archive is not None:
            self._ask_folder(f"Extract all {len(self.archive):,} entries into the folder", None)

    def _ask_folder(self, title: str, entries: Sequence[ZipEntry] | None) -> None:
        hint = "Folders are created as needed. Existing files are replaced only if you say so."

        def chosen(dest: Path | None) -> None:
            if dest is not None:
                self._extract(entries, dest)

        self.app.push_screen(PathPrompt(title, self.default_folder(), hint), chosen)

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="files", exit_on_error=False, description="save")
    def _save(self, dest: Path) -> str:
        target = dest / self.path.name if dest.is_dir() else dest
        overwrite = False
        if os.path.lexists(target):
            question = ConfirmDialog(
                "Replace the file?", f"{target} already exists.\nReplace it with this ZIP?"
            )
            if not self._ask(question):
                return f"Not saved: {target} already exists."
            overwrite = True
        written = save_copy(self.path, target, overwrite=overwrite)
        return f"Saved {written}"

    @work(thread=True, exclusive=True, group="files", exit_on_error=False, description="extract")
    def _extract(self, entries: Sequence[ZipEntry] | None, dest: Path) -> str:
        archive = self.archive
        assert archive is not None
        chosen = list(archive.entries if entries is None else entries)
        existing = _existing_files(chosen, dest)
        if existing:
            shown = "\n".join(f"  {p}" for p in existing[:_LISTED])
            more = f"\n  … and {len(existing) - _LISTED:,} more" if len(existing) > _LISTED else ""
            count = "1 file" if len(existing) == 1 else f"{len(existing):,} files"
            verb = "exists" if len(existing) == 1 else "exist"
            question = ConfirmDialog(
                "Replace existing files?",
                f"{count} already {verb} in {dest}:\n{shown}{more}\n\nReplace them?",
                yes="Replace",
                no="Keep them",
            )
            if not self._ask(question):
                return f"Nothing was extracted: {count} already {verb} in {dest}."
        failures: list[tuple[ZipEntry, ResultError]] = []
        written = extract_entries(
            archive,
            chosen,
            dest,
            overwrite=bool(existing),
            on_error=lambda entry, error: failures.append((entry, error)),
        )
        files = sum(1 for path in written if not path.is_dir())
        message = f"Extracted {files:,} file{'s' if files != 1 else ''} to {dest}"
        if failures:
            entry, error = failures[0]
            message += f"; {len(failures):,} not extracted ({entry.name}: {error.message})"
        return message

    def _ask(self, dialog: ModalScreen[Any]) -> Any:
        """Show `dialog` from a worker thread and wait for its answer (None if cancelled)."""
        answer: list[Any] = []
        done = threading.Event()

        def answered(value: Any) -> None:
            answer.append(value)
            done.set()

        self.app.call_from_thread(self.app.push_screen, dialog, answered)
        worker = get_current_worker()
        while not done.wait(0.1):
            if worker.is_cancelled:
                return None
        return answer[0]

    def file_worker_done(self, worker: Worker[Any]) -> None:
        if worker.group == "files" and isinstance(worker.result, str):
            done = worker.result.startswith(("Saved", "Extracted"))
            self.notify(worker.result, severity="information" if done else "warning", timeout=8)


def _existing_files(entries: Sequence[ZipEntry], dest: Path) -> list[Path]:
    """Targets that already exist (unsafe names are left to the engine to refuse)."""
    existing: list[Path] = []
    for entry in entries:
        if entry.is_dir:
            continue
        try:
            target = dest.joinpath(*safe_relative_parts(entry))
        except UnsafePathError:
            continue
        if os.path.lexists(target):
            existing.append(target)
    return existing
