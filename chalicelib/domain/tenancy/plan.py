"""A store's plan (削峰填谷): named time segments per weekday, each with a tier, a daily quota and a labour
discount, and its price list per service type (docs/product-rules.md#store-plan, #price-list)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

WEEKDAY_CODES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEGMENT_PREFIX = "SEG#"  # a segment's counter of a store-day: "SEG#<segment id>", next to "HH:MM" and "DAY#pm"


class Tier(StrEnum):
    RECOMMENDED = "recommended"
    NORMAL = "normal"
    BUSY = "busy"

    @property
    def rank(self) -> int:
        """Crowding order: recommended < normal < busy."""
        return (Tier.RECOMMENDED, Tier.NORMAL, Tier.BUSY).index(self)


@dataclass(frozen=True)
class Segment:
    """`starts`..`ends` (end excluded) on each of `weekdays`; a slot belongs to it when it starts inside.
    `quota` is how many bookings the segment takes per day (None: only the slots' places limit it);
    `discount` the share off labour a booking in it earns while its slot is shown as recommended."""

    segment_id: str  # the counter's key: stays when the name changes
    name: str
    weekdays: frozenset[str]
    starts: time
    ends: time
    tier: Tier
    quota: int | None = None
    discount: float = 0.0

    def covers(self, day: date, at: time) -> bool:
        return WEEKDAY_CODES[day.weekday()] in self.weekdays and self.starts <= at < self.ends


@dataclass(frozen=True)
class PriceItem:
    """A service type's standard charge at a store: billed labour hours (工时) × hourly rate, plus parts."""

    labour_hours: float
    hourly_rate: int  # fen per hour
    parts: int = 0  # fen, the parts estimate


def segment_at(plan: tuple[Segment, ...], day: date, at: time) -> Segment | None:
    """The segment a slot starting at `at` on `day` belongs to (segments of a weekday never overlap)."""
    return next((s for s in plan if s.covers(day, at)), None)


def overlapping(a: Segment, b: Segment) -> bool:
    return bool(a.weekdays & b.weekdays) and a.starts < b.ends and b.starts < a.ends


def segment_counter(segment_id: str) -> str:
    return f"{SEGMENT_PREFIX}{segment_id}"
