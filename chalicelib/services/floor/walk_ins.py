"""The walk-in queue (docs/product-rules.md#walk-in-queue): take every walk-in, seat them when a place is
free, list the queue with estimated waits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotFound, SlotFull, ValidationError
from ...domain.floor import walk_ins
from ...domain.people.customer import phone_customer_id
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.staff_requests import StaffBookingRequest
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges, new_booking_id
from ..booking.moves import slot_seen
from .advisors import AdvisorDesk
from .staff_coupons import StaffCoupon, StaffCoupons


@dataclass(frozen=True)
class Queue:
    store: Store
    day: date
    now: datetime
    waits: list[walk_ins.Wait]

    def to_json(self) -> dict[str, object]:
        return {"store_id": self.store.store_id, "date": self.day.isoformat(),
                "walk_ins": [w.to_json(self.now) for w in self.waits]}


class WalkIns:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, advisors: AdvisorDesk,
                 clock: Clock, new_id: Callable[[], str] = new_booking_id, *, coupons: StaffCoupons | None = None) -> None:
        self._stores, self._bookings, self._changes, self._advisors = stores, bookings, changes, advisors
        self._clock, self._new_id, self._coupons = clock, new_id, coupons

    def _slot_now(self, store: Store, now: datetime) -> calendar.Slot | None:
        """The slot under way; None before opening (the walk-in waits for the first place); refused once the
        store has closed for the day or is closed all day."""
        try:
            return calendar.current_slot(store, now)
        except ValidationError:
            if any(s.start > now for s in calendar.slots_on(store, now.astimezone(store.tz).date())):
                return None
            raise

    def arrive(self, who: StaffAccess, store_id: str, req: StaffBookingRequest) -> tuple[Booking, bool]:
        """Take a walk-in: seated in the slot under way when a place is free, otherwise queued. Never refused
        for a full slot: a lost race for the last place (or a full plan segment, or a day out of labour hours)
        queues them instead.
        Returns the booking and whether it was seated."""
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        now = self._clock.now()
        today = now.astimezone(store.tz).date()
        claimed = self._claimed(who.chain_id, req)  # a coupon they claimed: the walk-in is theirs
        customer_id = claimed.customer_id if claimed else None
        coupon = claimed.coupon if claimed else None
        advisor = self._advisors.named(who, store_id, req.advisor, "advisor") if req.advisor else self._advisors.pick(
            who.chain_id, store_id, today, customer_id or phone_customer_id(who.chain_id, req.customer.phone))
        booking_id = self._new_id()
        slot = self._slot_now(store, now)
        if slot is not None:
            seen = slot_seen(self._bookings, store, slot)
            if walk_ins.has_place(store, seen.taken, seen.tier):
                change = walk_ins.seated(req, store, slot, seen.tier, now, who.actor, booking_id, advisor, customer_id,
                                         coupon=coupon)
                try:
                    self._changes.commit(change)
                    return change.after, True
                except SlotFull:
                    pass  # someone took the last place meanwhile: queue instead
        change = walk_ins.queued(req, store, now, who.actor, booking_id, advisor, customer_id, coupon=coupon)
        self._changes.commit(change)
        return change.after, False

    def _claimed(self, chain_id: str, req: StaffBookingRequest) -> StaffCoupon | None:
        if req.coupon_id is not None and self._coupons is None:
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        return self._coupons.resolve(chain_id, req) if self._coupons is not None else None

    def seat(self, who: StaffAccess, booking_id: str, guard: Callable[[Booking], None]) -> Booking:
        """Seat one queued walk-in in the slot under way, if a place is free there now."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            now = self._clock.now()
            slot = calendar.current_slot(store, now)
            seen = slot_seen(self._bookings, store, slot)
            return walk_ins.seat(booking, store, slot, seen.taken, seen.tier, now, who.actor)

        return self._changes.apply(booking_id, decide, guard)

    def seat_next(self, who: StaffAccess, store_id: str, guard: Callable[[Booking], None]) -> Booking:
        """Seat the head of today's queue (priority first, then arrival)."""
        queue = self.queue(who, store_id).waits
        if not queue:
            raise Conflict("nobody is waiting in the walk-in queue", field="store_id", code="queue_empty")
        return self.seat(who, queue[0].booking.booking_id, guard)

    def queue(self, who: StaffAccess, store_id: str, day: date | None = None) -> Queue:
        """Today's (or `day`'s) waiting walk-ins with their estimated waits. Two Queries: the queue and the
        day's counters."""
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        now = self._clock.now()
        day = day or now.astimezone(store.tz).date()
        waiting = sorted((b for b in self._bookings.walk_in_queue(who.chain_id, store_id, day) if walk_ins.is_queued(b)),
                         key=walk_ins.queue_order)
        load = self._bookings.day_load(who.chain_id, store_id, day)
        return Queue(store, day, now, walk_ins.estimate(store, day, waiting, load, now))
