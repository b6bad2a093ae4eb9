"""Regions and endpoints of DRS and IAM, and the enumerations of the result API."""

from __future__ import annotations

from collections.abc import Mapping

from drs_tui.i18n import N_, _
from drs_tui.i18n.labels import TranslatedLabels

# The regions of huaweicloudsdkdrs's DrsRegion (v5, SDK 3.1.219: 34 regions), in its order,
# with the console's English names where Huawei publishes one (blank: the code alone), marked
# for the catalog and shown through gettext().
REGIONS: dict[str, str] = {
    "eu-west-101": N_("EU-Dublin"),
    "cn-north-4": N_("CN North-Beijing4"),
    "cn-north-1": N_("CN North-Beijing1"),
    "cn-south-1": N_("CN South-Guangzhou"),
    "cn-east-3": N_("CN East-Shanghai1"),
    "cn-east-2": N_("CN East-Shanghai2"),
    "cn-north-2": N_("CN North-Beijing2"),
    "ap-southeast-3": N_("AP-Singapore"),
    "ap-southeast-1": N_("CN-Hong Kong"),
    "ap-southeast-2": N_("AP-Bangkok"),
    "sa-brazil-1": N_("LA-Sao Paulo1"),
    "la-south-2": N_("LA-Santiago"),
    "la-north-2": N_("LA-Mexico City2"),
    "na-mexico-1": N_("LA-Mexico City1"),
    "af-south-1": N_("AF-Johannesburg"),
    "cn-north-9": N_("CN North-Ulanqab1"),
    "cn-southwest-2": N_("CN Southwest-Guiyang1"),
    "cn-south-2": N_("CN South-Shenzhen"),
    "cn-south-4": N_("CN South-Guangzhou-InvitationOnly"),
    "tr-west-1": N_("TR-Istanbul"),
    "ap-southeast-4": N_("AP-Jakarta"),
    "eu-west-0": N_("EU-Paris"),
    "ru-moscow-1": N_("RU-Moscow"),
    "ae-ad-1": N_("AE-Abu Dhabi"),
    "my-kualalumpur-1": N_("MY-Kuala Lumpur"),
    "ru-northwest-2": N_("RU-Moscow2"),
    "ap-southeast-5": N_("AP-Manila"),
    "cn-east-5": N_("CN East-Qingdao"),
    "cn-north-12": "",
    "cn-east-4": N_("CN East2"),
    "cn-southwest-3": "",
    "cn-north-11": "",
    "af-north-1": N_("AF-Cairo"),
    "me-east-1": N_("ME-Riyadh"),
}
# Regions where the import-template APIs are known to be served: the ones Huawei's endpoint
# page lists for the DRS v5 API, which they belong to. Elsewhere they may be served or not;
# the gateway answers APIGW.0101 where they are not (see the hints in drs_tui/api/errors.py).
TEMPLATE_API_REGIONS = frozenset({"cn-south-2", "cn-south-4"})

# The European cloud lives under its own domain.
_DOMAIN_BY_REGION = {"eu-west-101": "myhuaweicloud.eu"}
_DEFAULT_DOMAIN = "myhuaweicloud.com"

# The descriptions are translated when read (TranslatedLabels): the keys are the API's.
RESULT_TYPES: Mapping[str, str] = TranslatedLabels(
    {
        "detail": N_("latest uploaded file with its validation result"),
        "synchronized": N_("objects already synchronized"),
        "change": N_("objects added and removed (used when editing a job)"),
        "compare": N_("comparison-key file"),
        "compare_key_detail": N_("comparison-key file with its validation result"),
    }
)
# In huaweicloudsdkdrs but not in the public API reference (which lists detail, synchronized
# and change, and no file_export_object_level): a region may not accept them.
SDK_ONLY_TYPES = frozenset({"compare", "compare_key_detail"})
EXPORT_LEVELS = ("column",)
JOB_TYPES = ("sync", "migration", "cloudDataGuard", "subscription", "backupMigration")

# Engines whose jobs the template-result API serves.
SUPPORTED_ENGINES: Mapping[str, str] = TranslatedLabels(
    {
        "oracle-to-gaussdbv5": N_("Oracle -> GaussDB distributed (xls/xlsx results)"),
        "taurus-to-kafka": N_("GaussDB(for MySQL)/TaurusDB -> Kafka (JSON/TXT results)"),
        "mysql-to-kafka": N_("MySQL -> Kafka (JSON/TXT results)"),
    }
)


def _domain(region: str) -> str:
    return _DOMAIN_BY_REGION.get(region, _DEFAULT_DOMAIN)


def default_drs_endpoint(region: str) -> str:
    return f"https://drs.{region}.{_domain(region)}"


def default_iam_endpoint(region: str) -> str:
    return f"https://iam.{region}.{_domain(region)}"


def scenario_support(engine_type: str | None, job_type: str | None = "sync") -> str | None:
    """Why the result API cannot serve this job, or None when it can."""
    if job_type and job_type != "sync":
        return _("only sync jobs have import templates (this is a {job_type} job)").format(
            job_type=job_type
        )
    if not engine_type:
        return _("engine type unknown")
    if engine_type not in SUPPORTED_ENGINES:
        return _(
            "{engine_type} is not supported: only Oracle -> GaussDB distributed "
            "and TaurusDB/MySQL -> Kafka sync jobs"
        ).format(engine_type=engine_type)
    return None
