"""A chain (tenant) as the services see it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chain:
    chain_id: str
    name: str
    mp_appid: str
    mp_secret_ref: str  # the name of the secret in SSM, never the secret itself
    oa_appid: str | None = None
    templates: dict[str, str] = field(default_factory=dict)
    sms: dict[str, str] = field(default_factory=dict)
