"""A new booking, from the mini-program or taken by staff, decided as a change that takes its place."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from .. import codec
from ..contact_preference import Preferred
from ..followup import contact, invitations, lapse, maintenance
from ..messaging.outbox import OutboxRecord, booking_message
from ..people.customer import phone_customer_id
from ..people.principal import Principal
from ..service_types import SERVICE_TYPES
from ..staff_requests import StaffBookingRequest
from ..tenancy.calendar import Slot
from ..tenancy.store import Store
from ..validation import BookingRequest, VehicleInput
from . import coupons, progress
from .booking import Booking, Event
from .change import BookingChange, CustomerChange, Idempotency, TaskClosure, VehicleChange, decide
from .coupons import Coupon, CouponUse
from .lifecycle import Status
from .parts import NO_PARTS, PartsInput
from .policy import MAX_ACTIVE_ONLINE_BOOKINGS
from .quote import price_estimate, quote
from .tiers import SlotTier


def request_fingerprint(request: BookingRequest, coupon_id: str | None = None) -> str:
    """What an Idempotency-Key promises stays the same between a request and its replays (the coupon too)."""
    said = codec.builtins(request)
    if coupon_id is not None:
        said["coupon_id"] = coupon_id
    return hashlib.sha256(codec.canonical(said).encode()).hexdigest()


def vehicle_change_for(vehicle: VehicleInput, store: Store, now: datetime, service_type: str = "",
                       **extra: Any) -> VehicleChange:
    """A booking's vehicle details; a car bought in the last 3 months gets its first-service invitation, unless
    this booking is its first service."""
    first_due = None
    if vehicle.purchase_date is not None and invitations.first_service_invited(service_type):
        today = now.astimezone(store.tz).date()
        if vehicle.purchase_date >= lapse.add_months(today, -3):
            invite = max(maintenance.first_service_invite(vehicle.purchase_date), today)
            first_due = ("first_service_due", contact.spread(invite, vehicle.plate, store.tz))
    return VehicleChange(
        plate=vehicle.plate, model=vehicle.model, mileage=vehicle.mileage, store_id=store.store_id,
        purchase_date=vehicle.purchase_date.isoformat() if vehicle.purchase_date else None, first_due=first_due,
        first_service_due=maintenance.first_service_due(vehicle.purchase_date).isoformat() if vehicle.purchase_date else None,
        **extra,
    )


def slot_terms(store: Store, service_type: str, seen: SlotTier) -> dict[str, Any]:
    """What a booking keeps of the slot it was quoted: tier, segment, discount and price estimate
    (docs/product-rules.md#price-list)."""
    return {"tier": seen.tier.value, "discount": seen.discount, "segment": seen.segment_id,
            "segment_name": seen.segment_name, "price_estimate": price_estimate(store, service_type, seen.discount)}


def online(who: Principal, request: BookingRequest, store: Store, slot: Slot, seen: SlotTier, now: datetime,
           booking_id: str, idempotency_key: str, advisor: tuple[str | None, str | None] = (None, None), *,
           contact_window: Preferred | None = None, coupon: Coupon | None = None,
           new_time: tuple[TaskClosure, ...] | None = None) -> BookingChange:
    """A customer's own booking: outside the walk-in reserve, counted against their cap of upcoming ones; it
    keeps the tier, discount and price it was shown (`seen`), and the customer's contact hours; the advisor is
    the one assignment chose (docs/product-rules.md#advisor); a coupon takes its part off the labour and is
    used once more in the same write (docs/product-rules.md#coupons). `new_time` (None: the customer's record names
no call to agree a new time) closes that call, and the record forgets it (docs/product-rules.md#agree-new-time)."""
    terms = slot_terms(store, request.service_type, seen)
    off = coupons.apply(coupon, quote(store, request.service_type, seen.discount),
                        slot.start.astimezone(store.tz).date(), request.service_type) if coupon else None
    if off is not None:
        terms["price_estimate"] -= off
    booking = Booking(
        booking_id=booking_id, chain_id=who.chain_id, store_id=store.store_id, customer_id=who.subject,
        status=Status.PENDING, start=slot.start, end=slot.end, service_type=request.service_type,
        coupon_id=coupon.coupon_id if coupon else None, coupon_fen=off,
        **terms, source="mini_program", customer_name=request.customer.name,
        customer_phone=request.customer.phone, plate=request.vehicle.plate, vehicle_model=request.vehicle.model,
        mileage=request.vehicle.mileage, labour_hours=SERVICE_TYPES[request.service_type].default_hours,
        description=request.description, honorific=request.customer.honorific, created_at=now,
        advisor_id=advisor[0], advisor=advisor[1],
        events=(Event(at=now, kind="booked", by=f"customer:{who.subject}"),), contact_window=contact_window,
    )
    customer = CustomerChange(name=request.customer.name, phone=request.customer.phone,
                              preferred_channel=request.preferred_channel, cap=MAX_ACTIVE_ONLINE_BOOKINGS, active_delta=1,
                              new_time_task="" if new_time is not None else None)
    vehicle = vehicle_change_for(
        request.vehicle, store, now, request.service_type,
        last_service_date=request.last_service_date.isoformat() if request.last_service_date else None,
        last_service_mileage=request.last_service_mileage,
    )
    change = decide(None, booking, store, now, may_use_reserve=False, customer=customer, vehicle=vehicle,
                    close_tasks=new_time or (),
                    idempotency=Idempotency(idempotency_key, request_fingerprint(request, coupon.coupon_id if coupon else None)))
    return replace(change, coupon=CouponUse(coupon.coupon_id, coupon.per_customer)) if coupon else change


def _staff_status(req: StaffBookingRequest, now: datetime, by: str) -> tuple[Status, list[Event]]:
    events = [Event(at=now, kind="booked", by=by, note=req.source)]
    if req.source == "walk_in" and not req.waiting_for_parts:
        events.append(Event(at=now, kind=Status.ARRIVED.value, by=by))
        return Status.ARRIVED, events
    if req.estimate.price is not None and not req.waiting_for_parts:  # the customer heard time and price
        events.append(Event(at=now, kind=Status.CONFIRMED.value, by=by, note="confirmed on the call"))
        return Status.CONFIRMED, events
    return Status.PENDING, events


def _came_in(booking: Booking, store: Store, now: datetime) -> dict[str, str]:
    """A walk-in for a first service has come in for it today (the first-service arrival rate)."""
    if booking.status is Status.ARRIVED and booking.service_type == "first_service":
        return {"first_service_at": now.astimezone(store.tz).date().isoformat()}
    return {}


def _staff_messages(booking: Booking, store: Store, now: datetime) -> tuple[OutboxRecord, ...]:
    """A booking confirmed on the call is confirmed in writing; a booking waiting for parts with an expected
    date tells the customer the date (docs/product-rules.md#parts-deposit)."""
    if booking.status is Status.CONFIRMED:
        return (booking_message("booking_confirmed", booking, store, occurrence=now.isoformat()),)
    if booking.parts_status == "waiting" and booking.parts_expected:
        return (booking_message("parts_expected", booking, store, occurrence=f"{booking.parts_expected}@{now.isoformat()}",
                                due=booking.parts_expected),)
    return ()


def _staff_coupon(coupon: Coupon | None, store: Store, req: StaffBookingRequest, terms: dict[str, Any],
                  day: date) -> dict[str, Any]:
    """What a coupon the customer claimed changes of a staff booking's terms: the fen it takes off the list
    labour at the slot's discount, kept with the booking and taken off its price (docs/product-rules.md#coupons)."""
    if coupon is None:
        return {}
    off = coupons.apply(coupon, quote(store, req.service_type, terms["discount"]), day, req.service_type)
    price = terms["price_estimate"]
    return {"coupon_id": coupon.coupon_id, "coupon_fen": off,
            "price_estimate": max(price - off, 0) if price is not None else None}


def by_staff(req: StaffBookingRequest, store: Store, slot: Slot | None, seen: SlotTier | None, now: datetime, by: str,
             booking_id: str, advisor: tuple[str | None, str | None], customer_id: str | None = None, *,
             parts: PartsInput = NO_PARTS, rebooking: tuple[TaskClosure, ...] | None = None,
             coupon: Coupon | None = None,
             new_time: tuple[TaskClosure, ...] | None = None) -> BookingChange:
    """Phone, walk-in or proactive booking; priority reasons and walk-ins may use the walk-in reserve; a
    phone booking given a price is confirmed on the call and in writing. The advisor's price, when given,
    is the estimate; otherwise the price list's for the slot. The customer is the phone's, or `customer_id`
    when a mini-program customer has taken that phone over (domain/people/linking.py). `rebooking` (None: the
    customer has no rebooking priority) holds the open rebooking call this booking settles: the booking gets
    the priority "rebook" (first in the plan and the parts list, may use the reserve) and the flag is spent.
    `new_time`, as for an online booking, settles the call to agree a new time (no priority)."""
    status, events = _staff_status(req, now, by)
    priority = req.priority or ("rebook" if rebooking is not None else None)
    terms: dict[str, Any] = {"tier": "normal", "discount": 0.0, "price_estimate": None}
    if slot is not None and seen is not None:
        terms = slot_terms(store, req.service_type, seen)
    if req.estimate.price is not None:
        terms["price_estimate"] = req.estimate.price
    terms.update(_staff_coupon(coupon, store, req, terms, (slot.start if slot else now).astimezone(store.tz).date()))
    booking = Booking(
        booking_id=booking_id, chain_id=store.chain_id, store_id=store.store_id,
        customer_id=customer_id or phone_customer_id(store.chain_id, req.customer.phone), status=status,
        start=slot.start if slot else None, end=slot.end if slot else None, service_type=req.service_type,
        **terms, source=req.source,
        customer_name=req.customer.name, customer_phone=req.customer.phone, plate=req.vehicle.plate,
        vehicle_model=req.vehicle.model, mileage=req.vehicle.mileage,
        labour_hours=req.estimate.labour_hours or SERVICE_TYPES[req.service_type].default_hours,
        description=req.description, priority=priority, advisor=advisor[1], advisor_id=advisor[0],
        honorific=req.customer.honorific, parts_status="waiting" if req.waiting_for_parts else None, created_at=now,
        events=tuple(events), parts_expected=parts.expected.isoformat() if parts.expected else None,
        parts_estimate_fen=parts.estimate_fen, deposit_fen=parts.deposit_fen,
    )
    if status is Status.ARRIVED:  # a walk-in seated at once: the hand-back time, as at check-in (#promised-time)
        booking = replace(booking, events=booking.events + (progress.promised_event(booking, store, now, by, None),))
    messages = _staff_messages(booking, store, now)
    customer = CustomerChange(name=req.customer.name, phone=req.customer.phone, create_if_missing=True,
                              rebook_priority=False if rebooking is not None else None,
                              new_time_task="" if new_time is not None else None)
    vehicle = vehicle_change_for(req.vehicle, store, now, req.service_type, **_came_in(booking, store, now))
    change = decide(None, booking, store, now, may_use_reserve=priority is not None or req.source == "walk_in",
                    customer=customer, vehicle=vehicle, messages=messages,
                    close_tasks=(rebooking or ()) + (new_time or ()))
    return replace(change, coupon=CouponUse(coupon.coupon_id, coupon.per_customer)) if coupon else change
