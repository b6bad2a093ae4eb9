"""The demo account: what `drs-tui --demo` and the tests sign in with."""

from __future__ import annotations

from dataclasses import dataclass

# Real project ids are 32 hex characters; these are recognisably fake.
PROJECT_IDS = {
    "ap-southeast-1": "0d3m0000000000000000000000000a01",
    "cn-north-4": "0d3m0000000000000000000000000c04",
    "eu-west-101": "0d3m0000000000000000000000000e01",
}
# Regions of the simulator where the template APIs are not offered (APIGW.0101).
REGIONS_WITHOUT_TEMPLATE_API = frozenset({"eu-west-101"})
# Regions that serve the template APIs as the public reference documents them, refusing
# what only the SDK knows (compare types, file_export_object_level, progress type), as a
# region running an older DRS might: 400 DRS.M00202.
REGIONS_WITHOUT_SDK_ONLY = frozenset({"cn-north-4"})


@dataclass(frozen=True)
class DemoAccount:
    region: str = "ap-southeast-1"
    domain_name: str = "demo-account"
    user_name: str = "demo-user"
    user_id: str = "0d3m0000000000000000000000000u01"
    password: str = "demo-password"  # noqa: S105  (demo only, documented)
    mfa_code: str = "123456"
    token: str = "demo-token-0001"  # noqa: S105  a static token the demo accepts
    access_key: str = "DEMOAKDRSTUI00000001"
    secret_key: str = "demo-secret-key-0001"  # noqa: S105
    temp_access_key: str = "DEMOTEMPAKDRSTUI0001"
    temp_secret_key: str = "demo-temp-secret-0001"  # noqa: S105
    security_token: str = "demo-security-token-0001"  # noqa: S105

    @property
    def project_id(self) -> str:
        return PROJECT_IDS[self.region]


DEMO = DemoAccount()
