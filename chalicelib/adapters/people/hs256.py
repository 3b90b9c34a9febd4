"""Compact JWS with HS256 (RFC 7515/7519), the only kind of token the platform signs, in the standard library.

It replaces PyJWT on the first request's path: PyJWT imports `cryptography` (its RSA/EC algorithms) as soon as
it is imported, which cost a new container about as much CPU as the rest of its first booking. The tokens are
byte for byte what PyJWT wrote (header {"alg", "kid", "typ"}, compact JSON), so tokens issued before and after
the change verify alike (tests/unit/test_hs256.py checks both ways against PyJWT).

Verification accepts only `alg` HS256 and compares signatures in constant time; time claims are the caller's
(checked against the injected clock).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

ALGORITHM = "HS256"


class InvalidToken(Exception):
    """Malformed, of another algorithm, or not signed with the key."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not text or any(c not in _B64URL for c in text):
        raise InvalidToken("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("not base64url") from None


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _json(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64decode(segment))
    except (ValueError, UnicodeDecodeError):
        raise InvalidToken("not JSON") from None
    if not isinstance(value, dict):
        raise InvalidToken("not a JSON object")
    return value


def _compact(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _signature(key: str, signing_input: bytes) -> bytes:
    return hmac.new(key.encode(), signing_input, hashlib.sha256).digest()


def encode(claims: dict[str, Any], key: str, *, kid: str) -> str:
    header = {"alg": ALGORITHM, "kid": kid, "typ": "JWT"}
    signing_input = f"{_b64encode(_compact(header))}.{_b64encode(_compact(claims))}".encode("ascii")
    return f"{signing_input.decode('ascii')}.{_b64encode(_signature(key, signing_input))}"


def header(token: str) -> dict[str, Any]:
    """The header, unverified (to choose the key by its `kid`)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("not three segments")
    return _json(parts[0])


def decode(token: str, key: str) -> dict[str, Any]:
    """The claims of a token signed with `key` under HS256, else InvalidToken."""
    if header(token).get("alg") != ALGORITHM:
        raise InvalidToken("not HS256")
    head, payload, signature = token.split(".")
    if not hmac.compare_digest(_b64decode(signature), _signature(key, f"{head}.{payload}".encode())):
        raise InvalidToken("signature")
    return _json(payload)
