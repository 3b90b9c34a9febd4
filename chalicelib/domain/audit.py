"""The invariant auditor's rule: a store-day's counters recomputed from its bookings.

A slot counter counts the bookings holding a place in that slot, a labour-hours counter the hours of the
day's bookings in that category (change.holds_place / holds_hours: the same definitions every BookingChange
moves the counters by). Drift is any difference; an overbooked slot holds more bookings than places.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .booking import Booking
from .capacity import DayLoad
from .change import holds_hours, holds_place


@dataclass(frozen=True)
class DayDrift:
    store_id: str
    day: date
    slots: dict[str, tuple[float, float]] = field(default_factory=dict)  # slot -> (counter, recomputed)
    hours: dict[str, tuple[float, float]] = field(default_factory=dict)  # category -> (counter, recomputed)
    overbooked: dict[str, tuple[int, int]] = field(default_factory=dict)  # slot -> (bookings, capacity)

    @property
    def total(self) -> int:
        """How many counters disagree with the bookings, plus overbooked slots: 0 when all is well."""
        return len(self.slots) + len(self.hours) + len(self.overbooked)

    def to_json(self) -> dict[str, object]:
        return {"store_id": self.store_id, "date": self.day.isoformat(), "drift": self.total,
                "slots": {k: list(v) for k, v in self.slots.items()}, "hours": {k: list(v) for k, v in self.hours.items()},
                "overbooked": {k: list(v) for k, v in self.overbooked.items()}}


def recount(bookings: Iterable[Booking], day: date) -> DayLoad:
    """The counters a store-day should have, from its bookings."""
    places: Counter[str] = Counter()
    hours: defaultdict[str, float] = defaultdict(float)
    for b in bookings:
        place, drawn = holds_place(b), holds_hours(b)
        if place and place[0] == day:
            places[place[1]] += 1
        if drawn and drawn[0] == day:
            hours[drawn[1]] += drawn[2]
    return DayLoad(dict(places), dict(hours))


def _differences(counted: Mapping[str, float], actual: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    return {key: (counted.get(key, 0), actual.get(key, 0)) for key in sorted(counted.keys() | actual.keys())
            if abs(counted.get(key, 0) - actual.get(key, 0)) > 1e-9}


def day_drift(store_id: str, day: date, counters: DayLoad, bookings: Iterable[Booking], capacity: int) -> DayDrift:
    expected = recount(bookings, day)
    return DayDrift(
        store_id, day,
        slots=_differences({k: float(v) for k, v in counters.taken.items()}, {k: float(v) for k, v in expected.taken.items()}),
        hours=_differences(counters.hours, expected.hours),
        overbooked={slot: (n, capacity) for slot, n in sorted(expected.taken.items()) if n > capacity},
    )
