"""Staff passwords, kept only as salted PBKDF2-SHA256 hashes (stdlib: no native dependency in the bundle)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

_ITERATIONS = 310_000  # OWASP's figure for PBKDF2-HMAC-SHA256


def hash_password(password: str, *, iterations: int = _ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(candidate, base64.b64decode(digest))


class Pbkdf2Passwords:
    """The Passwords port over the functions above."""

    def hash(self, password: str) -> str:
        return hash_password(password)

    def verify(self, password: str, hashed: str) -> bool:
        return verify_password(password, hashed)
