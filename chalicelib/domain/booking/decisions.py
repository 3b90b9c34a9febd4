"""What each move of a booking changes, decided from the booking as read and facts the use case looked up
(the slot's tier, the vehicle's last service). Pure: each returns a BookingChange and does nothing."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from ..errors import Conflict, IllegalTransition, NotFound, ValidationError
from ..floor.task_rules import booking_task, complaint_task
from ..floor.tasks import NEW_TIME_KIND, CallTask
from ..followup import contact, lapse, maintenance
from ..messaging.outbox import OutboxRecord, booking_message, quoted_price_fen
from ..tenancy.calendar import Slot
from ..tenancy.store import Store
from . import complaints, coupons, deposits, progress
from .booking import Booking, Event
from .change import BookingChange, CustomerChange, TaskClosure, VehicleChange, decide
from .extra_items import approved_fen
from .lifecycle import MOVABLE, Status, next_status
from .quote import price_estimate
from .tiers import SlotTier


def _self_service(b: Booking) -> int:
    """-1 when a booking made in the mini-program stops being upcoming: it frees one of the customer's places."""
    return -1 if b.source == "mini_program" else 0


def release(booking: Booking, store: Store, now: datetime, action: str, by: str, note: str | None = None, *,
            tell: str | None = None, own: bool = False, retained_percent: int = 0) -> BookingChange:
    """Cancel or mark a no-show: the place goes back with the same write; `tell` names the message the
    customer gets (none when they cancelled themselves). A customer's `own` cancellation opens the call to
    agree a new time, which their record names (docs/product-rules.md#agree-new-time). A paid deposit is
    refunded with the cancellation, less the chain's `retained_percent` on a customer's late one."""
    status = next_status(booking.status, action)
    event = Event(at=now, kind=status.value, by=by, note=note)
    after = replace(booking, status=status, events=booking.events + (event,))
    refund = deposits.refund_for_cancel(booking, now, by_store=not own, retained_percent=retained_percent) \
        if status is Status.CANCELLED else None
    if refund is not None:  # a paid deposit goes back (docs/product-rules.md#deposit-payment)
        after = replace(after, payment=refund)
    message = booking_message(tell, booking, store, occurrence=now.isoformat(), reason=note) if tell else None
    rebook = "rebook_no_show" if status is Status.NO_SHOW else "rebook_store_cancel" if tell else None
    tasks: tuple[CallTask, ...] = ()
    customer = CustomerChange(active_delta=_self_service(booking))
    if rebook is not None:  # missed, or cancelled by the store: call to rebook, and the customer goes first
        task = booking_task(booking, store, rebook, now, occurrence=now.isoformat(), note=note)
        tasks = (task,)
        customer = replace(customer, rebook_priority=True, rebook_task=f"{booking.store_id}|{task.task_id}")
    elif own and status is Status.CANCELLED:
        task = booking_task(booking, store, NEW_TIME_KIND, now, occurrence=now.isoformat(), note=note)
        tasks = (task,)
        customer = replace(customer, new_time_task=f"{booking.store_id}|{task.task_id}")
    change = decide(booking, after, store, now, customer=customer, messages=(message,) if message else (), open_tasks=tasks)
    if status is Status.CANCELLED and booking.coupon_id:  # its coupon use given back (docs/product-rules.md#coupons)
        change = replace(change, coupon=coupons.given_back(booking.coupon_id))
    return change


def cancel_unpaid(booking: Booking, store: Store, now: datetime) -> BookingChange:
    """The parts request ends for a deposit unpaid 30 minutes after its order (the parts are not ordered): the
    booking is cancelled and, in the same change, the customer told why (docs/product-rules.md#deposit-payment)."""
    change = release(booking, store, now, "cancel", "system", deposits.UNPAID_NOTE)
    told = booking_message(deposits.UNPAID_MESSAGE, change.after, store, occurrence=now.isoformat())
    return replace(change, messages=change.messages + (told,))


def requote(booking: Booking, store: Store, seen: SlotTier) -> dict[str, Any]:
    """The new slot's terms: its tier, segment and discount, and the price list's estimate at that discount
    (kept as it was when the store lists no price for the service), less what its coupon took off
    (docs/product-rules.md#coupons)."""
    price = price_estimate(store, booking.service_type, seen.discount)
    if price is not None and booking.coupon_fen:
        price = max(price - booking.coupon_fen, 0)
    return {"tier": seen.tier.value, "discount": seen.discount, "segment": seen.segment_id,
            "segment_name": seen.segment_name, "price_estimate": booking.price_estimate if price is None else price}


