"""MFA passcodes: one-time, so never stored, and asked for at each sign-in.

A password profile with `mfa = true` (and its `user_id`, which IAM needs with a TOTP
passcode) signs in with the 6-digit code the user's virtual MFA device shows. The code
comes from DRS_TUI_MFA_CODE when set, else from an `AskMfa` callback (the terminal prompt
`prompts.ask_mfa_code`, or a dialog of the app), else MfaCodeRequiredError is raised
before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from drs_tui import exit_codes
from drs_tui.connection.settings import Credentials, PasswordCredentials, Secret
from drs_tui.credentials.profiles import Profile
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.i18n import N_, _

ENV_MFA_CODE = "DRS_TUI_MFA_CODE"  # a one-time passcode, for one command

AskMfa = Callable[[str], str | None]
"""Called with the profile name; returns the passcode typed, or None if nobody can answer."""

_MFA_CODE = re.compile(r"[0-9]{6}")


class MfaCodeRequiredError(DrsTuiError):
    """An MFA profile and nobody to ask for the passcode; nothing was sent."""

    title = N_("MFA code needed")
    exit_code = exit_codes.AUTH

    def __init__(self, profile: str) -> None:
        super().__init__(
            _(
                "Profile {profile!r} signs in with MFA: each sign-in needs the 6-digit code "
                "your virtual MFA device shows now."
            ).format(profile=profile),
            hint=_(
                "Run the command on a terminal to be asked for it, or pass it for one "
                "command: {variable}=123456 drs-tui ..."
            ).format(variable=ENV_MFA_CODE),
        )
        self.profile = profile


def with_mfa_code(
    credentials: Credentials, profile: Profile, code: str | None, ask_mfa: AskMfa | None
) -> Credentials:
    """The password credentials of an MFA profile with its passcode: `code` when given,
    else `ask_mfa`'s answer; MfaCodeRequiredError when there is neither."""
    if not isinstance(credentials, PasswordCredentials) or not profile.mfa:
        return credentials
    if code is None and ask_mfa is not None:
        code = ask_mfa(profile.name)
    if not code:
        raise MfaCodeRequiredError(profile.name)
    return replace(credentials, mfa_code=Secret(check_mfa_code(code)), user_id=profile.user_id)


def check_mfa_code(code: str) -> str:
    """Six digits, spaces around them ignored; the value is never repeated in the error."""
    code = code.strip()
    if not _MFA_CODE.fullmatch(code):
        raise UsageError(
            _("The MFA code must be 6 digits."),
            hint=_("Type the code your virtual MFA device shows now."),
        )
    return code
