"""Profile and flag values: endpoints never carry credentials, and no error echoes them."""

from __future__ import annotations

import pytest

from drs_tui.connection import inputs
from drs_tui.credentials.validation import (
    redact_userinfo,
    validate_endpoint,
    validate_project_id,
    validate_region,
)
from drs_tui.errors import UsageError

PASSWORD = "S3cretPW"


@pytest.mark.parametrize(
    "url",
    [
        f"https://admin:{PASSWORD}@drs.example.com:99999",  # bad port: the parse fails
        f"https://admin:{PASSWORD}@drs.example.com",
        f"http://admin:{PASSWORD}@127.0.0.1:8080",
        f"https://admin:{PASSWORD}@[::1",  # unbalanced bracket: the parse fails
        f"ftp://admin:{PASSWORD}@drs.example.com",  # not http(s)
        f"admin:{PASSWORD}@drs.example.com",  # no scheme at all
        f"https://admin:{PASSWORD}@drs.example.com/path@x",
        f"https://{PASSWORD}@drs.example.com",  # a user name alone may be a token
    ],
)
def test_an_endpoint_with_user_info_is_refused_without_echo(url: str) -> None:
    with pytest.raises(UsageError) as info:
        validate_endpoint(url, "DRS endpoint")
    error = info.value
    assert PASSWORD not in error.message + error.hint
    assert "user name or password" in error.message
    assert "keyring" in error.hint


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://drs.example.com:99999", "port"),
        ("http://[::1", "Invalid DRS endpoint"),
        ("ftp://drs.example.com", "https://"),
        ("https://drs.example.com?x=1", "?query"),
        ("http://drs.example.com", "plain http"),
    ],
)
def test_bad_endpoints_are_usage_errors(url: str, problem: str) -> None:
    with pytest.raises(UsageError, match="Invalid DRS endpoint") as info:
        validate_endpoint(url, "DRS endpoint")
    assert problem in info.value.message


def test_good_endpoints_are_normalised() -> None:
    assert validate_endpoint(" https://drs.example.com/ ") == "https://drs.example.com"
    assert validate_endpoint("http://[::1]:8080") == "http://[::1]:8080"


def test_redaction_hides_everything_before_the_last_at() -> None:
    assert redact_userinfo("https://a:b@c@host:1/x") == "https://***@host:1/x"
    assert redact_userinfo("a:b@host") == "***@host"
    assert redact_userinfo("https://host/x") == "https://host/x"


@pytest.mark.parametrize("region", ["ap-southeast-1", "cn-north-4", "la-north-2", "my-region-9"])
def test_regions_follow_the_api_rules(region: str) -> None:
    assert validate_region(region) == inputs.check_region(region)


@pytest.mark.parametrize("region", ["AP_SOUTH", "a", "x" * 33, "", "ap south"])
def test_regions_the_api_refuses_are_refused(region: str) -> None:
    with pytest.raises(UsageError):
        inputs.check_region(region)
    with pytest.raises(UsageError, match="region"):
        validate_region(region)


def test_project_ids_follow_the_api_rules() -> None:
    good = "0123456789abcdef0123456789abcdef"
    assert validate_project_id(good) == inputs.check_id("project_id", good)
    for bad in ("has space", "x" * 65, "", "id/../x"):
        with pytest.raises(UsageError, match="project_id"):
            validate_project_id(bad)
