"""Booking use cases for customers: create, read, cancel, reschedule, acknowledge."""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any, Callable

from ..adapters.clock import Clock
from ..adapters.dynamo.bookings import (
    BookingRepository,
    CustomerChange,
    CustomerUpdate,
    IdempotentReplay,
    Placement,
    VehicleUpdate,
)
from ..adapters.dynamo.outbox import OutboxRecord
from ..adapters.dynamo.stores import StoreRepository
from ..adapters.auth import Principal
from ..domain import calendar, capacity, lapse, maintenance, tiers
from ..domain.booking import Booking, Event
from ..domain.errors import Conflict, NotFound, SlotFull, ValidationError
from ..domain.policy import MAX_ACTIVE_ONLINE_BOOKINGS
from ..domain.lifecycle import MOVABLE, Status, ensure_movable, next_status
from ..domain.service_types import SERVICE_TYPES
from ..domain.store import Store
from ..domain.tasks import CallTask
from ..domain.validation import BookingRequest, VehicleInput
from .notify import Notifier, booking_message


LOW_SCORE = 3  # of 5: a score at or under this gets a call from the store
COMPLAINT_WORDS = ("投诉", "不满", "差评", "太差", "退款")


def new_booking_id() -> str:
    return "b_" + uuid.uuid4().hex


