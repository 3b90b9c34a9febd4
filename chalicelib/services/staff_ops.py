"""What store staff do: the day's plan, phone/walk-in/priority bookings, moving a booking through its
life, the parts waitlist, the call list, the lobby board and the report."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Mapping

from ..adapters.clock import Clock
from ..adapters.dynamo.bookings import BookingRepository, CustomerChange, CustomerUpdate, VehicleUpdate
from ..adapters.dynamo.customers import phone_customer_id
from ..adapters.dynamo.outbox import OutboxRecord
from ..adapters.dynamo.staff import StaffRepository
from ..adapters.dynamo.stores import StoreRepository
from ..adapters.dynamo.tasks import TaskRepository
from ..domain import calendar, lapse, maintenance, report, tiers, validation
from ..domain.booking import Booking, Event, first_event_at
from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.lifecycle import Status, ensure_movable, next_status
from ..domain.service_types import SERVICE_TYPES
from ..domain.staff import Role, StaffAccess
from ..domain.store import Store
from ..domain.tasks import CallTask
from .availability import AvailabilityService, SlotView
from .booking import BookingService, new_booking_id, placement_for, vehicle_update_for
from .notify import Notifier, booking_message

# URL action -> lifecycle action; parts-arrived changes no status
ACTIONS = {
    "confirm": "confirm",
    "check-in": "check_in",
    "start": "start",
    "complete": "complete",
    "cancel": "cancel",
    "no-show": "no_show",
    "parts-arrived": None,
}
MAX_REPORT_DAYS = 31


@dataclass(frozen=True)
class PlanEntry:
    booking: Booking
    sla_overdue: bool

    def to_json(self) -> dict:
        return {**self.booking.to_json(), "sla_overdue": self.sla_overdue}


@dataclass(frozen=True)
class DayPlan:
    store: Store
    day: date
    entries: list[PlanEntry]
    waiting_for_parts: list[Booking]


def plan_order(b: Booking) -> tuple:
    """By slot; within a slot priority first (rework, recall, warranty, emergency, VIP), then first booked."""
    booked = first_event_at(b, "booked")
    return (b.start is None, b.start.timestamp() if b.start else 0.0, b.priority is None, booked.timestamp() if booked else 0.0)


class StaffOps:
    def __init__(
        self,
        stores: StoreRepository,
        bookings: BookingRepository,
        staff: StaffRepository,
        tasks: TaskRepository,
        booking_service: BookingService,
        availability: AvailabilityService,
        clock: Clock,
        notifier: Notifier | None = None,
    ) -> None:
        self._stores, self._bookings, self._staff, self._tasks = stores, bookings, staff, tasks
        self._booking_service, self._availability, self._clock = booking_service, availability, clock
        self._notifier = notifier

    # --- reading ------------------------------------------------------------------------------------------

    def store(self, who: StaffAccess, store_id: str) -> Store:
        who.ensure_store(store_id)
        return self._stores.get(who.chain_id, store_id)

    def day_plan(self, who: StaffAccess, store_id: str, day: date) -> DayPlan:
        """Two Queries: the store-day and the parts waitlist."""
        store = self.store(who, store_id)
        now = self._clock.now()
        bookings = sorted(self._bookings.for_store_day(who.chain_id, store_id, day), key=plan_order)
        entries = [PlanEntry(b, report.sla_missed(b, now) and b.status is Status.PENDING) for b in bookings]
        return DayPlan(store, day, entries, self._bookings.waiting_for_parts(who.chain_id, store_id))

    def today(self, store: Store) -> date:
        return self._clock.now().astimezone(store.tz).date()

    def board(self, chain_id: str, store: Store) -> list[Booking]:
        """Today's expected and arrived customers, in time order (cancelled and no-shows left off)."""
        bookings = self._bookings.for_store_day(chain_id, store.store_id, self.today(store))
        shown = [b for b in bookings if b.status not in (Status.CANCELLED, Status.NO_SHOW)]
        return sorted(shown, key=plan_order)

    def report(self, who: StaffAccess, store_id: str, first: date, last: date) -> list[report.DayFigures]:
        """One Query per day in the range."""
        who.ensure_role(Role.CHAIN_ADMIN, Role.STORE_MANAGER)
        store = self.store(who, store_id)
        if last < first:
            raise ValidationError("to must not be before from", field="to")
        if (last - first).days >= MAX_REPORT_DAYS:
            raise ValidationError(f"a report covers at most {MAX_REPORT_DAYS} days", field="to")
        now = self._clock.now()
        grace = timedelta(minutes=store.grace_minutes)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return [report.day_figures(d, self._bookings.for_store_day(who.chain_id, store_id, d), grace, now) for d in days]

    def tasks(self, who: StaffAccess, store_id: str) -> list[CallTask]:
        self.store(who, store_id)
        return self._tasks.open_for_store(who.chain_id, store_id)

    def close_task(self, who: StaffAccess, store_id: str, task_id: str, note: str | None) -> CallTask:
        self.store(who, store_id)
        return self._tasks.close(who.chain_id, store_id, task_id, who.actor, self._clock.now(), note)

    # --- booking -----------------------------------------------------------------------------------------

    def book(self, who: StaffAccess, store_id: str, req: validation.StaffBookingRequest) -> Booking:
        """Phone, walk-in or proactive booking; priority reasons and walk-ins may use the walk-in reserve;
        a phone booking given a price is confirmed on the call (the customer heard time and price)."""
        store = self.store(who, store_id)
        now = self._clock.now()
        advisor_id, advisor_name = self._advisor(who, store_id, req.advisor)
        may_use_reserve = req.priority is not None or req.source == "walk_in"
        customer_id = phone_customer_id(who.chain_id, req.customer.phone)
        events = [Event(at=now, kind="booked", by=who.actor, note=req.source)]
        status = Status.PENDING
        slot = None
        if req.waiting_for_parts:
            pass
        elif req.source == "walk_in":
            slot = calendar.current_slot(store, now)
            status = Status.ARRIVED
            events.append(Event(at=now, kind=Status.ARRIVED.value, by=who.actor))
        else:
            assert req.start is not None
            slot = calendar.locate_slot(store, req.start, now, enforce_window=False)
            if slot.end <= now:
                raise ValidationError("that time has already passed", field="start", code="in_the_past")
            if req.estimate.price is not None:
                status = Status.CONFIRMED
                events.append(Event(at=now, kind=Status.CONFIRMED.value, by=who.actor, note="confirmed on the call"))
        taken = self._bookings.taken(who.chain_id, store_id, slot.start.date(), slot.key) if slot else 0
        tier = tiers.tier_for(store, taken)
        booking = Booking(
            booking_id=new_booking_id(),
            chain_id=who.chain_id,
            store_id=store_id,
            customer_id=customer_id,
            status=status,
            start=slot.start if slot else None,
            end=slot.end if slot else None,
            service_type=req.service_type,
            tier=tier.value if slot else "normal",
            discount=tiers.discount_for(store, tier) if slot else 0.0,
            source=req.source,
            customer_name=req.customer.name,
            customer_phone=req.customer.phone,
            plate=req.vehicle.plate,
            vehicle_model=req.vehicle.model,
            mileage=req.vehicle.mileage,
            labour_hours=req.estimate.labour_hours or SERVICE_TYPES[req.service_type].default_hours,
            price=req.estimate.price,
            description=req.description,
            priority=req.priority,
            advisor=advisor_name,
            advisor_id=advisor_id,
            honorific=req.customer.honorific,
            parts_status="waiting" if req.waiting_for_parts else None,
            events=tuple(events),
        )
        # confirmed on the call: the customer also gets it in writing
        message = booking_message("booking_confirmed", booking, store, occurrence=now.isoformat()) if status is Status.CONFIRMED else None
        self._bookings.create(
            booking,
            placement_for(store, booking, may_use_reserve=may_use_reserve),
            store=store,
            now=now,
            customer=CustomerUpdate(req.customer.name, req.customer.phone, create_if_missing=True),
            vehicle=vehicle_update_for(req.vehicle, store, now),
            message=message,
        )
        self._announce(message)
        return booking

    def act(self, who: StaffAccess, booking_id: str, action: str, body: Mapping[str, Any]) -> Booking:
        if action not in ACTIONS:
            raise NotFound(f"no action '{action}'; one of {', '.join(ACTIONS)}", field="action", code="unknown_action")
        booking = self._visible(who, booking_id)
        store = self._stores.get(who.chain_id, booking.store_id)
        note = validation.text(body, "note", max_len=200, required=False)
        if action in ("cancel", "no-show"):
            if action == "no-show" and booking.start is None:
                raise Conflict("a booking waiting for parts has no time to miss", field="status", code="no_slot_yet")
            tell = "booking_cancelled" if action == "cancel" else "no_show"
            return self._booking_service.release(store, booking, ACTIONS[action], who.actor, note, tell=tell)
        if action == "parts-arrived":
            return self._parts_arrived(who, booking, note)
        target = next_status(booking.status, ACTIONS[action])
        if booking.start is None and target is not Status.CONFIRMED:
            raise Conflict("the booking has no slot yet: give it one when the parts arrive", field="start", code="no_slot_yet")
        now = self._clock.now()
        fields: dict[str, Any] = {}
        customer = None
        vehicle = None
        if action in ("confirm", "start") and body.get("advisor") is not None:
            advisor_id, advisor_name = self._advisor(who, booking.store_id, validation.text(body, "advisor", max_len=64))
            fields.update(advisor_id=advisor_id, advisor=advisor_name)
        if action == "confirm":
            estimate = validation.estimate(body)
            if estimate.labour_hours is not None:
                fields["labour_hours"] = estimate.labour_hours
            if estimate.price is not None:
                fields["price"] = estimate.price
        mileage = body.get("mileage")
        if mileage is not None:
            mileage = validation.mileage(mileage)
        if action == "check-in":
            customer = CustomerChange(active_delta=-1 if booking.source == "mini_program" else 0)
            if mileage is not None:
                vehicle = VehicleUpdate(booking.plate, None, mileage)
        if action == "complete":
            visit = now.astimezone(store.tz).date().isoformat()
            km = mileage if mileage is not None else booking.mileage
            customer = CustomerChange(
                last_visit=visit, home_store=store.store_id, last_plate=booking.plate,
                lapse_at=lapse.stage_at("invite", date.fromisoformat(visit), store.tz),
            )
            prev_date, prev_km = self._bookings.last_service(booking.chain_id, booking.plate)
            due = maintenance.next_maintenance(date.fromisoformat(visit), km, date.fromisoformat(prev_date) if prev_date else None, prev_km)
            invite = datetime.combine(maintenance.invite_on(due), lapse.CONTACT_TIME, tzinfo=store.tz)
            vehicle = VehicleUpdate(
                booking.plate, None, km, last_service_date=visit, last_service_mileage=km, store_id=store.store_id,
                prev_service_date=prev_date, prev_service_mileage=prev_km, next_due=due.isoformat(),
                due=("maintenance_due", invite),
            )
        event = Event(at=now, kind=target.value, by=who.actor, note=note)
        after = replace(booking, status=target, events=booking.events + (event,), **fields)
        message = booking_message("booking_confirmed", after, store, occurrence=now.isoformat()) if action == "confirm" else None
        self._bookings.transition(booking, target, event, after=after, store=store, fields=fields,
                                  customer=customer, vehicle=vehicle, message=message)
        self._announce(message)
        return after

    def reschedule(self, who: StaffAccess, booking_id: str, start: datetime) -> Booking:
        """Staff may move a booking at any time, inside the lead time too; priority ones may use the reserve."""
        booking = self._visible(who, booking_id)
        if booking.parts_status == "waiting":
            raise Conflict("the parts have not arrived yet", field="parts_status", code="parts_not_arrived")
        store = self._stores.get(who.chain_id, booking.store_id)
        ensure_movable(booking.status)
        return self._booking_service.move(
            store, booking, start, who.actor,
            may_use_reserve=booking.priority is not None,
            enforce_window=False,
            fields={"parts_status": "scheduled"} if booking.parts_status == "arrived" else None,
        )

    def offered_slots(self, booking: Booking, days: int = 7, limit: int = 6) -> list[SlotView]:
        """Slots to offer a customer whose parts arrived: this store, reserve included (they have priority)."""
        found = self._availability.first_available(
            booking.chain_id, booking.service_type, days, limit,
            store_ids=frozenset({booking.store_id}), may_use_reserve=True,
        )
        return [view for _, view in found]

    # --- internals ---------------------------------------------------------------------------------------

    def _parts_arrived(self, who: StaffAccess, booking: Booking, note: str | None) -> Booking:
        if booking.parts_status != "waiting":
            raise Conflict(
                f"the booking is not waiting for parts (parts: {booking.parts_status or 'none'})",
                field="parts_status",
                code="parts_not_waiting",
            )
        event = Event(at=self._clock.now(), kind="parts_arrived", by=who.actor, note=note)
        fields = {"parts_status": "arrived", "priority": booking.priority or "parts"}
        store = self._stores.get(who.chain_id, booking.store_id)
        message = booking_message("parts_arrived", booking, store, occurrence=event.at.isoformat())
        after = replace(booking, events=booking.events + (event,), **fields)
        self._bookings.transition(booking, booking.status, event, after=after, store=store, fields=fields,
                                  customer=CustomerChange(rebook_priority=True), message=message)
        self._announce(message)
        return after

    def _announce(self, message: OutboxRecord | None) -> None:
        if message is not None and self._notifier is not None:
            self._notifier.deliver_quietly(message.dedupe_key)

    def _visible(self, who: StaffAccess, booking_id: str) -> Booking:
        booking = self._bookings.get(booking_id)
        if booking.chain_id != who.chain_id:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")
        try:
            who.ensure_store(booking.store_id)
        except NotFound:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found") from None
        return booking

    def _advisor(self, who: StaffAccess, store_id: str, username: str | None) -> tuple[str | None, str | None]:
        if username is None:
            return None, None
        member = self._staff.get(who.chain_id, username)
        if member is None or member.role not in (Role.ADVISOR, Role.STORE_MANAGER) or store_id not in member.store_ids:
            raise ValidationError(f"'{username}' is not an advisor of this store", field="advisor", code="unknown_advisor")
        return member.username, member.display_name
