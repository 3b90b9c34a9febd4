"""What a customer may book: a store-day's slots with places left and their tier, and the chain's earliest."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ...domain import money
from ...domain.booking import capacity, quote, tiers
from ...domain.booking.capacity import DayLoad
from ...domain.booking.ports import BookingStore
from ...domain.errors import ValidationError
from ...domain.ports import Clock
from ...domain.service_types import SERVICE_TYPES
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store, nearest

NEAREST = 10  # first-available looks at this many stores at most, however large the chain
REQUESTS = 10  # first-available's DynamoDB requests at most, whatever `days` and however full the stores
EMPTY = DayLoad({}, {})


@dataclass(frozen=True)
class Near:
    """Where the customer is: a location (lat, lng; GCJ-02), or a city; neither: their last store's city."""

    at: tuple[float, float] | None = None
    city: str | None = None


@dataclass(frozen=True)
class SlotView:
    start: datetime
    end: datetime
    available: int
    tier: str
    discount: float
    segment: str | None = None  # the plan segment's name
    price_estimate: int | None = None  # fen, for the service type asked about at this slot's discount
    labour_estimate: int | None = None  # fen, its labour at this slot's discount (what a coupon takes off)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "available": self.available,
            "tier": self.tier,
            "segment": self.segment,
            "discount": self.discount,
            "price_estimate": money.yuan(self.price_estimate) if self.price_estimate is not None else None,
            "labour_estimate": money.yuan(self.labour_estimate) if self.labour_estimate is not None else None,
        }


@dataclass(frozen=True)
class DaySlots:
    store: Store
    day: date
    slots: list[SlotView]
    closed: str | None = None


def slot_views(store: Store, day: date, load: DayLoad, now: datetime, service_type: str | None,
               *, may_use_reserve: bool = False, window: tuple[datetime, datetime] | None = None) -> list[SlotView]:
    """Pure: the day's grid inside the booking window (the customers', unless another is given), with what the
    counters leave."""
    earliest, latest = window or calendar.bookable_window(store, now)
    hours_left = True
    if service_type:
        kind = SERVICE_TYPES[service_type]
        used = load.hours.get(kind.category.value, 0.0)
        hours_left = capacity.labour_fits(store, kind.category.value, used, kind.default_hours)
    views = []
    for slot in calendar.slots_on(store, day):
        if not earliest <= slot.start < latest:
            continue
        seen = tiers.for_load(store, slot.start, load)
        left = capacity.available(store, load.taken.get(slot.key, 0), may_use_reserve=may_use_reserve) if hours_left else 0
        if seen.segment_left is not None:
            left = min(left, seen.segment_left)
        found = quote.quote(store, service_type, seen.discount) if service_type else None
        views.append(SlotView(slot.start, slot.end, left, seen.tier.value, seen.discount, seen.segment_name,
                              found.total if found else None, found.labour_due if found else None))
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

    def for_staff(self, chain_id: str, store_id: str, day: date, service_type: str | None = None) -> DaySlots:
        """The day's slots as staff may book them: any slot not yet over, the walk-in reserve included (one
        Query, as `day`)."""
        store = self._stores.get(chain_id, store_id)
        reason = calendar.closed_reason(store, day)
        if reason:
            return DaySlots(store, day, [], closed=reason)
        now = self._clock.now()
        window = (now - timedelta(minutes=store.slot_minutes) + timedelta(microseconds=1), now + timedelta(days=3650))
        load = self._bookings.day_load(chain_id, store_id, day)
        return DaySlots(store, day, slot_views(store, day, load, now, service_type, may_use_reserve=True, window=window))

    def stores_near(self, chain_id: str, near: Near) -> list[Store]:
        """The chain's stores, nearest first when a location is given, or those of a city."""
        return nearest(self._stores.of_chain(chain_id), at=near.at, city=near.city)

    def first_available(
        self,
        chain_id: str,
        service_type: str | None,
        days: int,
        limit: int = 10,
        *,
        store_ids: frozenset[str] | None = None,
        may_use_reserve: bool = False,
        near: Near | None = None,
        customer_id: str | None = None,
    ) -> list[tuple[Store, SlotView]]:
        """Earliest bookable slots among the nearest stores within `days`: at most REQUESTS DynamoDB requests
        whatever `days` is and however full the stores are. Each store's days come from its day summaries in
        one Query (the stores queried concurrently); without `near`, the stores are those in the city of the
        customer's last booking (one Query, so one store fewer), else the chain's first."""
        if days < 1:
            raise ValidationError("days must be at least 1", field="days")
        now = self._clock.now()
        chosen = self._chosen(chain_id, store_ids, near, customer_id)
        with ThreadPoolExecutor(max_workers=max(1, len(chosen))) as pool:
            loads = list(pool.map(lambda store: self._loads(chain_id, store, now, days), chosen))
        found: list[tuple[Store, SlotView]] = []
        for offset in range(days):
            for store, by_day in zip(chosen, loads, strict=True):
                day = now.astimezone(store.tz).date() + timedelta(days=offset)
                if offset > store.horizon_days or calendar.closed_reason(store, day):
                    continue
                views = slot_views(store, day, by_day.get(day, EMPTY), now, service_type, may_use_reserve=may_use_reserve)
                found.extend((store, v) for v in views if v.available > 0)
            if len(found) >= limit:
                break
        found.sort(key=lambda pair: (pair[1].start, pair[0].store_id))
        return found[:limit]

    def _chosen(self, chain_id: str, store_ids: frozenset[str] | None, near: Near | None,
                customer_id: str | None) -> list[Store]:
        """The stores looked at: as many as the request budget leaves once the customer's city is known."""
        stores = [s for s in self._stores.of_chain(chain_id) if store_ids is None or s.store_id in store_ids]
        budget = REQUESTS
        if near is None and customer_id is not None:
            near = Near(city=self._last_city(chain_id, customer_id, stores))
            budget -= 1
        if near is not None:
            return nearest(stores, at=near.at, city=near.city, limit=min(NEAREST, budget))
        return stores[:min(NEAREST, budget)]  # staff: their own stores (store_ids), or the chain's first

    def _loads(self, chain_id: str, store: Store, now: datetime, days: int) -> dict[date, DayLoad]:
        """The store's loads over the days looked at (one Query), none when every one of them is closed."""
        first = now.astimezone(store.tz).date()
        open_ = [first + timedelta(days=o) for o in range(min(days, store.horizon_days + 1))
                 if not calendar.closed_reason(store, first + timedelta(days=o))]
        if not open_:
            return {}
        return self._bookings.day_loads(chain_id, store.store_id, open_[0], open_[-1])

    def _last_city(self, chain_id: str, customer_id: str, stores: list[Store]) -> str | None:
        last = self._bookings.traces(chain_id, customer_id, limit=1)
        by_id = {s.store_id: s for s in stores}
        store = by_id.get(last[0].store_id) if last else None
        return store.city or None if store else None
