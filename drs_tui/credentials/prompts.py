"""Asking the person at a terminal: the secrets of `profile add`, and a missing secret or
an MFA passcode for one command. What is typed is never echoed, and nothing here stores
it. Prompts go to the terminal (getpass), never to stdout, so `--json > file` stays clean.

The app asks through its own dialogs instead and passes them as callbacks to
`resolve_with_prompt`; this module never imports Textual.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from drs_tui.connection.settings import Secret
from drs_tui.errors import UsageError
from drs_tui.i18n import _

if TYPE_CHECKING:
    from drs_tui.connection.settings import ConnectionSettings
    from drs_tui.credentials.profiles import Profile
    from drs_tui.credentials.resolve import ConnectionFlags, MissingSecretError
    from drs_tui.credentials.secret_store import SecretField


def is_interactive() -> bool:
    """True when a person can answer on stdin."""
    return sys.stdin.isatty()


def note(text: str) -> None:
    """A remark for the person, on stderr so stdout stays clean for scripts."""
    print(text, file=sys.stderr)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def read_line() -> str:
    """One line of stdin without its line ending (`--secret-stdin`)."""
    return sys.stdin.readline().rstrip("\r\n")


def ask_profile_secrets(
    profile: Profile, stored: Mapping[SecretField, bool], *, from_stdin: bool
) -> dict[SecretField, Secret | None]:
    """The profile's secrets, asked without echo or read from stdin one a line.

    Enter keeps a stored secret (the answer is None); a required secret that is neither
    typed nor stored is a UsageError, so nothing half-done is saved.
    """
    from drs_tui.credentials.secret_store import SECRET_LABELS

    if not from_stdin and not is_interactive():
        raise UsageError(
            _("There is no terminal to ask for the secret."),
            hint=_("Pipe it in with --secret-stdin, or save without it using --no-secret."),
        )
    answers: dict[SecretField, Secret | None] = {}
    for field in profile.required_secrets + profile.optional_secrets:
        label = SECRET_LABELS[field]
        required = field in profile.required_secrets
        if stored.get(field):
            prompt = _("{label} [Enter keeps the stored one]: ").format(label=capitalise(label))
        elif required:
            prompt = _("{label}: ").format(label=capitalise(label))
        else:
            prompt = _("{label} (temporary keys only; Enter for none): ").format(
                label=capitalise(label)
            )
        value = read_line() if from_stdin else getpass.getpass(prompt)
        if not value and required and not stored.get(field):
            raise UsageError(_("No {label} given; nothing was saved.").format(label=label))
        answers[field] = Secret(value) if value else None
    return answers


def ask_missing_secret(error: MissingSecretError) -> Secret | None:
    """On a terminal, the secret the error names, for this command only; else None."""
    from drs_tui.credentials.secret_store import SECRET_LABELS

    if not is_interactive():
        return None
    note(
        _("{message} Type it to use it for this command (it is not saved).").format(
            message=error.message
        )
    )
    value = getpass.getpass(_("{label}: ").format(label=capitalise(SECRET_LABELS[error.field])))
    return Secret(value) if value else None


def ask_mfa_code(profile: str) -> str | None:
    """The MFA passcode for one sign-in: DRS_TUI_MFA_CODE when set, else asked on a
    terminal (again after a typo, up to three times); None when nobody can answer."""
    from drs_tui.credentials.mfa import ENV_MFA_CODE, check_mfa_code

    code = os.environ.get(ENV_MFA_CODE, "").strip()
    if code or not is_interactive():
        return code or None
    for _attempt in range(3):
        code = getpass.getpass(
            _("MFA code for profile {profile!r} (6 digits): ").format(profile=profile)
        ).strip()
        if not code:
            return None
        try:
            return check_mfa_code(code)
        except UsageError as exc:
            note(exc.message)
    return None


def resolve_on_terminal(
    flags: ConnectionFlags, env: Mapping[str, str] | None = None
) -> ConnectionSettings:
    """resolve_settings for `jobs`/`fetch`: on a terminal a missing secret, and the
    passcode of an MFA profile, are asked for and used for this command only (nothing
    is stored). Without a terminal: MissingSecretError or MfaCodeRequiredError."""
    from drs_tui.credentials.resolve import resolve_with_prompt

    return resolve_with_prompt(flags, ask_missing_secret, env, ask_mfa=ask_mfa_code)
