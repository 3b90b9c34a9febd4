"""What store staff do to bookings: phone, walk-in and priority bookings, moving a booking through its
life (a table of actions), rescheduling, the parts waitlist."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ...domain.booking import decisions, new_booking
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange, TaskClosure
from ...domain.booking.lifecycle import ensure_movable
from ...domain.booking.parts import NO_PARTS, PartsInput, check_expected, scheduled_fields
from ...domain.booking.ports import BookingStore, CouponStore
from ...domain.errors import Conflict, NotFound, ValidationError
from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import REBOOKING_KINDS
from ...domain.followup.maintenance import MAINTENANCE_SERVICES
from ...domain.followup.ports import VehicleStore
from ...domain.people import linking
from ...domain.people.customer import Customer, phone_customer_id
from ...domain.people.ports import CustomerStore, StaffStore
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.staff_requests import StaffActionInput, StaffBookingRequest
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ...domain.validation import day
from ..booking import new_time
from ..booking.availability import AvailabilityService, DaySlots, SlotView
from ..booking.changes import BookingChanges, new_booking_id
from ..booking.intents import Intents
from ..booking.moves import Moves, slot_seen
from .advisors import AdvisorDesk
from .staff_coupons import StaffCoupons
from .walk_ins import WalkIns

Handler = Callable[["StaffOps", StaffAccess, Booking, Store, StaffActionInput], BookingChange]


def _advance(action: str) -> Handler:
    def handle(ops: StaffOps, who: StaffAccess, booking: Booking, store: Store, body: StaffActionInput) -> BookingChange:
        advisor = ops.advisor(who, booking.store_id, body.advisor) if action in ("confirm", "start") else (None, None)
        last_service = ops.last_service(booking) if action == "complete" else (None, None)
        chosen = (advisor[0], advisor[1]) if advisor[0] and advisor[1] else None
        step = decisions.StaffStep(note=body.note, advisor=chosen,
                                   labour_hours=body.estimate.labour_hours, price=body.estimate.price,
                                   mileage=body.mileage, last_service=last_service,
                                   invitation_ahead=ops.invitation_ahead(booking) if action == "complete" else None,
                                   promised=body.promised)
        return decisions.advance(booking, store, ops.now(), action, who.actor, step)

    return handle


def _release(action: str, tell: str) -> Handler:
    def handle(ops: StaffOps, who: StaffAccess, booking: Booking, store: Store, body: StaffActionInput) -> BookingChange:
        if action == "no_show" and booking.start is None:
            raise Conflict("a booking waiting for parts has no time to miss", field="status", code="no_slot_yet")
        return decisions.release(booking, store, ops.now(), action, who.actor, body.note, tell=tell)

    return handle


def _parts_arrived(ops: StaffOps, who: StaffAccess, booking: Booking, store: Store, body: StaffActionInput) -> BookingChange:
    return decisions.parts_arrived(booking, store, ops.now(), who.actor, body.note)


# URL action -> what it does
ACTIONS: dict[str, Handler] = {
    "confirm": _advance("confirm"),
    "check-in": _advance("check_in"),
    "start": _advance("start"),
    "complete": _advance("complete"),
    "cancel": _release("cancel", "booking_cancelled"),
    "no-show": _release("no_show", "no_show"),
    "parts-arrived": _parts_arrived,
}


class StaffOps:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, staff: StaffStore, vehicles: VehicleStore,
                 changes: BookingChanges, availability: AvailabilityService, clock: Clock,
                 new_id: Callable[[], str] = new_booking_id, *, advisors: AdvisorDesk | None = None,
                 customers: CustomerStore | None = None, tasks: TaskStore | None = None,
                 coupons: CouponStore | None = None) -> None:
        self._stores, self._bookings, self._staff, self._vehicles = stores, bookings, staff, vehicles
        self._customers, self._tasks = customers, tasks
        self._changes, self._availability, self._clock, self._new_id = changes, availability, clock, new_id
        self._moves = Moves(bookings, changes, clock)
        self._advisors = advisors or AdvisorDesk(bookings, staff, changes, clock)
        self._coupons = StaffCoupons(coupons, customers, vehicles)
        self.walk_ins = WalkIns(stores, bookings, changes, self._advisors, clock, new_id, coupons=self._coupons)
        self.intents = Intents(bookings)  # one write per staff intent (an Idempotency-Key)

    def now(self) -> datetime:
        return self._clock.now()

    def book(self, who: StaffAccess, store_id: str, req: StaffBookingRequest, parts: PartsInput = NO_PARTS) -> Booking:
        """Phone, walk-in or proactive booking; priority reasons and walk-ins may use the walk-in reserve. A
        walk-in is never refused for a full slot: it joins the walk-in queue (services/floor/walk_ins.py)."""
        if req.source == "walk_in" and not req.waiting_for_parts:
            return self.walk_ins.arrive(who, store_id, req)[0]
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        now = self.now()
        check_expected(parts, now.astimezone(store.tz).date())
        slot = None
        if not req.waiting_for_parts:
            assert req.start is not None
            slot = calendar.locate_slot(store, req.start, now, enforce_window=False)
            if slot.end <= now:
                raise ValidationError("that time has already passed", field="start", code="in_the_past")
        seen = slot_seen(self._bookings, store, slot).tier if slot else None
        owner, known = self._booked_customer(who.chain_id, req.customer.phone, req.vehicle.plate)
        claimed = self._coupons.resolve(who.chain_id, req, owner)  # the booking goes to whoever claimed it
        owner = claimed.customer_id if claimed else owner
        advisor = self._advisors.named(who, store_id, req.advisor, "advisor") if req.advisor else self._advisors.pick(
            who.chain_id, store_id, slot.start.date() if slot else now.astimezone(store.tz).date(),
            owner or phone_customer_id(who.chain_id, req.customer.phone))
        change = new_booking.by_staff(req, store, slot, seen, now, who.actor, self._new_id(), advisor, owner, parts=parts,
                                      rebooking=self.rebooking(store, known), coupon=claimed.coupon if claimed else None,
                                      new_time=new_time.settled_by_booking(self._tasks, known, store, now))
        self._changes.commit(change)
        return change.after

    def day_slots(self, who: StaffAccess, store_id: str, on: date, service_type: str | None,
                  phone: str | None) -> tuple[DaySlots, tuple[str | None, str | None]]:
        """What a phone booking is made from: the day's slots as staff may book them (tier, price, places left)
        and the advisor a booking of the caller's number would get that day (None, None without a number)."""
        who.ensure_store(store_id)
        slots = self._availability.for_staff(who.chain_id, store_id, on, service_type)
        if not phone:
            return slots, (None, None)
        return slots, self._advisors.pick(who.chain_id, store_id, on, phone_customer_id(who.chain_id, phone))

    def _booked_customer(self, chain_id: str, phone: str, plate: str) -> tuple[str | None, Customer | None]:
        """Whom a staff booking goes to (None: the phone-only customer of the number) and their record, which
        says whether they have rebooking priority (domain/people/linking.py): the mini-program customer who took
        the number over (their bookings then stay in one place); else the customer the car is on file for, when
        they gave this number and are owed a rebooking (the clerk is calling back a missed booking); else the
        phone-only customer. Costs the phone-only customer, then the car's holder or the taking-over customer."""
        if self._customers is None:
            return None, None
        phone_id = phone_customer_id(chain_id, phone)
        known = self._customers.find(chain_id, phone_id)
        if known is not None and known.merged_into:
            return known.merged_into, self._customers.find(chain_id, known.merged_into)
        holder_id = self._vehicles.holder(chain_id, plate)
        if holder_id is None or holder_id == phone_id:
            return None, known
        holder = self._customers.find(chain_id, holder_id)
        return (holder_id, holder) if linking.owed_rebooking(holder, phone) else (None, known)

    def act(self, who: StaffAccess, booking_id: str, action: str, body: StaffActionInput | None = None) -> Booking:
        handler = ACTIONS.get(action)
        if handler is None:
            raise NotFound(f"no action '{action}'; one of {', '.join(ACTIONS)}", field="action", code="unknown_action")
        step = body or StaffActionInput()
        return self._changes.apply(booking_id, lambda b, s: handler(self, who, b, s, step), self.visible_to(who))

    def reschedule(self, who: StaffAccess, booking_id: str, start: datetime) -> Booking:
        """Staff may move a booking at any time, inside the lead time too; priority ones may use the reserve. The
        slot staff give a booking whose parts arrived is the one they agreed with the customer: it confirms it."""

        def check(booking: Booking, store: Store) -> None:
            if booking.parts_status == "waiting":
                raise Conflict("the parts have not arrived yet", field="parts_status", code="parts_not_arrived")
            ensure_movable(booking.status)

        return self._moves.move(booking_id, start, who.actor, may_use_reserve=lambda b: b.priority is not None,
                                enforce_window=False, guard=self.visible_to(who), check=check, fields=scheduled_fields,
                                confirm=True)

    def parts_expected(self, who: StaffAccess, booking_id: str, expected: object) -> Booking:
        """Staff record or change when a booking's parts are expected (YYYY-MM-DD, read once the booking is
        known to be theirs); the customer is told the date."""

        def decide(booking: Booking, store: Store) -> BookingChange | None:
            return decisions.parts_expected(booking, store, self.now(), who.actor, day(expected, "expected"))

        return self._changes.apply(booking_id, decide, self.visible_to(who))

    def offered_slots(self, booking: Booking, days: int = 7, limit: int = 6) -> list[SlotView]:
        """Slots to offer a customer whose parts arrived: this store, reserve included (they have priority)."""
        found = self._availability.first_available(
            booking.chain_id, booking.service_type, days, limit,
            store_ids=frozenset({booking.store_id}), may_use_reserve=True,
        )
        return [view for _, view in found]

    # --- what the actions look up ----------------------------------------------------------------------

    def rebooking(self, store: Store, customer: Customer | None) -> tuple[TaskClosure, ...] | None:
        """None unless the customer has rebooking priority; then the open rebooking calls their new booking settles
        (closed as "rebooked"): the one the flag names, and any other their bookings still list (a second no-show
        before anyone called back opened a second call). Costs the customer's bookings (one Query) and each call
        named (GetItem), only for a customer owed a rebooking."""
        if customer is None or not customer.rebook_priority:
            return None
        if self._tasks is None:
            return ()
        named = [customer.rebook_task.split("|", 1)] if customer.rebook_task else []
        listed = [[b.store_id, task_id] for b in self._bookings.for_customer(customer.chain_id, customer.customer_id)
                  for kind, task_id in b.open_tasks if kind in REBOOKING_KINDS]
        calls = dict.fromkeys((task_store, task_id) for task_store, task_id in named + listed)
        day = self.now().astimezone(store.tz).date()
        return tuple(TaskClosure(store.chain_id, task_store, task_id, "rebooked", day) for task_store, task_id in calls
                     if self._open(store.chain_id, task_store, task_id))

    def _open(self, chain_id: str, store_id: str, task_id: str) -> bool:
        assert self._tasks is not None
        try:
            return self._tasks.get(chain_id, store_id, task_id).is_open
        except NotFound:
            return False

    @staticmethod
    def visible_to(who: StaffAccess) -> Callable[[Booking], None]:
        """Bookings of another chain or of a store out of reach are reported as missing."""

        def guard(booking: Booking) -> None:
            if booking.chain_id != who.chain_id:
                raise NotFound("no such booking", field="booking_id", code="booking_not_found")
            try:
                who.ensure_store(booking.store_id)
            except NotFound:
                raise NotFound("no such booking", field="booking_id", code="booking_not_found") from None

        return guard

    def advisor(self, who: StaffAccess, store_id: str, username: str | None) -> tuple[str | None, str | None]:
        if username is None:
            return None, None
        return self._advisors.named(who, store_id, username, "advisor")

    def change_advisor(self, who: StaffAccess, booking_id: str, username: object) -> Booking:
        """Staff give a booking another advisor of its store (through the unit of work)."""
        return self._advisors.reassign(who, booking_id, username, self.visible_to(who))

    def last_service(self, booking: Booking) -> tuple[str | None, int | None]:
        return self._vehicles.last_service(booking.chain_id, booking.plate)

    def invitation_ahead(self, booking: Booking) -> str | None:
        """The car's invitation ahead, which a job other than a maintenance may have to leave in place
        (domain/followup/maintenance.py keeps_first_service); a maintenance answers any, so it reads nothing."""
        if booking.service_type in MAINTENANCE_SERVICES:
            return None
        return self._vehicles.invitation_ahead(booking.chain_id, booking.plate)
