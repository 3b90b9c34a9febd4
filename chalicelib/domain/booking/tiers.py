"""Load levelling (削峰填谷): the store's plan says which segments are busy and which are recommended; live load
may push a slot toward busy, never toward recommended (docs/product-rules.md#load-levelling)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from ..tenancy.plan import Segment, Tier, segment_at, segment_counter
from ..tenancy.store import Store
from .capacity import DayLoad

__all__ = ["SlotTier", "Tier", "counters_for", "for_load", "for_slot", "live_tier", "slot_tier"]


@dataclass(frozen=True)
class SlotTier:
    """What a customer is shown for a slot: its tier, the plan's segment it falls in, the labour discount."""

    tier: Tier
    segment: Segment | None
    discount: float
    segment_left: int | None = None  # bookings the segment still takes that day; None: no quota

    @property
    def segment_id(self) -> str | None:
        return self.segment.segment_id if self.segment else None

    @property
    def segment_name(self) -> str | None:
        return self.segment.name if self.segment else None


def live_tier(store: Store, load: float) -> Tier:
    """The tier the load alone allows: busy at or over the high mark, at best normal over the low mark."""
    if load >= store.busy_from:
        return Tier.BUSY
    if load >= store.recommended_below:
        return Tier.NORMAL
    return Tier.RECOMMENDED


def slot_tier(store: Store, day: date, at: time, taken: int, segment_taken: int = 0) -> SlotTier:
    """A slot's tier is the more crowded of its segment's tier (normal outside every segment) and its live
    load: the slot's places taken of all its places (reserve included: the lobby feels them all), or the
    segment's bookings of its quota, whichever is fuller. Only a slot still recommended earns the segment's
    discount, so a busy segment is never discounted and an empty slot outside a recommended segment is normal."""
    segment = segment_at(store.plan, day, at)
    load = taken / store.capacity_per_slot if store.capacity_per_slot else 1.0
    if segment is not None and segment.quota:
        load = max(load, segment_taken / segment.quota)
    planned = segment.tier if segment is not None else Tier.NORMAL
    tier = max(planned, live_tier(store, load), key=lambda t: t.rank)
    discount = segment.discount if segment is not None and tier is Tier.RECOMMENDED else 0.0
    left = max(0, segment.quota - segment_taken) if segment is not None and segment.quota is not None else None
    return SlotTier(tier, segment, discount, left)


def counters_for(store: Store, start: datetime) -> tuple[str, ...]:
    """The store-day counters a slot starting at `start` (store-local) is judged by: its places, and its
    segment's bookings when it falls in one."""
    segment = segment_at(store.plan, start.date(), start.time())
    key = start.strftime("%H:%M")
    return (key, segment_counter(segment.segment_id)) if segment is not None else (key,)


def for_slot(store: Store, start: datetime, counts: Mapping[str, float]) -> SlotTier:
    """`slot_tier` from the counters `counters_for` named (a missing counter is 0)."""
    counters = counters_for(store, start)
    segment_taken = int(counts.get(counters[1], 0)) if len(counters) > 1 else 0
    return slot_tier(store, start.date(), start.time(), int(counts.get(counters[0], 0)), segment_taken)


def for_load(store: Store, start: datetime, load: DayLoad) -> SlotTier:
    """`slot_tier` from a whole store-day's counters."""
    segment = segment_at(store.plan, start.date(), start.time())
    segment_taken = load.segments.get(segment.segment_id, 0) if segment is not None else 0
    return slot_tier(store, start.date(), start.time(), load.taken.get(start.strftime("%H:%M"), 0), segment_taken)
