"""A customer of one chain, as the services see them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Customer:
    chain_id: str
    customer_id: str
    openid: str | None
    unionid: str | None
    name: str | None
    phone: str | None
    preferred_channel: str | None
    subscriptions: dict[str, int]
    rebook_priority: bool
    oa_openid: str | None = None
