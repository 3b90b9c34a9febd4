"""Booking use cases for customers: create, read, cancel, reschedule, acknowledge, give feedback."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from ...domain.booking import decisions, new_booking
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange, IdempotentReplay
from ...domain.booking.coupons import Coupon
from ...domain.booking.lifecycle import ensure_movable
from ...domain.booking.parts import scheduled_fields
from ...domain.booking.ports import BookingStore, CouponStore
from ...domain.errors import Conflict, DomainError, NotFound, SlotFull, ValidationError
from ...domain.floor.ports import TaskStore
from ...domain.people.customer import Customer
from ...domain.people.ports import CustomerStore
from ...domain.people.principal import Principal
from ...domain.ports import Clock, Metrics, NoMetrics
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ...domain.validation import BookingRequest
from ...observability import BOOKINGS_REFUSED
from ..floor.advisors import AdvisorDesk
from . import new_time
from .changes import BookingChanges, new_booking_id
from .deposits import retained_percent
from .moves import Moves, ensure_room, slot_seen


class BookingService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, clock: Clock,
                 new_id: Callable[[], str] = new_booking_id, *, metrics: Metrics | None = None,
                 customers: CustomerStore | None = None, advisors: AdvisorDesk | None = None,
                 coupons: CouponStore | None = None, tasks: TaskStore | None = None) -> None:
        self._stores, self._bookings, self._changes, self._clock, self._new_id = stores, bookings, changes, clock, new_id
        self._customers, self._advisors, self._coupons = customers, advisors, coupons
        self._tasks = tasks
        self._metrics = metrics or NoMetrics()
        self._moves = Moves(bookings, changes, clock)

    def book_online(self, who: Principal, request: BookingRequest, idempotency_key: str,
                    coupon_id: str | None = None) -> tuple[Booking, bool]:
        """A customer's own booking from the mini-program, with a coupon they claimed if they name one
        (docs/product-rules.md#coupons). Returns the booking and whether it is new; a refusal is counted by its
        code (BookingsRefused), a new booking by BookingChanges."""
        try:
            return self._book_online(who, request, idempotency_key, coupon_id)
        except DomainError as refusal:
            self._metrics.emit(BOOKINGS_REFUSED.name, reason=refusal.code)
            raise

    def _book_online(self, who: Principal, request: BookingRequest, idempotency_key: str,
                     coupon_id: str | None = None) -> tuple[Booking, bool]:
        """The booking itself.

        Cost: the slot's counter, with its plan segment's when it falls in one (one GetItem or BatchGetItem,
        to tag the tier and price the customer saw), the customer (GetItem, for the contact hours their
        reminders keep, and the call to agree a new time it names: one more GetItem, of that call, when it names
        one), the advisor's choice (up to three Queries, services/floor/advisors.py) and one transaction;
        the store and the staff roster are cached per container.
        """
        fingerprint = new_booking.request_fingerprint(request, coupon_id)
        store = self._stores.get(who.chain_id, request.store_id)
        now = self._clock.now()
        try:
            slot = calendar.locate_slot(store, request.start, now)
            seen = slot_seen(self._bookings, store, slot)
            ensure_room(store, seen)
        except (ValidationError, SlotFull):
            # refused without writing; but a retry of a request that did book (and maybe filled the slot, or
            # is now inside the lead time) still gets its booking
            found = self._bookings.idempotent_booking(who.chain_id, who.subject, idempotency_key)
            if found:
                return self._replayed(*found, fingerprint), False
            raise
        advisor = self._advisors.pick(who.chain_id, store.store_id, slot.start.date(), who.subject) \
            if self._advisors else (None, None)
        coupon = self._coupon(who, coupon_id)
        known = self._customer(who)
        change = new_booking.online(who, request, store, slot, seen.tier, now, self._new_id(), idempotency_key, advisor,
                                    contact_window=known.contact_hours if known else None, coupon=coupon,
                                    new_time=new_time.settled_by_booking(self._tasks, known, store, now))
        if self._advisors is not None:  # the advisor's WeCom notice, in the booking's own transaction
            change = replace(change, messages=change.messages + self._advisors.booking_notices(change.after, store))
        try:
            self._changes.commit(change)
        except IdempotentReplay as replay:
            return self._replayed(replay.booking_id, replay.request_hash, fingerprint), False
        return change.after, True

    def _coupon(self, who: Principal, coupon_id: str | None) -> Coupon | None:
        """The coupon named (one GetItem); whether the customer claimed it and may use it once more is the
        booking's own write's condition."""
        if coupon_id is None:
            return None
        if self._coupons is None:
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        return self._coupons.coupon(who.chain_id, coupon_id)

    def _customer(self, who: Principal) -> Customer | None:
        if self._customers is None:
            return None
        try:
            return self._customers.get(who.chain_id, who.subject)
        except NotFound:
            return None

    def _replayed(self, booking_id: str, stored_hash: str, fingerprint: str) -> Booking:
        if stored_hash != fingerprint:
            raise Conflict("this Idempotency-Key was already used for a different booking request",
                           field="Idempotency-Key", code="idempotency_key_reused")
        return self._bookings.get(booking_id)

    @staticmethod
    def _owned_by(who: Principal) -> Callable[[Booking], None]:
        """A customer's own booking; anyone else's is reported as missing, not forbidden."""

        def guard(booking: Booking) -> None:
            if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
                raise NotFound("no such booking", field="booking_id", code="booking_not_found")

        return guard

    def own(self, who: Principal, booking_id: str) -> Booking:
        booking = self._bookings.get(booking_id)
        self._owned_by(who)(booking)
        return booking

    def list_own(self, who: Principal) -> list[Booking]:
        return self._bookings.for_customer(who.chain_id, who.subject)

    def _check_cutoff(self, store: Store, booking: Booking, what: str) -> None:
        if booking.start is None:
            return
        if self._clock.now() >= booking.start - timedelta(minutes=store.customer_cutoff_minutes):
            raise Conflict(f"it is too late to {what} online; please call the store ({store.phone or store.name})",
                           field="start", code="past_cutoff")

    def cancel_own(self, who: Principal, booking_id: str, reason: str | None = None) -> Booking:
        def decide(booking: Booking, store: Store) -> BookingChange:
            self._check_cutoff(store, booking, "cancel")
            return decisions.release(booking, store, self._clock.now(), "cancel", f"customer:{who.subject}", reason,
                                     own=True, retained_percent=retained_percent(self._stores, booking.chain_id))

        return self._changes.apply(booking_id, decide, self._owned_by(who))

    def reschedule_own(self, who: Principal, booking_id: str, new_start: datetime) -> Booking:
        def check(booking: Booking, store: Store) -> None:
            if booking.parts_status == "waiting":  # its time is agreed once the parts came (#parts-waitlist)
                raise Conflict("the parts have not arrived yet", field="parts_status", code="parts_not_arrived")
            ensure_movable(booking.status)
            self._check_cutoff(store, booking, "reschedule")

        return self._moves.move(booking_id, new_start, f"customer:{who.subject}", may_use_reserve=lambda b: False,
                                guard=self._owned_by(who), check=check, fields=scheduled_fields)

    def acknowledge_own(self, who: Principal, booking_id: str) -> Booking:
        """The customer confirms from a reminder that they are coming; this stops the call-task escalation."""
        by = f"customer:{who.subject}"
        return self._changes.apply(booking_id, lambda b, s: decisions.acknowledge(b, s, self._clock.now(), by),
                                   self._owned_by(who))

    def feedback_own(self, who: Principal, booking_id: str, score: int, comment: str | None) -> Booking:
        """The follow-up survey (回访); a low score or a complaint becomes a call task for the store."""
        by = f"customer:{who.subject}"
        return self._changes.apply(booking_id, lambda b, s: decisions.feedback(b, s, self._clock.now(), by, score, comment),
                                   self._owned_by(who))
