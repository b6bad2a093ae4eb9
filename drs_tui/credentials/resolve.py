"""Turn flags, environment and a profile into the ConnectionSettings of one session.

Precedence, per value, highest first:

1. command-line flags (`--region`, `--project-id`, `--endpoint`, `--iam-endpoint`,
   `--language`); secrets are never flags;
2. environment: HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN)
   or DRS_TUI_TOKEN for credentials, HUAWEICLOUD_SDK_REGION, HUAWEICLOUD_SDK_PROJECT_ID;
3. the profile: `--profile`, else DRS_TUI_PROFILE, else `default_profile` in the config;
   its secrets come from the credential store (`--credential-store`, else the
   `credential_store` setting, else the OS keyring);
4. defaults: endpoints derived from the region by the client, the X-Language of the UI
   language (zh-cn for Chinese, else en-us), project id looked up from IAM.

The connection tunables (timeouts, retry count) follow the same order; see
connection/tunables.py.

Credentials from the environment replace the profile's credentials as a whole (an AK
never pairs with another source's SK), and then the credential store is not touched, so
environment variables work on hosts without any keyring.

MFA: a password profile with `mfa = true` needs a one-time passcode at each sign-in. It
is never stored: it comes from DRS_TUI_MFA_CODE, else from the `ask_mfa` callback (a
terminal prompt, prompts.ask_mfa_code, or a dialog), else MfaCodeRequiredError.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from drs_tui import exit_codes
from drs_tui.connection.settings import (
    LANGUAGES,
    AkSkCredentials,
    ConnectionSettings,
    Credentials,
    PasswordCredentials,
    Secret,
    TokenCredentials,
)
from drs_tui.connection.tunables import (
    FLAGS,
    Tunables,
    apply_tunables,
    check_tunable,
    from_environment,
)
from drs_tui.credentials.mfa import ENV_MFA_CODE, AskMfa, with_mfa_code
from drs_tui.credentials.profiles import ConfigSnapshot, Profile, ProfileFile
from drs_tui.credentials.secret_store import (
    SECRET_LABELS,
    STORE_KINDS,
    SecretField,
    SecretStore,
    TypedSecrets,
    open_secret_store,
)
from drs_tui.credentials.source import CredentialSource
from drs_tui.credentials.validation import (
    validate_access_key,
    validate_endpoint,
    validate_name,
    validate_project_id,
    validate_region,
)
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.i18n import N_, _

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"  # noqa: S105 (a variable name)
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_REGION = "HUAWEICLOUD_SDK_REGION"
ENV_TOKEN = "DRS_TUI_TOKEN"  # noqa: S105 (a variable name holding an IAM token)
ENV_PROFILE = "DRS_TUI_PROFILE"
CREDENTIAL_ENV_VARS = (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN, ENV_TOKEN)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionFlags:
    """The connection choices a command line can make. Secrets are not among them."""

    profile: str | None = None
    region: str | None = None
    project_id: str | None = None
    endpoint: str | None = None  # DRS endpoint
    iam_endpoint: str | None = None
    credential_store: str | None = None  # "keyring" | "memory"
    language: str | None = None
    connect_timeout: float | None = None
    read_timeout: float | None = None
    retry_count: int | None = None

    @property
    def tunables(self) -> Tunables:
        return Tunables(self.connect_timeout, self.read_timeout, self.retry_count)


class MissingSecretError(DrsTuiError):
    """A profile's secret is not in the credential store; nothing was sent."""

    title = N_("Secret missing")
    exit_code = exit_codes.AUTH
    needs_credentials = True

    def __init__(self, profile: str, field: SecretField, store_kind: str) -> None:
        label = SECRET_LABELS[field]
        if store_kind == "memory":
            message = _(
                "Profile {profile!r} has no {label} in this session's memory store "
                "(session secrets are forgotten when drs-tui exits)."
            ).format(profile=profile, label=label)
            hint = _(
                "Type it in the app's credentials screen, set it in the environment "
                "({variables}), or use --credential-store keyring."
            ).format(variables=_env_hint(field))
        else:
            message = _("Profile {profile!r} has no {label} in the keyring.").format(
                profile=profile, label=label
            )
            hint = _(
                "Store it with `drs-tui profile add {profile} --update` (it asks without "
                "echo), or set it in the environment ({variables})."
            ).format(profile=profile, variables=_env_hint(field))
        super().__init__(message, hint=hint)
        self.profile = profile
        self.field = field
        self.store_kind = store_kind


