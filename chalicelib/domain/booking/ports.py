"""The booking subdomain's ports: reads of bookings and their counters, and the unit of work every change commits through."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import NamedTuple, Protocol

from .booking import Booking, BookingTrace
from .capacity import DayLoad
from .change import BookingChange
from .coupons import Coupon
from .search import SearchHit


class DueStep(NamedTuple):
    booking: Booking
    action: str  # the step the index holds the booking under
    hour: datetime  # the UTC hour bucket it was found in
    at: datetime | None = None  # the step's moment (the index's next_at)


class BookingStore(Protocol):
    """Reads of bookings and their counters. Every write goes through the UnitOfWork."""

    def get(self, booking_id: str) -> Booking: ...
    def for_customer(self, chain_id: str, customer_id: str, limit: int = 50) -> list[Booking]: ...
    def traces(self, chain_id: str, customer_id: str, limit: int = 50) -> list[BookingTrace]:
        """The customer's bookings newest first as their index holds them (one Query, no booking read)."""
        ...
    def for_store_day(self, chain_id: str, store_id: str, day: date) -> list[Booking]: ...
    def waiting_for_parts(self, chain_id: str, store_id: str) -> list[Booking]:
        """The store's bookings still waiting for parts (the day plan's list; decision 0084)."""
        ...
    def parts_closed(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """The bookings that left the parts waiting list closed on `day` (UTC): the nightly auditor's."""
        ...
    def walk_in_queue(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """The walk-ins that queued on `day` and hold no slot yet (any status), oldest first."""
        ...
    def day_load(self, chain_id: str, store_id: str, day: date) -> DayLoad: ...
    def day_loads(self, chain_id: str, store_id: str, first: date, last: date) -> dict[date, DayLoad]:
        """A store's loads from `first` to `last` (inclusive), from its day summaries in one Query; a day no
        booking ever touched is absent."""
        ...
    def taken(self, chain_id: str, store_id: str, day: date, slot: str) -> int: ...
    def counts(self, chain_id: str, store_id: str, day: date, counters: tuple[str, ...]) -> dict[str, float]:
        """Those counters of a store-day (a slot's places, a segment's bookings), read consistently in one
        request; a counter never moved is absent."""
        ...
    def idempotent_booking(self, chain_id: str, customer_id: str, key: str) -> tuple[str, str] | None: ...
    def search(self, chain_id: str, store_id: str, term: str, limit: int) -> list[SearchHit]:
        """One Query of the store's search index: the bookings filed under a term beginning with `term`."""
        ...
    def due(self, check: str, since: datetime, now: datetime) -> list[DueStep]: ...
    def due_shards(self) -> int: ...
    def due_pages(self, check: str, shard: int, hour: datetime, now: datetime) -> Iterator[list[DueStep]]:
        """One shard of one hour bucket of the due index, page by page (each page one Query)."""
        ...


class UnitOfWork(Protocol):
    def commit(self, change: BookingChange) -> None:
        """All of the change or nothing, and only if the booking is still at the version it was read at.
        Raises StaleBooking, SlotFull (slot_full, day_full), IdempotentReplay, Conflict (too_many_bookings)
        or NotFound (customer_not_found)."""


class CouponStore(Protocol):
    """The coupons the chain's campaigns carry and the customers' claims (docs/product-rules.md#coupons); a
    booking's use of a claim is the unit of work's."""

    def coupon(self, chain_id: str, coupon_id: str) -> Coupon:
        """NotFound (coupon_not_found) when no campaign of the chain carries it."""
        ...
    def offered(self, chain_id: str) -> list[Coupon]:
        """The coupons of the chain's scheduled or sent campaigns, and those its invitations give (one Query of the
        chain's campaigns)."""
        ...
    def claim(self, chain_id: str, coupon_id: str, customer_id: str, now: datetime) -> bool:
        """False when the customer had claimed it already."""
        ...
    def uses(self, chain_id: str, customer_id: str) -> dict[str, int]:
        """The customer's claims: coupon id -> times used (one Query)."""
        ...


class ChangeListener(Protocol):
    """Told of each committed change after its transaction (never inside it), e.g. to push the lobby board.
    Best effort: a listener's failure is its own and never undoes or fails the change."""

    def committed(self, change: BookingChange) -> None: ...
