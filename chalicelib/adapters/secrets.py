"""Secrets live in SSM Parameter Store (SecureString); tables and logs only ever hold their names."""
from __future__ import annotations

from typing import Any


class SsmSecrets:
    def __init__(self, client: Any) -> None:
        self._client = client
        self._cache: dict[str, str] = {}

    def get(self, name: str) -> str:
        if name not in self._cache:
            response = self._client.get_parameter(Name=name, WithDecryption=True)
            self._cache[name] = response["Parameter"]["Value"]
        return self._cache[name]
