"""Where a session's credentials came from, as a value to switch on (never a parsed
sentence: the words for people are in `Resolution.sources`)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drs_tui.credentials.secret_store import StoreKind


class CredentialSource(Enum):
    """Secrets are never command-line flags, so flags are not a source."""

    ENVIRONMENT = "environment"  # HUAWEICLOUD_SDK_AK/SK (+ security token) or DRS_TUI_TOKEN
    KEYRING = "keyring"  # a profile, its secrets in the OS keyring
    MEMORY = "memory"  # a profile, its secrets typed into this session only
    DEMO = "demo"  # the simulator's demo account (`drs-tui --demo`)

    @classmethod
    def of_store(cls, kind: StoreKind) -> CredentialSource:
        """The source of a profile's secrets read from a store of this kind."""
        return cls.MEMORY if kind == "memory" else cls.KEYRING
