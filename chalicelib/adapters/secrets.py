"""Secrets live in SSM Parameter Store (SecureString); tables and logs only ever hold their names.

Each value is cached for a few minutes, not for the container's life: a rotated token key ring or a
changed WeChat secret reaches running containers within the TTL, at one GetParameter per name per TTL.

A name that SSM does not have, or will not decrypt for us, is `NotConfigured` (503, never a 500): nobody's
request is wrong, someone must set it. A chain's secrets are written here too (`put`), each under the chain's
path, and named by their version (`name:3`), so a new value is a new name that no cache holds."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from ..domain.errors import NotConfigured

DEFAULT_TTL_SECONDS = 300.0
log = logging.getLogger(__name__)
# SSM's answers for a name it lacks or may not decrypt for us (the KMS key's grant or the key itself)
MISSING = frozenset({"ParameterNotFound", "ParameterVersionNotFound", "AccessDeniedException", "InvalidKeyId",
                     "KMSAccessDeniedException", "KMSDisabledException", "KMSNotFoundException", "KMSInvalidStateException"})


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, dict) else ""


class SsmSecrets:
    def __init__(self, client: Any, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._client, self._ttl, self._monotonic = client, ttl_seconds, monotonic
        self._cache: dict[str, tuple[float, str]] = {}

    def get(self, name: str) -> str:
        now = self._monotonic()
        cached = self._cache.get(name)
        if cached is None or now - cached[0] >= self._ttl:
            try:
                value = self._client.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
            except Exception as error:
                if _error_code(error) in MISSING:
                    log.warning("secret %s unreadable: %s", name, _error_code(error))
                    self._cache.pop(name, None)
                    raise NotConfigured("a secret this needs is missing or unreadable", code="secret_missing") from None
                if cached is None:
                    raise
                return cached[1]  # SSM unreachable: the value we had, until SSM answers again
            self._cache[name] = (now, value)
            return value
        return cached[1]

    def put(self, name: str, value: str) -> str:
        """Write a SecureString (standard tier) and answer the name of this version, `name:<version>`."""
        written = self._client.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True,
                                             Tier="Standard")
        return f"{name}:{written['Version']}"