def move(booking: Booking, store: Store, slot: Slot, seen: SlotTier, now: datetime, by: str, *, may_use_reserve: bool,
         fields: dict[str, Any] | None = None, confirm: bool = False) -> BookingChange:
    """Reschedule, or give a booking waiting for parts its first slot. The tier, segment, discount and price
    are re-quoted for the new slot as the mover saw it; a moved booking must be acknowledged again. A parts
    booking's first slot keeps the advisor's estimate (there was no list quote to redo), and staff giving it
    (`confirm`) have agreed the time with the customer: it is confirmed, and the customer is told so
    (docs/product-rules.md#parts-waitlist)."""
    first = booking.start is None
    before = booking.start.isoformat() if booking.start else "parts waitlist"
    events: tuple[Event, ...] = (Event(at=now, kind="rescheduled", by=by, note=f"{before} -> {slot.start.isoformat()}"),)
    terms = requote(booking, store, seen)
    if first and booking.price_estimate is not None:
        terms["price_estimate"] = booking.price_estimate
    status = booking.status
    if first and confirm and status is Status.PENDING:
        status = next_status(status, "confirm")
        events += (Event(at=now, kind=status.value, by=by, note="slot agreed when the parts arrived"),)
    moved = replace(booking, start=slot.start, end=slot.end, status=status, **terms, acknowledged_at=None,
                    place_released=False, events=booking.events + events, **(fields or {}))
    return decide(booking, moved, store, now, may_use_reserve=may_use_reserve,
                  messages=_move_messages(first, moved, store, now))


def _move_messages(first: bool, moved: Booking, store: Store, now: datetime) -> tuple[OutboxRecord, ...]:
    """A moved booking: the new time. A parts booking's first slot: the confirmation once it is confirmed;
    nothing while it is still pending (as a new booking, it hears from the store when confirmed)."""
    if not first:
        return (booking_message("booking_rescheduled", moved, store, occurrence=now.isoformat()),)
    if moved.status is Status.CONFIRMED:
        return (booking_message("booking_confirmed", moved, store, occurrence=now.isoformat()),)
    return ()


def parts_expected(booking: Booking, store: Store, now: datetime, by: str, expected: date) -> BookingChange | None:
    """Staff record or change when the parts are expected; the customer is told the date. None when it is the
    date already recorded."""
    if booking.status not in MOVABLE:
        raise Conflict(f"the booking is {booking.status.value}", field="status", code="illegal_transition",
                       current_status=booking.status.value)
    if booking.parts_status != "waiting":
        raise Conflict(f"the booking is not waiting for parts (parts: {booking.parts_status or 'none'})",
                       field="parts_status", code="parts_not_waiting")
    if expected < now.astimezone(store.tz).date():
        raise ValidationError("expected must not be in the past", field="expected")
    if booking.parts_expected == expected.isoformat():
        return None
    event = Event(at=now, kind="parts_expected", by=by, note=f"{booking.parts_expected or '-'} -> {expected.isoformat()}")
    after = replace(booking, parts_expected=expected.isoformat(), events=booking.events + (event,))
    # one message per date told, at its moment: a booking made with a date and corrected at once tells both
    message = booking_message("parts_expected", after, store, occurrence=f"{after.parts_expected}@{now.isoformat()}",
                              due=after.parts_expected)
    return decide(booking, after, store, now, messages=(message,))