def request_fingerprint(request: BookingRequest) -> str:
    """What an Idempotency-Key promises stays the same between a request and its replays."""
    raw = json.dumps(asdict(request), default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def vehicle_update_for(vehicle: VehicleInput, store: Store, now: datetime, **extra: Any) -> VehicleUpdate:
    """A booking's vehicle details; a car bought in the last 3 months gets its first-service invitation."""
    first_due = None
    if vehicle.purchase_date is not None:
        today = now.astimezone(store.tz).date()
        if vehicle.purchase_date >= lapse.add_months(today, -3):
            invite = max(maintenance.first_service_invite(vehicle.purchase_date), today)
            first_due = ("first_service_due", datetime.combine(invite, lapse.CONTACT_TIME, tzinfo=store.tz))
    return VehicleUpdate(
        plate=vehicle.plate, model=vehicle.model, mileage=vehicle.mileage, store_id=store.store_id,
        purchase_date=vehicle.purchase_date.isoformat() if vehicle.purchase_date else None, first_due=first_due, **extra,
    )


def placement_for(store: Store, booking: Booking, *, may_use_reserve: bool) -> Placement | None:
    """Where the booking holds (or would hold) its place; None for one waiting for parts."""
    if booking.start is None or booking.slot_key is None:
        return None
    kind = SERVICE_TYPES[booking.service_type]
    return Placement(
        store=store,
        day=booking.start.date(),
        slot=booking.slot_key,
        limit=capacity.limit_for(store, may_use_reserve=may_use_reserve),
        category=kind.category.value,
        hours=booking.labour_hours,
        hours_budget=store.labour_hours.get(kind.category.value),
    )


class BookingService:
    def __init__(
        self,
        stores: StoreRepository,
        bookings: BookingRepository,
        clock: Clock,
        notifier: Notifier | None = None,
        new_id: Callable[[], str] = new_booking_id,
    ) -> None:
        self._stores, self._bookings, self._clock, self._new_id = stores, bookings, clock, new_id
        self._notifier = notifier

    # --- customers ---------------------------------------------------------------------------------------

    def book_online(self, who: Principal, request: BookingRequest, idempotency_key: str) -> tuple[Booking, bool]:
        """A customer's own booking from the mini-program. Returns the booking and whether it is new.

        Cost: the slot's counter (GetItem, to tag the tier the customer saw) and one transaction; the store
        is cached per container.
        """
        fingerprint = request_fingerprint(request)
        store = self._stores.get(who.chain_id, request.store_id)
        now = self._clock.now()
        try:
            slot = calendar.locate_slot(store, request.start, now)
            taken = self._bookings.taken(who.chain_id, store.store_id, slot.start.date(), slot.key)
            if capacity.available(store, taken) <= 0:
                raise SlotFull("that time is fully booked; please choose another slot", field="start")
        except (ValidationError, SlotFull):
            # refused without writing; but a retry of a request that did book (and maybe filled the slot, or
            # is now inside the lead time) still gets its booking
            found = self._bookings.idempotent_booking(who.chain_id, who.subject, idempotency_key)
            if found:
                return self._replayed(who, *found, fingerprint), False
            raise
        tier = tiers.tier_for(store, taken)
        kind = SERVICE_TYPES[request.service_type]
        booking = Booking(
            booking_id=self._new_id(),
            chain_id=who.chain_id,
            store_id=store.store_id,
            customer_id=who.subject,
            status=Status.PENDING,
            start=slot.start,
            end=slot.end,
            service_type=request.service_type,
            tier=tier.value,
            discount=tiers.discount_for(store, tier),
            source="mini_program",
            customer_name=request.customer.name,
            customer_phone=request.customer.phone,
            plate=request.vehicle.plate,
            vehicle_model=request.vehicle.model,
            mileage=request.vehicle.mileage,
            labour_hours=kind.default_hours,
            description=request.description,
            honorific=request.customer.honorific,
            events=(Event(at=now, kind="booked", by=f"customer:{who.subject}"),),
        )
        try:
            self._bookings.create(
                booking,
                placement_for(store, booking, may_use_reserve=False),
                store=store,
                now=now,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
                customer=CustomerUpdate(
                    request.customer.name,
                    request.customer.phone,
                    request.preferred_channel,
                    max_active=MAX_ACTIVE_ONLINE_BOOKINGS,
                ),
                vehicle=vehicle_update_for(
                    request.vehicle, store, now,
                    last_service_date=request.last_service_date.isoformat() if request.last_service_date else None,
                    last_service_mileage=request.last_service_mileage,
                ),
            )
        except IdempotentReplay as replay:
            return self._replayed(who, replay.booking_id, replay.request_hash, fingerprint), False
        return booking, True

    def _replayed(self, who: Principal, booking_id: str, stored_hash: str, fingerprint: str) -> Booking:
        if stored_hash != fingerprint:
            raise Conflict(
                "this Idempotency-Key was already used for a different booking request",
                field="Idempotency-Key",
                code="idempotency_key_reused",
            )
        return self._bookings.get(booking_id)

    def own(self, who: Principal, booking_id: str) -> Booking:
        """A customer's own booking; anyone else's is reported as missing, not forbidden."""
        booking = self._bookings.get(booking_id)
        if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")
        return booking

    def list_own(self, who: Principal) -> list[Booking]:
        return self._bookings.for_customer(who.chain_id, who.subject)

    def cancel_own(self, who: Principal, booking_id: str, reason: str | None = None) -> Booking:
        booking = self.own(who, booking_id)
        store = self._stores.get(booking.chain_id, booking.store_id)
        self._check_cutoff(store, booking, "cancel")
        return self.release(store, booking, "cancel", f"customer:{who.subject}", reason)

    def reschedule_own(self, who: Principal, booking_id: str, new_start: datetime) -> Booking:
        booking = self.own(who, booking_id)
        store = self._stores.get(booking.chain_id, booking.store_id)
        ensure_movable(booking.status)
        self._check_cutoff(store, booking, "reschedule")
        return self.move(store, booking, new_start, f"customer:{who.subject}", may_use_reserve=False)

    def acknowledge_own(self, who: Principal, booking_id: str) -> Booking:
        """The customer confirms from a reminder that they are coming; this stops the call-task escalation."""
        booking = self.own(who, booking_id)
        if booking.status not in MOVABLE:
            raise Conflict(
                f"cannot acknowledge a booking that is {booking.status.value}",
                field="status",
                code="illegal_transition",
                current_status=booking.status.value,
            )
        if booking.acknowledged_at:
            return booking
        now = self._clock.now()
        event = Event(at=now, kind="acknowledged", by=f"customer:{who.subject}")
        after = replace(booking, acknowledged_at=now, events=booking.events + (event,))
        store = self._stores.get(booking.chain_id, booking.store_id)
        self._bookings.transition(booking, booking.status, event, after=after, store=store,
                                  fields={"acknowledged_at": now.isoformat()})
        return after

    def feedback_own(self, who: Principal, booking_id: str, score: int, comment: str | None) -> Booking:
        """The follow-up survey (回访 [003]); a low score or a complaint becomes a call task for the store."""
        booking = self.own(who, booking_id)
        if booking.status is not Status.COMPLETED:
            raise Conflict("feedback is for completed services", field="status", code="not_completed",
                           current_status=booking.status.value)
        if any(e.kind == "feedback" for e in booking.events):
            raise Conflict("this service has feedback already", field="booking_id", code="feedback_given")
        now = self._clock.now()
        store = self._stores.get(booking.chain_id, booking.store_id)
        event = Event(at=now, kind="feedback", by=f"customer:{who.subject}", note=f"{score}/5 {comment or ''}".strip())
        after = replace(booking, events=booking.events + (event,))
        task = None
        if score <= LOW_SCORE or (comment and any(word in comment for word in COMPLAINT_WORDS)):
            task = CallTask(booking.chain_id, booking.store_id, f"{booking.booking_id}#follow_up_complaint",
                            "follow_up_complaint", now + timedelta(hours=4), now, booking.customer_name,
                            booking.customer_phone, booking.booking_id, note=event.note)
        self._bookings.transition(booking, booking.status, event, after=after, store=store, task=task)
        return after

    # --- shared with staff -------------------------------------------------------------------------------

    def _check_cutoff(self, store: Store, booking: Booking, what: str) -> None:
        if booking.start is None:
            return
        deadline = booking.start - timedelta(minutes=store.customer_cutoff_minutes)
        if self._clock.now() >= deadline:
            raise Conflict(
                f"it is too late to {what} online; please call the store ({store.phone or store.name})",
                field="start",
                code="past_cutoff",
            )

    def release(self, store: Store, booking: Booking, action: str, by: str, note: str | None = None, *,
                tell: str | None = None) -> Booking:
        """Cancel or mark a no-show: the place goes back in the same write; `tell` names the message kind
        the customer gets (none when they cancelled themselves)."""
        status = next_status(booking.status, action)
        event = Event(at=self._clock.now(), kind=status.value, by=by, note=note)
        message = booking_message(tell, booking, store, occurrence=event.at.isoformat(), reason=note) if tell else None
        after = replace(booking, status=status, events=booking.events + (event,))
        self._bookings.transition(
            booking,
            status,
            event,
            after=after,
            store=store,
            customer=CustomerChange(
                active_delta=-1 if booking.source == "mini_program" else 0,
                rebook_priority=True if status is Status.NO_SHOW else None,
            ),
            leave=placement_for(store, booking, may_use_reserve=True),
            message=message,
        )
        self._announce(message)
        return after

    def _announce(self, message: OutboxRecord | None) -> None:
        if message is not None and self._notifier is not None:
            self._notifier.deliver_quietly(message.dedupe_key)

    def move(
        self,
        store: Store,
        booking: Booking,
        new_start: datetime,
        by: str,
        *,
        may_use_reserve: bool,
        enforce_window: bool = True,
        fields: dict | None = None,
    ) -> Booking:
        """Move a booking (or give one waiting for parts its slot); staff may book inside the lead time."""
        now = self._clock.now()
        slot = calendar.locate_slot(store, new_start, now, enforce_window=enforce_window)
        if not enforce_window and slot.end <= now:
            raise ValidationError("that time has already passed", field="start", code="in_the_past")
        if slot.start == booking.start:
            raise ValidationError("the booking is already at that time", field="start", code="same_slot")
        taken = self._bookings.taken(store.chain_id, store.store_id, slot.start.date(), slot.key)
        tier = tiers.tier_for(store, taken)
        before = booking.start.isoformat() if booking.start else "parts waitlist"
        event = Event(at=now, kind="rescheduled", by=by, note=f"{before} -> {slot.start.isoformat()}")
        moved = replace(
            booking,
            start=slot.start,
            end=slot.end,
            tier=tier.value,
            discount=tiers.discount_for(store, tier),
            acknowledged_at=None,
            place_released=False,
            events=booking.events + (event,),
        )
        new = placement_for(store, moved, may_use_reserve=may_use_reserve)
        assert new is not None
        kind = "booking_rescheduled" if booking.start else "booking_confirmed"  # a parts booking's first slot
        message = booking_message(kind, moved, store, occurrence=now.isoformat())
        self._bookings.move(booking, moved, placement_for(store, booking, may_use_reserve=True), new, event,
                            store=store, fields=fields, message=message)
        self._announce(message)
        return replace(moved, **(fields or {}))
