"""`drs-tui profile`: named connection profiles, their secrets in the OS keyring.

Secrets are never flags: `add` asks for them without echo, or reads them from stdin
with `--secret-stdin` (first line: the token, password or SK; for AK/SK an optional
second line: the security token of temporary keys).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from drs_tui import exit_codes, i18n
from drs_tui.commands.connection import add_tunable_arguments
from drs_tui.commands.output import (
    cell_width,
    pad,
    print_json,
    print_table,
    printable,
    report_failure,
)
from drs_tui.connection.settings import AUTH_METHODS, LANGUAGES, Secret
from drs_tui.connection.tunables import TUNABLE_NAMES
from drs_tui.credentials import prompts
from drs_tui.errors import UsageError
from drs_tui.i18n import N_, _

if TYPE_CHECKING:
    from drs_tui.credentials.catalog import ProfileCatalog
    from drs_tui.credentials.secret_store import SecretField

_PROFILE_FIELDS = (
    ("project_id", N_("Project ID")),
    ("domain_name", N_("Account (domain)")),
    ("user_name", N_("IAM user")),
    ("user_id", N_("IAM user ID")),
    ("drs_endpoint", N_("DRS endpoint")),
    ("iam_endpoint", N_("IAM endpoint")),
    ("language", N_("Language")),
    ("note", N_("Note")),
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "profile",
        help=_("manage connection profiles"),
        description=_(
            "`drs-tui profile`: named connection profiles, their secrets in the OS keyring.\n\n"
            "Secrets are never flags: `add` asks for them without echo, or reads them from "
            "stdin with `--secret-stdin` (first line: the token, password or SK; for AK/SK an "
            "optional second line: the security token of temporary keys)."
        ),
    )
    parser.set_defaults(handler=lambda args: parser.print_help() or exit_codes.OK)
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--credential-store",
        choices=("keyring", "memory"),
        help=_("where secrets live (default: the credential_store setting, else keyring)"),
    )
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    commands = parser.add_subparsers(dest="profile_command", metavar="SUBCOMMAND")

    p = commands.add_parser("list", parents=[store, json_flag], help=_("list profiles"))
    p.set_defaults(handler=run_list)

    p = commands.add_parser("add", parents=[store], help=_("add a profile (or change one)"))
    p.add_argument("name", help=_("profile name, e.g. prod-hk"))
    p.add_argument("--update", action="store_true", help=_("change an existing profile"))
    p.add_argument("--method", choices=AUTH_METHODS, help=_("token, password or aksk"))
    p.add_argument("--region", help=_("region, e.g. ap-southeast-1"))
    p.add_argument("--project-id", help=_("project ID (looked up from IAM when absent)"))
    p.add_argument("--domain", dest="domain_name", help=_("account (domain) name, password method"))
    p.add_argument("--user", dest="user_name", help=_("IAM user name, password method"))
    p.add_argument("--user-id", help=_("IAM user ID (only needed with MFA)"))
    p.add_argument(
        "--mfa",
        action=argparse.BooleanOptionalAction,
        help=_(
            "password method: sign in with a one-time MFA code, asked for at each sign-in "
            "(or read from DRS_TUI_MFA_CODE); needs --user-id"
        ),
    )
    p.add_argument("--access-key", help=_("access key ID (AK), aksk method"))
    p.add_argument("--endpoint", dest="drs_endpoint", help=_("DRS endpoint override"))
    p.add_argument("--iam-endpoint", help=_("IAM endpoint override"))
    p.add_argument("--language", choices=LANGUAGES, help=_("X-Language of API answers"))
    p.add_argument("--note", help=_("free text shown with the profile"))
    add_tunable_arguments(p)  # saved as the profile's connect_timeout, read_timeout, retry_count
    secrets = p.add_mutually_exclusive_group()
    secrets.add_argument(
        "--secret-stdin",
        action="store_true",
        help=_("read the secret(s) from stdin, one a line"),
    )
    secrets.add_argument(
        "--no-secret", action="store_true", help=_("save without a secret (give it later)")
    )
    p.add_argument("--default", action="store_true", help=_("make it the default profile"))
    p.set_defaults(handler=run_add)

    p = commands.add_parser("show", parents=[store, json_flag], help=_("show a profile"))
    p.add_argument("name", nargs="?", help=_("profile name (default: the default profile)"))
    p.set_defaults(handler=run_show)

    p = commands.add_parser("remove", parents=[store], help=_("remove a profile and its secrets"))
    p.add_argument("name", help=_("profile name"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(handler=run_remove)

    p = commands.add_parser(
        "test", parents=[store, json_flag], help=_("sign in and list one job with a profile")
    )
    p.add_argument("name", nargs="?", help=_("profile name (default: the default profile)"))
    p.set_defaults(handler=run_test)

    p = commands.add_parser(
        "path", parents=[store, json_flag], help=_("where the config and the secrets are")
    )
    p.set_defaults(handler=run_path)

    p = commands.add_parser("default", help=_("show or set the default profile"))
    p.add_argument("name", nargs="?", help=_("profile to make the default (none: show it)"))
    p.add_argument("--unset", action="store_true", help=_("have no default profile"))
    p.set_defaults(handler=run_default)


# The flag of each profile field, for messages.
_FLAGS = {
    "domain_name": "--domain",
    "user_name": "--user",
    "user_id": "--user-id",
    "mfa": "--mfa",
    "access_key": "--access-key",
    "drs_endpoint": "--endpoint",
}
_SECRET_WORDS = {"present": N_("stored"), "missing": N_("MISSING"), "unknown": N_("unknown")}


def _catalog(args: argparse.Namespace) -> ProfileCatalog:
    from drs_tui.credentials.catalog import ProfileCatalog

    return ProfileCatalog(credential_store=getattr(args, "credential_store", None))


def _note(text: str) -> None:
    print(text, file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:
    listing = _catalog(args).listing()
    if args.json:
        keys = ("name", "method", "region", "is_default", "secret_state")
        trouble = listing.store_problem
        print_json(
            {
                "config_path": str(listing.config_path),
                "default_profile": listing.default_profile,
                "credential_store": listing.store_kind,
                "store_problem": trouble.message if trouble else None,
                "profiles": [{key: getattr(e, key) for key in keys} for e in listing.entries],
                "invalid": [{"name": p.name, "problem": p.message} for p in listing.problems],
            }
        )
        return exit_codes.OK
    if not listing.entries and not listing.problems:
        print(_("No profiles yet. Create one with:"))
        example = "drs-tui profile add NAME --method aksk --region REGION --access-key AK"
        print(f"  {example}")
        return exit_codes.OK
    rows = [
        [
            e.name + (" *" if e.is_default else ""),
            e.method,
            e.region,
            i18n._(_SECRET_WORDS[e.secret_state]),
        ]
        for e in listing.entries
    ]
    print_table([_("NAME"), _("METHOD"), _("REGION"), _("SECRET")], rows)
    if listing.default_profile:
        print()
        print(_("* default profile"))
    for problem in listing.problems:
        _note(
            _("Profile {name!r} cannot be used: {problem}").format(
                name=problem.name, problem=problem.message
            )
        )
    if listing.store_problem is not None:
        _note("")
        _note(
            _("Secrets could not be checked. {problem}").format(
                problem=listing.store_problem.message
            )
        )
        _note(listing.store_problem.hint)
    if listing.env_override:
        _note("")
        _note(
            _("Note: {variable} is set and takes precedence over every profile.").format(
                variable=listing.env_override
            )
        )
    return exit_codes.OK


def run_add(args: argparse.Namespace) -> int:
    from drs_tui.credentials.profiles import Profile, ProfileNotFoundError, method_of_field
    from drs_tui.credentials.secret_store import FIXES_FOR_SAVING, KeyringUnavailableError
    from drs_tui.credentials.validation import validate_name

    catalog = _catalog(args)
    name = validate_name(args.name)
    snapshot = catalog.file.read()
    old = snapshot.profiles.get(name)
    if old is not None and not args.update:
        raise UsageError(
            _("Profile {name!r} already exists.").format(name=name),
            hint=_(
                "Add --update to change it: `drs-tui profile add {name} --update ...` "
                "(Enter at a secret prompt keeps the stored one)."
            ).format(name=name),
        )
    if old is None and args.update:
        raise ProfileNotFoundError(
            _("There is no profile named {name!r} to update.").format(name=name)
        )
    values: dict[str, Any] = {} if old is None else old.to_toml()
    given: dict[str, Any] = {}
    for key in (
        "method",
        "region",
        "access_key",
        "mfa",
        *(k for k, _label in _PROFILE_FIELDS),
        *TUNABLE_NAMES,
    ):
        value = getattr(args, key, None)
        if value is not None:
            given[key] = value or None  # an empty value clears an optional field
    values.update(given)
    for key in ("method", "region"):
        if not values.get(key):
            raise UsageError(_("--{key} is required for a new profile.").format(key=key))
    for key, value in given.items():
        owner = method_of_field(key)
        if value is not None and owner is not None and owner != values["method"]:
            raise UsageError(
                _("{flag} is only used by the {owner} method; this profile uses {method}.").format(
                    flag=_FLAGS.get(key, key), owner=owner, method=values["method"]
                ),
                hint=_("Leave it out, or change the method with --method."),
            )
    # Fields of the old method are dropped by Profile when the method changes.
    profile = Profile(name=name, **{k: v for k, v in values.items() if v is not None})
    method_changed = old is not None and old.method != profile.method
    secrets: dict[SecretField, Secret | None] = {}
    forget: list[SecretField] = []
    if not args.no_secret:
        store = catalog.store
        if store.kind == "memory":
            raise UsageError(
                _(
                    "The credential store is 'memory': a secret typed here would vanish when "
                    "this command ends."
                ),
                hint=_(
                    "Use --no-secret and type the secret in the app, or --credential-store keyring."
                ),
            )
        try:
            store.check()  # explain a missing keyring before asking for anything
        except KeyringUnavailableError as exc:
            exc.hint = FIXES_FOR_SAVING  # the memory store cannot keep what `add` saves
            raise
        stored = {} if old is None or method_changed else catalog.secrets_of(name)
        secrets = prompts.ask_profile_secrets(profile, stored, from_stdin=args.secret_stdin)
        if secrets.get("secret_key") and not secrets.get("security_token"):
            forget = [f for f in profile.optional_secrets if stored.get(f)]
    first = not snapshot.profiles and not snapshot.default_profile
    catalog.save(profile, secrets, forget=forget, make_default=args.default or first)
    where = catalog.store.description
    print(
        _("Saved profile {name!r} ({method}, {region}) in {path}.").format(
            name=name, method=profile.method, region=profile.region, path=catalog.file.path
        )
    )
    if any(secrets.values()):
        print(_("Secrets are in the {store}.").format(store=where))
    elif args.no_secret:
        print(_("No secret saved: give it in the app, or with `--update` later."))
    if args.default or first:
        print(_("{name!r} is the default profile.").format(name=name))
    return exit_codes.OK


def run_show(args: argparse.Namespace) -> int:
    from drs_tui.connection.check import METHOD_LABELS
    from drs_tui.credentials.secret_store import SECRET_LABELS, KeyringUnavailableError

    catalog = _catalog(args)
    snapshot = catalog.file.read()
    name = args.name or snapshot.default_profile
    if not name:
        raise UsageError(_("No profile named and no default profile set."))
    profile = snapshot.get(name)
    problem = None
    try:
        present = catalog.secrets_of(name)
        state = {f: "stored" if ok else "missing" for f, ok in present.items()}
    except KeyringUnavailableError as exc:
        problem = exc
        state = {f: "unknown" for f in profile.required_secrets + profile.optional_secrets}
    if args.json:
        data = {"name": name, "default": name == snapshot.default_profile, **profile.to_toml()}
        if profile.access_key:
            data["access_key"] = mask(profile.access_key)
        print_json({**data, "secrets": state, "credential_store": catalog.store.kind})
        return exit_codes.OK
    is_default = name == snapshot.default_profile
    rows = [
        (_("Profile"), _("{name} (default)").format(name=name) if is_default else name),
        (_("Auth method"), i18n._(METHOD_LABELS[profile.method])),
        (_("Region"), profile.region),
    ]
    if profile.access_key:
        rows.append((_("Access key ID"), mask(profile.access_key)))
    rows += [
        (i18n._(label), getattr(profile, key))
        for key, label in _PROFILE_FIELDS
        if getattr(profile, key)
    ]
    if profile.mfa:
        rows.append(("MFA", _("yes: a one-time code is asked for at each sign-in")))
    rows += [
        (key, f"{value:g}") for key in TUNABLE_NAMES if (value := getattr(profile, key)) is not None
    ]
    for field, word in state.items():
        shown = {
            "stored": _("stored ({store})").format(store=catalog.store.description),
            "missing": _("MISSING"),
            "unknown": _("unknown"),
        }
        if word != "missing" or field in profile.required_secrets:
            label = prompts.capitalise(i18n._(SECRET_LABELS[field]))
            rows.append((label, shown.get(word, word)))
    _print_rows(rows)
    if "missing" in [state[f] for f in profile.required_secrets]:
        _note("")
        _note(_("Store the secret with `drs-tui profile add {name} --update`.").format(name=name))
    if problem is not None:
        _note(f"\n{problem.message}\n{problem.hint}")
    return exit_codes.OK


def mask(value: str) -> str:
    """Like aws-cli: only the last four characters of an identifier."""
    return "*" * max(len(value) - 4, 4) + value[-4:]


def _print_rows(rows: list[tuple[str, str]]) -> None:
    heads = [_("{label}:").format(label=label) for label, _value in rows]
    width = max(map(cell_width, heads))
    for head, (_label, value) in zip(heads, rows, strict=True):
        print(f"{pad(head, width)} {printable(value)}")  # e.g. a job name from the server


def run_remove(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    snapshot = catalog.file.read()
    if args.name not in snapshot.profiles and args.name not in {p.name for p in snapshot.problems}:
        snapshot.get(args.name)  # says there is no such profile, and which there are
    if not args.yes:
        if not prompts.is_interactive():
            raise UsageError(_("Removing a profile needs confirmation."), hint=_("Add --yes."))
        answer = input(
            _("Remove profile {name!r} and its stored secrets? [y/N] ").format(name=args.name)
        )
        if answer.strip().lower() not in ("y", "yes"):
            print(_("Nothing removed."))
            return exit_codes.OK
    outcome = catalog.delete(args.name)
    if outcome.secrets_deleted:
        print(_("Removed profile {name!r} and its secrets.").format(name=args.name))
    else:
        print(_("Removed profile {name!r}.").format(name=args.name))
    if outcome.warning:
        _note(outcome.warning)
    return exit_codes.OK


def run_test(args: argparse.Namespace) -> int:
    from drs_tui.credentials.resolve import env_credentials_in_effect

    catalog = _catalog(args)
    name = args.name or catalog.file.read().default_profile
    if not name:
        raise UsageError(_("No profile named and no default profile set."))
    import asyncio  # here, not at import: `drs-tui --help` stays fast

    from drs_tui.api.connection_check import check_connection

    check = asyncio.run(catalog.check(name, connect=check_connection, ask_mfa=prompts.ask_mfa_code))
    rows = check.fields()  # English keys in every language
    if args.json and check.error is None:
        print_json({**rows, "ok": check.ok})
    elif not args.json and (check.elapsed or check.ok):  # a failure before any request
        _print_rows(check.summary())  # is only the error
    override = env_credentials_in_effect()
    if override:
        _note(
            _("Note: {variable} is set; `jobs` and `fetch` use it instead of this profile.").format(
                variable=override
            )
        )
    if check.error is not None:
        # One JSON object for a failure too: the error's fields, with what the test saw.
        return report_failure(check.error, as_json=args.json, extra={"ok": False, "test": rows})
    return exit_codes.OK


def run_path(args: argparse.Namespace) -> int:
    from drs_tui.credentials.keyring_store import KeyringSecretStore
    from drs_tui.credentials.secret_store import SERVICE, KeyringUnavailableError

    catalog = _catalog(args)
    store = catalog.store
    problem = ""
    try:
        store.check()
    except KeyringUnavailableError as exc:
        problem = exc.message
    backend = store.backend_name if isinstance(store, KeyringSecretStore) else ""
    data = {
        "config_path": str(catalog.file.path),
        "config_exists": catalog.file.path.exists(),
        "credential_store": store.kind,
        "keyring_backend": backend or None,
        "keyring_service": SERVICE if store.kind == "keyring" else None,
        "problem": problem or None,
    }
    if args.json:
        print_json(data)
        return exit_codes.OK
    path = str(catalog.file.path)
    rows = [
        (
            _("Config file"),
            path if data["config_exists"] else _("{path} (not yet)").format(path=path),
        ),
        (_("Credential store"), store.description),
    ]
    if store.kind == "keyring":
        rows.append((_("Keyring entries"), _("'<profile>:<field>', e.g. 'prod:secret_key'")))
    if problem:
        rows.append((_("Keyring problem"), problem))
    _print_rows(rows)
    return exit_codes.OK


def run_default(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.unset:
        catalog.set_default(None)
        print(_("No default profile now."))
    elif args.name:
        catalog.set_default(args.name)
        print(_("{name!r} is the default profile.").format(name=args.name))
    else:
        print(catalog.file.read().default_profile or _("(no default profile)"))
    return exit_codes.OK
