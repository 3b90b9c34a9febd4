"""Load levelling (削峰填谷): idle slots are recommended and discounted, crowded ones are busy
(docs/product-rules.md#load-levelling)."""
from __future__ import annotations

from enum import StrEnum

from .store import Store


class Tier(StrEnum):
    RECOMMENDED = "recommended"
    NORMAL = "normal"
    BUSY = "busy"


def tier_for(store: Store, booked: int) -> Tier:
    """Load is measured against the whole slot (reserve included): a slot's crowding is what the lobby feels."""
    load = booked / store.capacity_per_slot if store.capacity_per_slot else 1.0
    if load < store.recommended_below:
        return Tier.RECOMMENDED
    if load >= store.busy_from:
        return Tier.BUSY
    return Tier.NORMAL


def discount_for(store: Store, tier: Tier) -> float:
    """The share off labour a booking earns; a self-chosen busy slot is full price (docs/product-rules.md#off-peak-discount)."""
    return store.recommended_discount if tier is Tier.RECOMMENDED else 0.0
