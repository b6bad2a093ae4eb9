"""The one exception tree of drs-tui.

Every layer raises `DrsTuiError` or a subclass; the CLI prints it and the UI shows it
in its error view. Texts never contain secrets.

What may fix an error is said by the error itself, in attributes the UI reads to choose
where it shows and which next steps it offers; never by its class name or its text.
"""

from __future__ import annotations

from drs_tui import exit_codes, i18n
from drs_tui.i18n import N_, _


class DrsTuiError(Exception):
    """An error a person can act on: a title, a message and a hint."""

    title = N_("Error")  # class titles are marked; __init__ translates them
    exit_code = exit_codes.FAILURE
    # Only new credentials can fix it: the UI opens the profiles screen.
    needs_credentials: bool = False
    # Other credentials may fix it (e.g. a user without permission): a profile step.
    credentials_may_help: bool = False
    # Another region may serve the request: a region step.
    region_may_help: bool = False

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        title: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.request_id = request_id
        # translated when raised (the language is set by then), whatever the subclass says
        self.title = title if title is not None else i18n._(self.title)

    def details(self) -> list[tuple[str, str]]:
        """Label/value pairs for the error view and stderr, most useful first."""
        rows = [(_("Error"), self.message)]
        if self.hint:
            rows.append((_("Hint"), self.hint))
        if self.request_id:
            rows.append((_("Request ID"), self.request_id))
        return rows

    def __str__(self) -> str:
        return self.message


class UsageError(DrsTuiError):
    """A bad input value, caught before anything is sent or written."""

    title = N_("Invalid input")
    exit_code = exit_codes.USAGE


class LocalFileError(DrsTuiError):
    """A local file cannot be read or written as asked."""

    title = N_("File error")
    exit_code = exit_codes.BAD_RESULT
