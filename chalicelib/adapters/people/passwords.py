"""Staff passwords, kept only as Argon2id hashes (argon2-cffi, RFC 9106's low-memory profile).

Hashes made before Argon2id (salted PBKDF2-SHA256, `pbkdf2_sha256$<iterations>$<salt>$<digest>`) still verify,
and `needs_rehash` says so, so the login that proves the password replaces the hash with an Argon2id one.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_ITERATIONS = 600_000  # OWASP's current figure for PBKDF2-HMAC-SHA256, for the legacy format only
_ARGON2 = PasswordHasher()  # Argon2id, t=3, m=64 MiB, p=4


def hash_password(password: str, *, iterations: int = _ITERATIONS, salt: bytes | None = None) -> str:
    """The legacy PBKDF2 format (tests make old accounts with it; new hashes are Argon2id)."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _verify_pbkdf2(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("$argon2"):
        try:
            return _ARGON2.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    return _verify_pbkdf2(password, stored)


class Argon2Passwords:
    """The Passwords port: Argon2id for new hashes, PBKDF2 still verified until the next login rehashes it."""

    def __init__(self, hasher: PasswordHasher = _ARGON2) -> None:
        self._hasher = hasher  # tests pass a cheaper profile; the stored hash names its own parameters

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password: str, hashed: str) -> bool:
        return verify_password(password, hashed)

    def needs_rehash(self, hashed: str) -> bool:
        if not hashed.startswith("$argon2id$"):
            return True
        try:
            return self._hasher.check_needs_rehash(hashed)
        except InvalidHashError:
            return True
