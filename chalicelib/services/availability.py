"""What a customer may book: a store-day's slots with places left and their tier, and the chain's earliest."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..domain import calendar, capacity, tiers
from ..domain.capacity import DayLoad
from ..domain.errors import ValidationError
from ..domain.ports import BookingStore, Clock, StoreCatalog
from ..domain.service_types import SERVICE_TYPES
from ..domain.store import Store


@dataclass(frozen=True)
class SlotView:
    start: datetime
    end: datetime
    available: int
    tier: str
    discount: float

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "available": self.available,
            "tier": self.tier,
            "discount": self.discount,
        }


@dataclass(frozen=True)
class DaySlots:
    store: Store
    day: date
    slots: list[SlotView]
    closed: str | None = None


def slot_views(store: Store, day: date, load: DayLoad, now: datetime, service_type: str | None,
               *, may_use_reserve: bool = False) -> list[SlotView]:
    """Pure: the day's grid inside the booking window, with what the counters leave."""
    earliest, latest = calendar.bookable_window(store, now)
    hours_left = True
    if service_type:
        kind = SERVICE_TYPES[service_type]
        used = load.hours.get(kind.category.value, 0.0)
        hours_left = capacity.labour_fits(store, kind.category.value, used, kind.default_hours)
    views = []
    for slot in calendar.slots_on(store, day):
        if not earliest <= slot.start < latest:
            continue
        taken = load.taken.get(slot.key, 0)
        tier = tiers.tier_for(store, taken)
        left = capacity.available(store, taken, may_use_reserve=may_use_reserve) if hours_left else 0
        views.append(SlotView(slot.start, slot.end, left, tier.value, tiers.discount_for(store, tier)))
    return views


class AvailabilityService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, clock: Clock) -> None:
        self._stores, self._bookings, self._clock = stores, bookings, clock

    def day(self, chain_id: str, store_id: str, day: date, service_type: str | None = None) -> DaySlots:
        """One Query (the store-day's counters); the store itself comes from the container cache."""
        store = self._stores.get(chain_id, store_id)
        reason = calendar.closed_reason(store, day)
        if reason:
            return DaySlots(store, day, [], closed=reason)
        load = self._bookings.day_load(chain_id, store_id, day)
        return DaySlots(store, day, slot_views(store, day, load, self._clock.now(), service_type))

    def first_available(
        self,
        chain_id: str,
        service_type: str | None,
        days: int,
        limit: int = 10,
        *,
        store_ids: frozenset[str] | None = None,
        may_use_reserve: bool = False,
    ) -> list[tuple[Store, SlotView]]:
        """Earliest bookable slots across the chain's stores, day by day, stopping once `limit` are found: at most
        one Query per open store-day looked at."""
        if days < 1:
            raise ValidationError("days must be at least 1", field="days")
        now = self._clock.now()
        stores = [s for s in self._stores.of_chain(chain_id) if store_ids is None or s.store_id in store_ids]
        found: list[tuple[Store, SlotView]] = []
        for offset in range(days):
            for store in stores:
                day = now.astimezone(store.tz).date() + timedelta(days=offset)
                if offset > store.horizon_days or calendar.closed_reason(store, day):
                    continue
                load = self._bookings.day_load(chain_id, store.store_id, day)
                views = slot_views(store, day, load, now, service_type, may_use_reserve=may_use_reserve)
                found.extend((store, v) for v in views if v.available > 0)
            if len(found) >= limit:
                break
        found.sort(key=lambda pair: (pair[1].start, pair[0].store_id))
        return found[:limit]