class NoCredentialsError(DrsTuiError):
    title = N_("No credentials")
    exit_code = exit_codes.AUTH
    needs_credentials = True


def _env_hint(field: SecretField) -> str:
    if field in ("secret_key", "security_token"):
        return _("{ak} and {sk}").format(ak=ENV_AK, sk=ENV_SK)
    if field == "token":
        return ENV_TOKEN
    return _("{ak}/{sk} or {token}").format(ak=ENV_AK, sk=ENV_SK, token=ENV_TOKEN)


@dataclass(frozen=True)
class Resolution:
    """The settings, the profile they used (if any), where the credentials came from,
    and where each value came from in words (`sources`, for people)."""

    settings: ConnectionSettings
    profile: Profile | None
    credential_source: CredentialSource
    sources: Mapping[str, str] = field(default_factory=dict)


def resolve_settings(
    flags: ConnectionFlags,
    env: Mapping[str, str] | None = None,
    store: SecretStore | None = None,
    *,
    ask_mfa: AskMfa | None = None,
) -> ConnectionSettings:
    """The ConnectionSettings for `flags`; see the module docstring for precedence.

    `env` defaults to os.environ; pass `{}` to use the profile alone. `store` defaults to
    the process-wide store chosen by `flags.credential_store` or the config setting; it
    is only opened when the credentials come from a profile. `ask_mfa` is called for the
    passcode of an MFA profile when DRS_TUI_MFA_CODE is not set.
    """
    return resolve_connection(flags, env, store, ask_mfa=ask_mfa).settings


def resolve_connection(
    flags: ConnectionFlags,
    env: Mapping[str, str] | None = None,
    store: SecretStore | None = None,
    *,
    config: ProfileFile | None = None,
    ask_mfa: AskMfa | None = None,
) -> Resolution:
    """Like resolve_settings, also saying which profile and sources were used."""
    env = os.environ if env is None else env
    _check_flags(flags)
    snapshot = (config or ProfileFile()).read()
    profile, profile_source = _choose_profile(flags, env, snapshot)
    sources: dict[str, str] = {}
    if profile is not None:
        sources["profile"] = profile_source

    credentials = _credentials_from_env(env, sources)
    credential_source = CredentialSource.ENVIRONMENT
    if credentials is None and profile is None:
        raise _no_credentials(snapshot)
    # Project ids and endpoints belong to one region: a profile's are dropped when the
    # region comes from elsewhere and differs.
    profile_region = profile.region if profile else None
    region_flag = flags.region or env.get(ENV_REGION, "").strip()
    same_region = not region_flag or region_flag == profile_region

    def pick(name: str, flag: str | None, env_var: str | None, attribute: str) -> str:
        from_profile: str | None = None
        if profile is not None and (same_region or attribute in ("region", "language")):
            from_profile = getattr(profile, attribute)
        for value, source in (
            (flag, _("flag --{flag}").format(flag=name.replace("_", "-"))),
            (
                env.get(env_var, "").strip() if env_var else None,
                _("environment {variable}").format(variable=env_var),
            ),
            (from_profile, _("profile {name!r}").format(name=profile.name) if profile else ""),
        ):
            if value:
                sources[name] = source
                return value
        return ""

    region = pick("region", flags.region, ENV_REGION, "region")
    if not region:
        raise UsageError(
            _("No region chosen."),
            hint=_("Pass --region (e.g. ap-southeast-1), set {variable}, or use a profile.").format(
                variable=ENV_REGION
            ),
        )
    validate_region(region)
    project_id = pick("project_id", flags.project_id, ENV_PROJECT_ID, "project_id")
    if project_id:
        validate_project_id(project_id)
    drs_endpoint = pick("endpoint", flags.endpoint, None, "drs_endpoint")
    iam_endpoint = pick("iam_endpoint", flags.iam_endpoint, None, "iam_endpoint")
    language = pick("language", flags.language, None, "language") or None  # None: the UI's
    if language is not None and language not in LANGUAGES:
        raise UsageError(
            _("Invalid language {language!r}.").format(language=language),
            hint=_("Use one of {choices}.").format(choices=", ".join(LANGUAGES)),
        )

    if credentials is None:
        assert profile is not None
        chosen = store or open_secret_store(flags.credential_store or snapshot.credential_store)
        credentials = _credentials_from_profile(profile, chosen)
        credential_source = CredentialSource.of_store(chosen.kind)
        sources["credentials"] = _("profile {name!r} ({store})").format(
            name=profile.name, store=chosen.kind
        )
        if profile.mfa:
            code = env.get(ENV_MFA_CODE, "")
            sources["mfa_code"] = (
                _("environment {variable}").format(variable=ENV_MFA_CODE) if code else _("asked")
            )
            credentials = with_mfa_code(credentials, profile, code or None, ask_mfa)

    settings = ConnectionSettings(
        region=region,
        credentials=credentials,
        project_id=project_id or None,
        drs_endpoint=validate_endpoint(drs_endpoint, _("DRS endpoint")) if drs_endpoint else None,
        iam_endpoint=validate_endpoint(iam_endpoint, _("IAM endpoint")) if iam_endpoint else None,
        language=language,
        label=profile.name if profile else _("environment"),
    )
    settings = apply_tunables(
        settings,
        (flags.tunables, "flag"),
        (from_environment(env), "environment"),
        (profile.tunables if profile else Tunables(), "profile"),
        sources=sources,
    )
    _log.info(
        "connection: method %s, region %s, profile %s; chosen by %s",
        credentials.method,
        region,
        profile.name if profile else "-",
        ", ".join(f"{key}: {value}" for key, value in sources.items()) or "-",
    )
    return Resolution(settings, profile, credential_source, sources)


