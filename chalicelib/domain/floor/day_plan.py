"""What the day plan shows beside the bookings: each slot's places taken against its capacity, counted from
the day's bookings themselves (the ones holding a place, as the counters count them), and when a pending
booking must be confirmed by."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ..booking.booking import Booking
from ..booking.change import holds_place
from ..booking.lifecycle import Status
from ..followup.agenda import sla_deadline
from ..tenancy import calendar
from ..tenancy.store import Store


@dataclass(frozen=True)
class SlotLoad:
    start: str  # "HH:MM", the store's
    taken: int
    capacity: int

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "taken": self.taken, "capacity": self.capacity}


def slot_loads(store: Store, day: date, bookings: Iterable[Booking]) -> list[SlotLoad]:
    """Every slot of the day, with the places its bookings hold (walk-in reserve included in the capacity)."""
    held = Counter(place[1] for b in bookings if (place := holds_place(b)) is not None)
    return [SlotLoad(key, held.get(key, 0), store.capacity_per_slot)
            for key in (s.start.astimezone(store.tz).strftime("%H:%M") for s in calendar.slots_on(store, day))]


def confirm_by(booking: Booking, store: Store) -> datetime | None:
    """The confirmation deadline of a booking still pending (docs/product-rules.md#confirmation-sla)."""
    return sla_deadline(booking, store) if booking.status is Status.PENDING else None
