"""`drs-tui profile`: named connection profiles, their secrets in the OS keyring.

Secrets are never flags: `add` asks for them without echo, or reads them from stdin
with `--secret-stdin` (first line: the token, password or SK; for AK/SK an optional
second line: the security token of temporary keys).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from drs_tui import exit_codes
from drs_tui.commands.output import print_json, print_table, printable, report_failure
from drs_tui.connection.settings import AUTH_METHODS, LANGUAGES, Secret
from drs_tui.credentials import prompts
from drs_tui.errors import UsageError

if TYPE_CHECKING:
    from drs_tui.credentials.catalog import ProfileCatalog
    from drs_tui.credentials.secret_store import SecretField

_PROFILE_FIELDS = (
    ("project_id", "Project ID"),
    ("domain_name", "Account (domain)"),
    ("user_name", "IAM user"),
    ("user_id", "IAM user ID"),
    ("drs_endpoint", "DRS endpoint"),
    ("iam_endpoint", "IAM endpoint"),
    ("language", "Language"),
    ("note", "Note"),
)


def register(sub: Any) -> None:
    parser = sub.add_parser("profile", help="manage connection profiles", description=__doc__)
    parser.set_defaults(handler=lambda args: parser.print_help() or exit_codes.OK)
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--credential-store",
        choices=("keyring", "memory"),
        help="where secrets live (default: the credential_store setting, else keyring)",
    )
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print JSON for scripts")
    commands = parser.add_subparsers(dest="profile_command", metavar="SUBCOMMAND")

    p = commands.add_parser("list", parents=[store, json_flag], help="list profiles")
    p.set_defaults(handler=run_list)

    p = commands.add_parser("add", parents=[store], help="add a profile (or change one)")
    p.add_argument("name", help="profile name, e.g. prod-hk")
    p.add_argument("--update", action="store_true", help="change an existing profile")
    p.add_argument("--method", choices=AUTH_METHODS, help="token, password or aksk")
    p.add_argument("--region", help="region, e.g. ap-southeast-1")
    p.add_argument("--project-id", help="project ID (looked up from IAM when absent)")
    p.add_argument("--domain", dest="domain_name", help="account (domain) name, password method")
    p.add_argument("--user", dest="user_name", help="IAM user name, password method")
    p.add_argument("--user-id", help="IAM user ID (only needed with MFA)")
    p.add_argument(
        "--mfa",
        action=argparse.BooleanOptionalAction,
        help="password method: sign in with a one-time MFA code, asked for at each sign-in "
        "(or read from DRS_TUI_MFA_CODE); needs --user-id",
    )
    p.add_argument("--access-key", help="access key ID (AK), aksk method")
    p.add_argument("--endpoint", dest="drs_endpoint", help="DRS endpoint override")
    p.add_argument("--iam-endpoint", help="IAM endpoint override")
    p.add_argument("--language", choices=LANGUAGES, help="X-Language of API answers")
    p.add_argument("--note", help="free text shown with the profile")
    secrets = p.add_mutually_exclusive_group()
    secrets.add_argument(
        "--secret-stdin", action="store_true", help="read the secret(s) from stdin, one a line"
    )
    secrets.add_argument(
        "--no-secret", action="store_true", help="save without a secret (give it later)"
    )
    p.add_argument("--default", action="store_true", help="make it the default profile")
    p.set_defaults(handler=run_add)

    p = commands.add_parser("show", parents=[store, json_flag], help="show a profile")
    p.add_argument("name", nargs="?", help="profile name (default: the default profile)")
    p.set_defaults(handler=run_show)

    p = commands.add_parser("remove", parents=[store], help="remove a profile and its secrets")
    p.add_argument("name", help="profile name")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=run_remove)

    p = commands.add_parser(
        "test", parents=[store, json_flag], help="sign in and list one job with a profile"
    )
    p.add_argument("name", nargs="?", help="profile name (default: the default profile)")
    p.set_defaults(handler=run_test)

    p = commands.add_parser(
        "path", parents=[store, json_flag], help="where the config and the secrets are"
    )
    p.set_defaults(handler=run_path)

    p = commands.add_parser("default", help="show or set the default profile")
    p.add_argument("name", nargs="?", help="profile to make the default (none: show it)")
    p.add_argument("--unset", action="store_true", help="have no default profile")
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
_SECRET_WORDS = {"present": "stored", "missing": "MISSING", "unknown": "unknown"}


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
        print("No profiles yet. Create one with:")
        print("  drs-tui profile add NAME --method aksk --region REGION --access-key AK")
        return exit_codes.OK
    rows = [
        [e.name + (" *" if e.is_default else ""), e.method, e.region, _SECRET_WORDS[e.secret_state]]
        for e in listing.entries
    ]
    print_table(["NAME", "METHOD", "REGION", "SECRET"], rows)
    if listing.default_profile:
        print("\n* default profile")
    for problem in listing.problems:
        _note(f"Profile {problem.name!r} cannot be used: {problem.message}")
    if listing.store_problem is not None:
        _note(f"\nSecrets could not be checked. {listing.store_problem.message}")
        _note(listing.store_problem.hint)
    if listing.env_override:
        _note(f"\nNote: {listing.env_override} is set and takes precedence over every profile.")
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
            f"Profile {name!r} already exists.",
            hint=f"Add --update to change it: `drs-tui profile add {name} --update ...` "
            "(Enter at a secret prompt keeps the stored one).",
        )
    if old is None and args.update:
        raise ProfileNotFoundError(f"There is no profile named {name!r} to update.")
    values: dict[str, Any] = {} if old is None else old.to_toml()
    given: dict[str, Any] = {}
    for key in ("method", "region", "access_key", "mfa", *(k for k, _ in _PROFILE_FIELDS)):
        value = getattr(args, key, None)
        if value is not None:
            given[key] = value or None  # an empty value clears an optional field
    values.update(given)
    for key in ("method", "region"):
        if not values.get(key):
            raise UsageError(f"--{key} is required for a new profile.")
    for key, value in given.items():
        owner = method_of_field(key)
        if value is not None and owner is not None and owner != values["method"]:
            raise UsageError(
                f"{_FLAGS.get(key, key)} is only used by the {owner} method; this profile "
                f"uses {values['method']}.",
                hint="Leave it out, or change the method with --method.",
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
                "The credential store is 'memory': a secret typed here would vanish when "
                "this command ends.",
                hint="Use --no-secret and type the secret in the app, or --credential-store "
                "keyring.",
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
    print(f"Saved profile {name!r} ({profile.method}, {profile.region}) in {catalog.file.path}.")
    if any(secrets.values()):
        print(f"Secrets are in the {where}.")
    elif args.no_secret:
        print("No secret saved: give it in the app, or with `--update` later.")
    if args.default or first:
        print(f"{name!r} is the default profile.")
    return exit_codes.OK


def run_show(args: argparse.Namespace) -> int:
    from drs_tui.connection.check import METHOD_LABELS
    from drs_tui.credentials.secret_store import SECRET_LABELS, KeyringUnavailableError

    catalog = _catalog(args)
    snapshot = catalog.file.read()
    name = args.name or snapshot.default_profile
    if not name:
        raise UsageError("No profile named and no default profile set.")
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
    rows = [
        ("Profile", name + (" (default)" if name == snapshot.default_profile else "")),
        ("Auth method", METHOD_LABELS[profile.method]),
        ("Region", profile.region),
    ]
    if profile.access_key:
        rows.append(("Access key ID", mask(profile.access_key)))
    rows += [
        (label, getattr(profile, key)) for key, label in _PROFILE_FIELDS if getattr(profile, key)
    ]
    if profile.mfa:
        rows.append(("MFA", "yes: a one-time code is asked for at each sign-in"))
    for field, word in state.items():
        shown = {"stored": f"stored ({catalog.store.description})", "missing": "MISSING"}
        if word != "missing" or field in profile.required_secrets:
            rows.append((prompts.capitalise(SECRET_LABELS[field]), shown.get(word, word)))
    _print_rows(rows)
    if "missing" in [state[f] for f in profile.required_secrets]:
        _note(f"\nStore the secret with `drs-tui profile add {name} --update`.")
    if problem is not None:
        _note(f"\n{problem.message}\n{problem.hint}")
    return exit_codes.OK


def mask(value: str) -> str:
    """Like aws-cli: only the last four characters of an identifier."""
    return "*" * max(len(value) - 4, 4) + value[-4:]


def _print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{width}} {printable(value)}")  # e.g. a job name from the server


def run_remove(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    snapshot = catalog.file.read()
    if args.name not in snapshot.profiles and args.name not in {p.name for p in snapshot.problems}:
        snapshot.get(args.name)  # says there is no such profile, and which there are
    if not args.yes:
        if not prompts.is_interactive():
            raise UsageError("Removing a profile needs confirmation.", hint="Add --yes.")
        answer = input(f"Remove profile {args.name!r} and its stored secrets? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing removed.")
            return exit_codes.OK
    outcome = catalog.delete(args.name)
    print(
        f"Removed profile {args.name!r}" + (" and its secrets." if outcome.secrets_deleted else ".")
    )
    if outcome.warning:
        _note(outcome.warning)
    return exit_codes.OK


def run_test(args: argparse.Namespace) -> int:
    from drs_tui.credentials.resolve import env_credentials_in_effect

    catalog = _catalog(args)
    name = args.name or catalog.file.read().default_profile
    if not name:
        raise UsageError("No profile named and no default profile set.")
    import asyncio  # here, not at import: `drs-tui --help` stays fast

    from drs_tui.api.connection_check import check_connection

    check = asyncio.run(catalog.check(name, connect=check_connection, ask_mfa=prompts.ask_mfa_code))
    rows = {label.lower().replace(" ", "_"): value for label, value in check.summary()}
    if args.json and check.error is None:
        print_json({**rows, "ok": check.ok})
    elif not args.json and (check.elapsed or check.ok):  # a failure before any request
        _print_rows(check.summary())  # is only the error
    override = env_credentials_in_effect()
    if override:
        _note(f"Note: {override} is set; `jobs` and `fetch` use it instead of this profile.")
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
    rows = [
        ("Config file", str(catalog.file.path) + ("" if data["config_exists"] else " (not yet)")),
        ("Credential store", store.description),
    ]
    if store.kind == "keyring":
        rows.append(("Keyring entries", "'<profile>:<field>', e.g. 'prod:secret_key'"))
    if problem:
        rows.append(("Keyring problem", problem))
    _print_rows(rows)
    return exit_codes.OK


def run_default(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.unset:
        catalog.set_default(None)
        print("No default profile now.")
    elif args.name:
        catalog.set_default(args.name)
        print(f"{args.name!r} is the default profile.")
    else:
        print(catalog.file.read().default_profile or "(no default profile)")
    return exit_codes.OK