def acknowledge(booking: Booking, store: Store, now: datetime, by: str) -> BookingChange | None:
    """The customer confirms from a reminder that they are coming; None when they already had."""
    if booking.status not in MOVABLE:
        raise Conflict(f"cannot acknowledge a booking that is {booking.status.value}", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    if booking.acknowledged_at:
        return None
    event = Event(at=now, kind="acknowledged", by=by)
    return decide(booking, replace(booking, acknowledged_at=now, events=booking.events + (event,)), store, now)


def feedback(booking: Booking, store: Store, now: datetime, by: str, score: int, comment: str | None) -> BookingChange:
    """The follow-up survey (回访), or the answer to the question asked again after a resolved complaint; a
    complaint (docs/product-rules.md#complaints) becomes the store manager's call task, and the customer is
    told by when the manager will call (the task's deadline)."""
    if booking.status is not Status.COMPLETED:
        raise Conflict("feedback is for completed services", field="status", code="not_completed",
                       current_status=booking.status.value)
    kind = "feedback"
    if any(e.kind == "feedback" for e in booking.events):
        if not complaints.awaits_recheck_answer(booking):
            raise Conflict("this service has feedback already", field="booking_id", code="feedback_given")
        kind = complaints.ANSWER_EVENT
    event = Event(at=now, kind=kind, by=by, note=f"{score}/5 {comment or ''}".strip())
    causes = complaints.assess(score, comment)
    if not causes:
        return decide(booking, replace(booking, events=booking.events + (event,)), store, now)
    task = complaint_task(booking, store, now, event.note or "", causes,
                          occurrence="" if kind == "feedback" else now.isoformat())
    told = booking_message("complaint_received", booking, store, occurrence=now.isoformat(), at=task.deadline)
    found = Event(at=now, kind=complaints.COMPLAINT_EVENT, by=by, note=",".join(causes))
    return decide(booking, replace(booking, events=booking.events + (event, found)), store, now,
                  messages=(told,), open_tasks=(task,))


def parts_arrived(booking: Booking, store: Store, now: datetime, by: str, note: str | None) -> BookingChange:
    if booking.parts_status != "waiting":
        raise Conflict(f"the booking is not waiting for parts (parts: {booking.parts_status or 'none'})",
                       field="parts_status", code="parts_not_waiting")
    if booking.status not in MOVABLE:  # cancelled while it waited: nobody to tell, nothing to rebook
        raise IllegalTransition(f"cannot mark parts arrived for a booking that is {booking.status.value}",
                                field="status", current_status=booking.status.value)
    event = Event(at=now, kind="parts_arrived", by=by, note=note)
    after = replace(booking, events=booking.events + (event,), parts_status="arrived", priority=booking.priority or "parts")
    message = booking_message("parts_arrived", booking, store, occurrence=now.isoformat())
    task = booking_task(booking, store, "parts_arrived", now, occurrence=now.isoformat(), note=note)
    return decide(booking, after, store, now, customer=CustomerChange(rebook_priority=True), messages=(message,),
                  open_tasks=(task,))


# what the customer hears when staff move their booking on (check-in says nothing: they are at the counter)
_PROGRESS = {"confirm": "booking_confirmed", "start": "service_started", "complete": "ready_for_pickup"}


def _progress(action: str, after: Booking, store: Store, now: datetime) -> tuple[OutboxRecord, ...]:
    """The confirmation, and the progress notices (docs/product-rules.md#progress): work started, ready for
    pickup with the amount to pay."""
    kind = _PROGRESS.get(action)
    if kind is None:
        return ()
    amount = quoted_price_fen(after) if kind == "ready_for_pickup" else None
    if amount is not None:  # with the extra work the customer agreed to (docs/product-rules.md#extra-work)
        amount += approved_fen(after.extra_work)
    return (booking_message(kind, after, store, occurrence=now.isoformat(), amount=amount),)


@dataclass(frozen=True)
class StaffStep:
    """What staff send with confirm, check-in, start or complete."""

    note: str | None = None
    advisor: tuple[str, str] | None = None  # (username, display name), already checked
    labour_hours: float | None = None
    price: int | None = None  # fen
    mileage: int | None = None
    last_service: tuple[str | None, int | None] = (None, None)  # the vehicle's, read before completing
    invitation_ahead: str | None = None  # the kind of the vehicle's invitation ahead, read before completing
    promised: datetime | None = None  # check-in: the hand-back time the advisor gives (else computed)


def _completion(booking: Booking, store: Store, now: datetime, step: StaffStep) -> tuple[CustomerChange, VehicleChange]:
    """A finished visit: the lapse stages start again, the next maintenance is dated from the pace, unless the
    car's first service is still ahead and this job was not a maintenance (its invitation stays)."""
    visit = now.astimezone(store.tz).date()
    km = step.mileage if step.mileage is not None else booking.mileage
    customer = CustomerChange(last_visit=visit.isoformat(), home_store=store.store_id, last_plate=booking.plate,
                              lapse_at=lapse.stage_at("invite", visit, store.tz, booking.customer_id))
    prev_date, prev_km = step.last_service
    next_due: str | None = None
    invitation: tuple[str, datetime] | None = None
    if not maintenance.keeps_first_service(booking.service_type, step.invitation_ahead):
        due = maintenance.next_maintenance(visit, km, date.fromisoformat(prev_date) if prev_date else None, prev_km)
        next_due = due.isoformat()
        invitation = ("maintenance_due", contact.spread(maintenance.invite_on(due), booking.plate, store.tz))
    vehicle = VehicleChange(booking.plate, mileage=km, last_service_date=visit.isoformat(), last_service_mileage=km,
                            store_id=store.store_id, prev_service_date=prev_date, prev_service_mileage=prev_km,
                            next_due=next_due, due=invitation)
    return customer, vehicle


def _arrival_vehicle(booking: Booking, store: Store, now: datetime, step: StaffStep) -> VehicleChange | None:
    """At check-in: the mileage read, and the day a first service came in (the first-service arrival rate)."""
    first = now.astimezone(store.tz).date().isoformat() if booking.service_type == "first_service" else None
    if step.mileage is None and first is None:
        return None
    return VehicleChange(booking.plate, mileage=step.mileage, first_service_at=first)


def _fields(action: str, step: StaffStep) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if action in ("confirm", "start") and step.advisor is not None:
        fields.update(advisor_id=step.advisor[0], advisor=step.advisor[1])
    if action == "confirm":
        if step.labour_hours is not None:
            fields["labour_hours"] = step.labour_hours
        if step.price is not None:
            fields["price_estimate"] = step.price
    return fields


def advance(booking: Booking, store: Store, now: datetime, action: str, by: str, step: StaffStep) -> BookingChange:
    """Confirm, check in, start or complete a booking."""
    target = next_status(booking.status, action)
    if booking.start is None and target is not Status.CONFIRMED:
        raise Conflict("the booking has no slot yet: give it one when the parts arrive", field="start", code="no_slot_yet")
    if action == "check_in" and booking.start is not None:
        day = booking.start.astimezone(store.tz).date()
        if day != now.astimezone(store.tz).date():
            raise Conflict(f"check-in is only on the booking's day ({day.isoformat()}); reschedule it to today first",
                           field="start", code="not_booking_day")
    events: tuple[Event, ...] = (Event(at=now, kind=target.value, by=by, note=step.note),)
    if action == "check_in":  # the hand-back time promised at the counter (docs/product-rules.md#promised-time)
        events += (progress.promised_event(booking, store, now, by, step.promised),)
    after = replace(booking, status=target, events=booking.events + events, **_fields(action, step))
    customer: CustomerChange | None = None
    vehicle: VehicleChange | None = None
    if action == "check_in":
        customer = CustomerChange(active_delta=_self_service(booking))
        vehicle = _arrival_vehicle(booking, store, now, step)
    elif action == "complete":
        customer, vehicle = _completion(booking, store, now, step)
    messages = _progress(action, after, store, now)
    return decide(booking, after, store, now, customer=customer, vehicle=vehicle, messages=messages)



def close_task(booking: Booking, store: Store, now: datetime, task_id: str, by: str, outcome: str,
               note: str | None) -> BookingChange:
    """A member of staff closes one of the booking's open tasks with an outcome and a note."""
    kinds = dict((tid, kind) for kind, tid in booking.open_tasks)
    if task_id not in kinds:
        raise NotFound("no such open task on this booking", field="task_id", code="task_not_found")
    event = Event(at=now, kind="task_done", by=by, note=f"{kinds[task_id]}: {outcome}" + (f" {note}" if note else ""))
    events: tuple[Event, ...] = (event,)
    if kinds[task_id] == "follow_up_complaint" and outcome in complaints.RESOLVING_OUTCOMES:
        events += (Event(at=now, kind=complaints.RESOLVED_EVENT, by=by, note=outcome),)  # asked again within a week
    closure = TaskClosure(booking.chain_id, booking.store_id, task_id, outcome, now.astimezone(store.tz).date(), by, note)
    return decide(booking, replace(booking, events=booking.events + events), store, now, close_tasks=(closure,))