def _check_flags(flags: ConnectionFlags) -> None:
    """Typos on the command line are reported first, whatever else is wrong."""
    if flags.region:
        validate_region(flags.region)
    if flags.project_id:
        validate_project_id(flags.project_id)
    if flags.endpoint:
        validate_endpoint(flags.endpoint, _("DRS endpoint"))
    if flags.iam_endpoint:
        validate_endpoint(flags.iam_endpoint, _("IAM endpoint"))
    if flags.language and flags.language not in LANGUAGES:
        raise UsageError(
            _("Invalid language {language!r}.").format(language=flags.language),
            hint=_("Use one of {choices}.").format(choices=", ".join(LANGUAGES)),
        )
    for name, value in flags.tunables.given().items():
        check_tunable(name, value, FLAGS[name])
    if flags.credential_store and flags.credential_store not in STORE_KINDS:
        raise UsageError(
            _("Unknown credential store {kind!r}.").format(kind=flags.credential_store),
            hint=_("Use keyring or memory."),
        )


def _choose_profile(
    flags: ConnectionFlags, env: Mapping[str, str], snapshot: ConfigSnapshot
) -> tuple[Profile | None, str]:
    for name, source in (
        (flags.profile, _("flag --{flag}").format(flag="profile")),
        (
            env.get(ENV_PROFILE, "").strip(),
            _("environment {variable}").format(variable=ENV_PROFILE),
        ),
    ):
        if name:
            return snapshot.get(validate_name(name)), source
    default = snapshot.default_profile
    if default and default in snapshot.profiles:
        return snapshot.profiles[default], _("default_profile in the config file")
    if default:
        # A stale default must not silently switch accounts: say so.
        snapshot.get(default)
    return None, ""


def _credentials_from_env(env: Mapping[str, str], sources: dict[str, str]) -> Credentials | None:
    ak = env.get(ENV_AK, "").strip()
    sk = env.get(ENV_SK, "").strip()
    security_token = env.get(ENV_SECURITY_TOKEN, "").strip()
    token = env.get(ENV_TOKEN, "").strip()
    if (ak or sk or security_token) and not (ak and sk):
        given = [name for name, value in ((ENV_AK, ak), (ENV_SK, sk)) if value]
        absent = [name for name in (ENV_AK, ENV_SK) if name not in given]
        raise UsageError(
            _("{given} is set but {absent} is not.").format(
                given=", ".join(given) or ENV_SECURITY_TOKEN, absent=_(" and ").join(absent)
            ),
            hint=_("Set both the AK and the SK, or unset them to use a profile."),
        )
    if ak and token:
        raise UsageError(
            _("Both {ak}/{sk} and {token} are set; drs-tui will not guess which to use.").format(
                ak=ENV_AK, sk=ENV_SK, token=ENV_TOKEN
            ),
            hint=_("Unset one of them."),
        )
    if ak:
        validate_access_key(ak)
        sources["credentials"] = _("environment {variable}").format(variable=f"{ENV_AK}/{ENV_SK}")
        return AkSkCredentials(
            access_key=ak,
            secret_key=Secret(sk),
            security_token=Secret(security_token) if security_token else None,
        )
    if token:
        sources["credentials"] = _("environment {variable}").format(variable=ENV_TOKEN)
        return TokenCredentials(token=Secret(token))
    return None


