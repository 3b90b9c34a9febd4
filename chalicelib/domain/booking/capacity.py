"""How many places a slot offers to whom: online bookings never touch the walk-in reserve."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..tenancy.plan import SEGMENT_PREFIX
from ..tenancy.store import Store

HOURS_PREFIX = "DAY#"  # a labour category's counter of a store-day: "DAY#pm"


def reserved_places(store: Store) -> int:
    """Places per slot kept for walk-ins; any non-zero share keeps at least one (docs/product-rules.md#walk-in-reserve)."""
    share = min(max(store.walk_in_reserve, 0.0), 1.0)
    return min(store.capacity_per_slot, math.ceil(store.capacity_per_slot * share - 1e-9))


def online_limit(store: Store) -> int:
    return store.capacity_per_slot - reserved_places(store)


def limit_for(store: Store, *, may_use_reserve: bool) -> int:
    """The counter value a new booking must stay under; staff priority bookings may fill the reserve."""
    return store.capacity_per_slot if may_use_reserve else online_limit(store)


def available(store: Store, booked: int, *, may_use_reserve: bool = False) -> int:
    return max(0, limit_for(store, may_use_reserve=may_use_reserve) - booked)


def labour_fits(store: Store, category: str, used_hours: float, needed_hours: float) -> bool:
    """A day's labour hours per category, when the store plans them; unplanned categories are unlimited."""
    budget = store.labour_hours.get(category)
    return budget is None or used_hours + needed_hours <= budget + 1e-9


@dataclass(frozen=True)
class DayLoad:
    """A store-day's counters: places taken per "HH:MM" slot, labour hours used per category, and bookings
    per plan segment (by segment id)."""

    taken: dict[str, int]
    hours: dict[str, float]
    segments: dict[str, int] = field(default_factory=dict)


def day_load_of(counters: dict[str, float]) -> DayLoad:
    """A store-day's counters by name ("HH:MM", "DAY#<category>", "SEG#<segment id>") as a DayLoad."""
    taken: dict[str, int] = {}
    hours: dict[str, float] = {}
    segments: dict[str, int] = {}
    for name, value in counters.items():
        if name.startswith(HOURS_PREFIX):
            hours[name.removeprefix(HOURS_PREFIX)] = value
        elif name.startswith(SEGMENT_PREFIX):
            segments[name.removeprefix(SEGMENT_PREFIX)] = int(value)
        else:
            taken[name] = int(value)
    return DayLoad(taken, hours, segments)
