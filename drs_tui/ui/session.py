"""The connection the app is using right now, and the built-in demo profiles.

No Textual here. A `Session` is what the header shows and what every screen's API calls
use; the app swaps it when the person picks another profile or region.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from drs_tui.connection.settings import AuthMethod, ConnectionSettings
from drs_tui.credentials.source import CredentialSource
from drs_tui.i18n import N_, _

if TYPE_CHECKING:
    from drs_tui.api.client import DrsClient
    from drs_tui.connection.tunables import Tunables

# Marked for the catalog; shown through gettext() (a switch of language takes effect).
METHOD_WORDS = {
    "token": N_("IAM token"),
    "password": N_("IAM user + password"),
    "aksk": "AK/SK",  # i18n: keep
}


@dataclass(frozen=True)
class Session:
    settings: ConnectionSettings
    profile: str  # profile name, "environment", or a demo profile's name
    demo: bool = False
    credential_source: CredentialSource = CredentialSource.KEYRING

    @property
    def region(self) -> str:
        return self.settings.region

    def header(self) -> str:
        """`profile NAME · region · DEMO`, in the language of the moment."""
        parts = [_("profile {name}").format(name=self.profile), self.settings.region]
        if self.credential_source is CredentialSource.MEMORY:
            parts.append(_("secrets in memory"))
        if self.demo:
            parts.append(_("DEMO"))
        return " · ".join(parts)

    def in_region(self, region: str) -> Session:
        """The same credentials in another region: its project id is looked up again.

        Endpoint overrides belong to one region and are dropped, except in the demo,
        whose simulator serves every region on one address.
        """
        settings = replace(self.settings, region=region, project_id=None)
        if not self.demo:
            settings = replace(settings, drs_endpoint=None, iam_endpoint=None)
        return replace(self, settings=settings)


@dataclass(frozen=True)
class DemoProfile:
    name: str
    method: AuthMethod
    note: str


DEMO_PROFILES = (
    DemoProfile("demo", "token", "static IAM token of the demo account"),
    DemoProfile("demo-password", "password", "IAM user demo-user / demo-password"),
    DemoProfile("demo-aksk", "aksk", "permanent access key of the demo account"),
)


# The connection tunables of `drs-tui --demo` (flags, environment), set once by launch.
_demo_tunables: tuple[tuple[Tunables, str], ...] = ()


def tune_demo(*layers: tuple[Tunables, str]) -> None:
    global _demo_tunables
    _demo_tunables = layers


def demo_session(base_url: str, profile: DemoProfile = DEMO_PROFILES[0]) -> Session:
    from drs_tui.connection.tunables import apply_tunables
    from drs_tui.simulator.demo import demo_settings

    settings = replace(demo_settings(base_url, profile.method), label=profile.name)
    settings = apply_tunables(settings, *_demo_tunables)
    return Session(settings, profile.name, demo=True, credential_source=CredentialSource.DEMO)


def open_client(session: Session) -> DrsClient:
    """A client for the session (imports httpx; the app calls this in a thread)."""
    from drs_tui.api.client import DrsClient

    return DrsClient(session.settings)