def read_profile_secrets(profile: Profile, store: SecretStore) -> dict[SecretField, Secret | None]:
    """The profile's secrets from the store; required ones missing are None."""
    found: dict[SecretField, Secret | None] = {}
    for name in profile.required_secrets + profile.optional_secrets:
        found[name] = store.get(profile.name, name)
    return found


def _credentials_from_profile(profile: Profile, store: SecretStore) -> Credentials:
    secrets = read_profile_secrets(profile, store)
    for name in profile.required_secrets:
        if not secrets[name]:
            raise MissingSecretError(profile.name, name, store.kind)

    def secret(name: SecretField) -> Secret:
        value = secrets[name]
        assert value is not None
        return value

    if profile.method == "token":
        return TokenCredentials(token=secret("token"))
    if profile.method == "password":
        assert profile.domain_name and profile.user_name
        return PasswordCredentials(
            domain_name=profile.domain_name,
            user_name=profile.user_name,
            password=secret("password"),
            user_id=profile.user_id,
        )
    assert profile.access_key
    return AkSkCredentials(
        access_key=profile.access_key,
        secret_key=secret("secret_key"),
        security_token=secrets.get("security_token"),
    )


def _no_credentials(snapshot: ConfigSnapshot) -> NoCredentialsError:
    if snapshot.profiles:
        names = ", ".join(sorted(snapshot.profiles))
        return NoCredentialsError(
            _(
                "No profile chosen and no credentials in the environment (profiles: {names})."
            ).format(names=names),
            hint=(
                _(
                    "Pass --profile NAME, make one the default with `drs-tui profile default "
                    "NAME`, or set {ak}/{sk} or {token}."
                ).format(ak=ENV_AK, sk=ENV_SK, token=ENV_TOKEN)
            ),
        )
    return NoCredentialsError(
        _("No profile exists yet and no credentials are set in the environment."),
        hint=(
            _(
                "Create one with `drs-tui profile add NAME --method aksk --region REGION "
                "--access-key AK`, or set {ak}/{sk} or {token}."
            ).format(ak=ENV_AK, sk=ENV_SK, token=ENV_TOKEN)
        ),
    )


def resolve_with_prompt(
    flags: ConnectionFlags,
    ask: Callable[[MissingSecretError], Secret | None],
    env: Mapping[str, str] | None = None,
    *,
    ask_mfa: AskMfa | None = None,
) -> ConnectionSettings:
    """resolve_settings, calling `ask` for each missing secret (a terminal prompt or a
    dialog run from a worker thread). Answers are used for this resolution only and never
    stored; when `ask` returns None the MissingSecretError is raised. `ask_mfa` is passed
    on (it is called once, after every secret is there)."""
    typed: dict[SecretField, Secret | None] = {}
    store: SecretStore | None = None
    while True:
        try:
            return resolve_settings(flags, env, store, ask_mfa=ask_mfa)
        except MissingSecretError as exc:
            answer = None if exc.field in typed else ask(exc)
            if not answer:
                raise
            typed[exc.field] = answer
            kind = flags.credential_store or ProfileFile().read().credential_store
            store = TypedSecrets(open_secret_store(kind), exc.profile, typed)


def settings_from_profile(
    profile: Profile, store: SecretStore, *, ask_mfa: AskMfa | None = None
) -> ConnectionSettings:
    """The profile alone: no flags, no environment. For `profile test` and the UI; an MFA
    profile's passcode comes from `ask_mfa` only."""
    credentials = _credentials_from_profile(profile, store)
    settings = ConnectionSettings(
        region=profile.region,
        credentials=with_mfa_code(credentials, profile, None, ask_mfa),
        project_id=profile.project_id,
        drs_endpoint=profile.drs_endpoint,
        iam_endpoint=profile.iam_endpoint,
        language=profile.language or None,
        label=profile.name,
    )
    return apply_tunables(settings, (profile.tunables, "profile"))


def env_credentials_in_effect(env: Mapping[str, str] | None = None) -> str | None:
    """Which environment credentials would override every profile, if any are set."""
    env = os.environ if env is None else env
    if env.get(ENV_AK, "").strip() or env.get(ENV_SK, "").strip():
        return f"{ENV_AK}/{ENV_SK}"
    if env.get(ENV_TOKEN, "").strip():
        return ENV_TOKEN
    return None
