"""Inputs are validated before any request, and the message names the bad field."""

from __future__ import annotations

import pytest

from drs_tui.connection import inputs
from drs_tui.errors import UsageError


@pytest.mark.parametrize(
    "bad", ["", "a/b", "..", "../x", "a?b=c", "with space", "x" * 65, "ü", "a#b", "a%2Fb"]
)
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="job_id"):
        inputs.check_id("job_id", bad)


def test_good_id_passes() -> None:
    assert inputs.check_id("project_id", "0123abcd-EF" + "9" * 53) == "0123abcd-EF" + "9" * 53


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        (inputs.check_result_type, "details", "type"),
        (inputs.check_language, "en-US", "language"),
        (inputs.check_level, "table", "level"),
        (inputs.check_region, "AP South/1", "region"),
    ],
)
def test_enumerations_name_the_field(check, value, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=field):
        check(value)


@pytest.mark.parametrize("region", ["-x", "ap-", "--", "a", "AP-1", "ap_1"])
def test_regions_are_dns_labels(region: str) -> None:
    with pytest.raises(UsageError, match="region"):
        inputs.check_region(region)
    assert inputs.check_region("eu-west-101") == "eu-west-101"
