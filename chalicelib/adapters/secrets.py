"""Secrets live in SSM Parameter Store (SecureString); tables and logs only ever hold their names.

Each value is cached for a few minutes, not for the container's life: a rotated token key ring or a
changed WeChat secret reaches running containers within the TTL, at one GetParameter per name per TTL."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

DEFAULT_TTL_SECONDS = 300.0


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
            except Exception:
                if cached is None:
                    raise
                return cached[1]  # SSM unreachable: the value we had, until SSM answers again
            self._cache[name] = (now, value)
            return value
        return cached[1]
