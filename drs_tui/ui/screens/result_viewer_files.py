"""Saving the result ZIP elsewhere and extracting entries, for the result viewer.

Both ask for a destination, then run in a thread worker of group "files" on the viewer,
which hands a finished one back to `SaveAndExtract.report` (and shows a failed one as it
shows every failure). Nothing is ever replaced without a yes from the person: the worker
looks for existing files first and, when there are some, asks in a modal and waits for
the answer (the UI stays live). Writing itself is the engine's
(`drs_tui.result.zip.extract`): atomic, and never outside the chosen folder.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from drs_tui.i18n import _, ngettext
from drs_tui.result import (
    DestinationExistsError,
    ResultError,
    UnsafePathError,
    ZipEntry,
    extract_entries,
    safe_relative_parts,
    save_copy,
)
from drs_tui.safe_text import safe_lines
from drs_tui.ui.screens.result_viewer_dialogs import ConfirmDialog, PathPrompt
from drs_tui.ui.user_paths import free_target

if TYPE_CHECKING:
    from drs_tui.result import ResultArchive

_LISTED = 5
Outcome = tuple[bool, str]  # done (something was written), and what to tell the person


class SaveAndExtract:
    """The viewer's save (s), extract (x) and extract all (X), for the ZIP at `path`."""

    def __init__(self, viewer: Screen[Any], path: Path) -> None:
        self.viewer = viewer
        self.path = path

    def default_folder(self) -> Path:
        """Where extracted files go unless the person says otherwise."""
        return self.path.resolve().parent / f"{self.path.stem}_files"

    # -- what the viewer's keys start -----------------------------------------------------

    def proposed_copy(self) -> Path:
        """Where `s` proposes to save: the ZIP's name in the working folder, or when a
        file has that name there (the ZIP itself, when it was opened from there), the
        first free `NAME-copy.zip`, `NAME-copy-2.zip`..."""
        return free_target(Path.cwd().resolve(), self.path.name, "-copy")

    def save_zip(self) -> None:
        prompt = PathPrompt(
            _("Save a copy of the result ZIP as"),
            self.proposed_copy(),
            _(
                "A folder keeps the file name. An existing file is replaced only if you say so;"
                " the ZIP shown here never is."
            ),
        )
        self.viewer.app.push_screen(prompt, self._save_to)

    def _save_to(self, dest: Path | None) -> None:
        if dest is not None:
            self._start(self._save, dest, description="save")

    def extract_entry(self, archive: ResultArchive, entry: ZipEntry) -> None:
        """Extract `entry`, or everything under it when it is a folder."""
        entries = [entry]
        if entry.is_dir:
            entries = [e for e in archive.entries if e.name.startswith(entry.name)]
        title = _("Extract {name} into the folder").format(name=entry.name)
        self._ask_folder(archive, title, entries)

    def extract_all(self, archive: ResultArchive) -> None:
        count = len(archive)
        title = ngettext(
            "Extract the {count} entry into the folder",
            "Extract all {count} entries into the folder",
            count,
        ).format(count=f"{count:,}")
        self._ask_folder(archive, title, None)

    def _ask_folder(
        self, archive: ResultArchive, title: str, entries: Sequence[ZipEntry] | None
    ) -> None:
        hint = _("Folders are created as needed. Existing files are replaced only if you say so.")

        def chosen(dest: Path | None) -> None:
            if dest is not None:
                self._start(self._extract, archive, entries, dest, description="extract")

        self.viewer.app.push_screen(PathPrompt(title, self.default_folder(), hint), chosen)

    def report(self, worker: Worker[Any]) -> None:
        """Say what a finished save or extract did (or why it did nothing)."""
        if isinstance(worker.result, tuple):
            done, message = worker.result
            self.viewer.notify(  # names entries and their errors: never markup, never raw
                safe_lines(message),
                severity="information" if done else "warning",
                timeout=8,
                markup=False,
            )

    # -- workers --------------------------------------------------------------------------

    def _start(self, job: Callable[..., Outcome], *args: Any, description: str) -> None:
        self.viewer.run_worker(
            partial(job, *args),
            name=description,
            group="files",
            description=description,
            exit_on_error=False,
            exclusive=True,
            thread=True,
        )

    def _save(self, dest: Path) -> Outcome:
        target = dest / self.path.name if dest.is_dir() else dest
        overwrite = False
        if _same_file(target, self.path):
            message = _("Not saved: {path} is the ZIP shown here. Choose another name.")
            return False, message.format(path=target)
        if os.path.lexists(target):
            question = ConfirmDialog(
                _("Replace the file?"),
                _("{path} already exists.\nReplace it with this ZIP?").format(path=target),
            )
            if not self._ask(question):
                return False, _("Not saved: {path} already exists.").format(path=target)
            overwrite = True
        written = save_copy(self.path, target, overwrite=overwrite)
        return True, _("Saved {path}").format(path=written)

    def _extract(
        self, archive: ResultArchive, entries: Sequence[ZipEntry] | None, dest: Path
    ) -> Outcome:
        chosen = list(archive.entries if entries is None else entries)
        existing = _existing_files(chosen, dest)
        many = len(existing)
        answer: bool | None = None
        if existing:
            listed = [f"  {p}" for p in existing[:_LISTED]]
            if many > _LISTED:
                listed.append("  " + _("… and {count} more").format(count=f"{many - _LISTED:,}"))
            question = ConfirmDialog(
                _("Replace existing files?"),
                ngettext(
                    "{count} file already exists in {folder}:\n{files}\n\n"
                    "Replace them, or keep them and extract the rest?",
                    "{count} files already exist in {folder}:\n{files}\n\n"
                    "Replace them, or keep them and extract the rest?",
                    many,
                ).format(count=f"{many:,}", folder=dest, files="\n".join(listed)),
                yes=_("Replace"),
                no=_("Keep them"),
                cancel=_("extract nothing"),
            )
            answer = self._ask(question)
            if answer is None:
                message = ngettext(
                    "Nothing was extracted: {count} file already exists in {folder}.",
                    "Nothing was extracted: {count} files already exist in {folder}.",
                    many,
                )
                return False, message.format(count=f"{many:,}", folder=dest)
        # "Keep them" is the engine's own rule without overwrite: it skips each existing
        # file (a DestinationExistsError through on_error) and writes the rest.
        failures: list[tuple[ZipEntry, ResultError]] = []
        written = extract_entries(
            archive,
            chosen,
            dest,
            overwrite=answer is True,
            on_error=lambda entry, error: failures.append((entry, error)),
        )
        failures = [f for f in failures if not isinstance(f[1], DestinationExistsError)]
        files = sum(1 for path in written if not path.is_dir())
        done = ngettext(
            "Extracted {count} file to {folder}", "Extracted {count} files to {folder}", files
        )
        said = [done.format(count=f"{files:,}", folder=dest)]
        if existing and answer is False:
            kept = ngettext(
                "kept the {count} file already there", "kept the {count} files already there", many
            )
            said.append(kept.format(count=f"{many:,}"))
        if failures:
            entry, error = failures[0]
            failed = _("{count} not extracted ({name}: {error})")
            said.append(
                failed.format(count=f"{len(failures):,}", name=entry.name, error=error.message)
            )
        return True, _("; ").join(said)  # a list of clauses: Chinese writes "；"

    def _ask(self, dialog: ModalScreen[Any]) -> Any:
        """Show `dialog` from a worker thread and wait for its answer (None if cancelled)."""
        answer: list[Any] = []
        done = threading.Event()

        def answered(value: Any) -> None:
            answer.append(value)
            done.set()

        self.viewer.app.call_from_thread(self.viewer.app.push_screen, dialog, answered)
        worker = get_current_worker()
        while not done.wait(0.1):
            if worker.is_cancelled:
                return None
        return answer[0]


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


def _same_file(target: Path, source: Path) -> bool:
    try:
        return target.exists() and target.samefile(source)
    except OSError:
        return False
