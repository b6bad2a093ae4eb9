"""A JSON error saved in place of the result ZIP: its error_code and error_msg, made safe."""

from __future__ import annotations

import pytest

from drs_tui.api.download import describe_body
from drs_tui.result.server_answer import json_error_words

BODY = b'{"error_code":"DRS.10030008","error_msg":"Failed to download the file"}'


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (BODY, "error_code DRS.10030008: Failed to download the file"),
        (BODY[:60], "error_code DRS.10030008: Failed to download"),  # cut short
        (b'\xef\xbb\xbf {"error_msg": "x"}', "no error_code: x"),
        (b'{"error": {"code": "IAM.0001", "message": "no"}}', "error_code IAM.0001: no"),
        (
            b'{"error_code": "A\\u001b[2J", "error_msg": "\\u202eevil"}',
            "error_code A\\x1b[2J: \\u202eevil",
        ),
        (b'{"jobs": []}', None),
        (b"[1, 2]", None),
        (b"PK\x03\x04", None),
    ],
)
def test_json_error_words(head: bytes, words: str | None) -> None:
    assert json_error_words(head) == words


def test_a_download_that_is_a_json_error_names_its_code_and_message() -> None:
    assert (
        describe_body(BODY) == "a JSON error, error_code DRS.10030008: Failed to download the file"
    )
    assert describe_body(b'{"a": 1}') == "it is JSON"
