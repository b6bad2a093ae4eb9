"""Huawei Cloud API-gateway request signing, algorithm SDK-HMAC-SHA256.

Canonicalisation follows the official SDK signer byte for byte (tests compare against
vectors it produced): path segments are percent-encoded with only '~' kept beside the
unreserved set and end with '/', query pairs are sorted on their raw key and value, every
signed header is lower-cased with its value stripped.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_HASH = hashlib.sha256(b"").hexdigest()


def sdk_date(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime(DATE_FORMAT)


def _encode(text: str) -> str:
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    encoded = "/".join(_encode(part) for part in unquote(path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[str, str]:
    """(canonical request, signed header list) for the headers given, all of them signed."""
    lowered = {k.lower(): str(v).strip() for k, v in headers.items()}
    names = sorted(lowered)
    header_block = "".join(f"{name}:{lowered[name]}\n" for name in names)
    signed = ";".join(names)
    payload = hashlib.sha256(body).hexdigest() if body else EMPTY_BODY_HASH
    request = "\n".join(
        [method.upper(), canonical_uri(path), canonical_query(query), header_block, signed, payload]
    )
    return request, signed


def string_to_sign(canonical: str, date: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{date}\n{digest}"


def signature(secret_key: str, to_sign: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(
    *,
    access_key: str,
    secret_key: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes = b"",
) -> str:
    """The Authorization header value; `headers` must include Host and X-Sdk-Date."""
    date = next((v for k, v in headers.items() if k.lower() == DATE_HEADER.lower()), None)
    if date is None:
        raise ValueError("X-Sdk-Date must be among the signed headers")
    canonical, signed = canonical_request(method, path, query, headers, body)
    sig = signature(secret_key, string_to_sign(canonical, date.strip()))
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={signed}, Signature={sig}"
