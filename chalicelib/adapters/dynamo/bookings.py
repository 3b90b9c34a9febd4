"""Bookings and the slot counters that make capacity atomic.

Every change of who holds a place is one TransactWriteItems: the counter moves under a condition in the
same transaction as the booking, so a slot can never be overbooked and a refused request writes nothing.
"""
from __future__ import annotations

import random
import time as _time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Mapping

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ...domain.agenda import next_step
from ...domain.booking import Booking, Event
from ...domain.errors import Conflict, NotFound, SlotFull
from ...domain.lifecycle import Status
from ...domain.policy import IDEMPOTENCY_WINDOW
from ...domain.store import Store
from ...domain.tasks import CallTask
from . import keys
from .conditional import applied
from .models import (
    BookingModel, CallTaskModel, CheckStateModel, CustomerModel, EventMap, IdempotencyModel, OutboxModel, SlotCounterModel,
    VehicleModel,
)
from .outbox import OutboxRecord, new_model
from .tasks import new_task_model

_MAX_ATTEMPTS = 4


@dataclass(frozen=True)
class DayLoad:
    """A store-day's counters: places taken per "HH:MM" slot and labour hours used per category."""

    taken: dict[str, int]
    hours: dict[str, float]


@dataclass(frozen=True)
class Placement:
    """Where a booking holds its place and under which limits it may take it."""

    store: Store
    day: date
    slot: str
    limit: int  # the slot's counter must stay at or under this after the increment
    category: str
    hours: float
    hours_budget: float | None  # the day's labour hours in this category, if planned


@dataclass(frozen=True)
class CustomerUpdate:
    name: str
    phone: str
    preferred_channel: str | None = None
    max_active: int | None = None  # when set, the booking counts against the customer's cap
    create_if_missing: bool = False  # staff bookings: a phone customer may be new to the chain


@dataclass(frozen=True)
class VehicleUpdate:
    plate: str
    model: str | None
    mileage: int | None
    last_service_date: str | None = None
    last_service_mileage: int | None = None
    store_id: str | None = None
    purchase_date: str | None = None
    prev_service_date: str | None = None
    prev_service_mileage: int | None = None
    next_due: str | None = None
    due: tuple[str, datetime] | None = None  # (kind, invite at): replaces any invitation ahead
    first_due: tuple[str, datetime] | None = None  # set only when no invitation is ahead yet


def _vehicle_actions(customer_id: str, v: VehicleUpdate) -> list[Action]:
    actions: list[Action] = [VehicleModel.customer_id.set(customer_id)]
    for name in ("store_id", "purchase_date", "prev_service_date", "prev_service_mileage", "next_due"):
        value = getattr(v, name)
        if value is not None:
            actions.append(getattr(VehicleModel, name).set(value))
    if v.due is not None:
        kind, at = v.due
        actions += [VehicleModel.due_kind.set(kind), VehicleModel.due_at.set(keys.utc_iso(at)),
                    VehicleModel.due_day.set(keys.utc_iso(at)[:10])]
    elif v.first_due is not None:
        kind, at = v.first_due
        actions += [VehicleModel.due_kind.set(VehicleModel.due_kind | kind),
                    VehicleModel.due_at.set(VehicleModel.due_at | keys.utc_iso(at)),
                    VehicleModel.due_day.set(VehicleModel.due_day | keys.utc_iso(at)[:10])]
    if v.model:
        actions.append(VehicleModel.model.set(v.model))
    if v.mileage is not None:
        actions.append(VehicleModel.mileage.set(v.mileage))
    if v.last_service_date:
        actions.append(VehicleModel.last_service_date.set(v.last_service_date))
    if v.last_service_mileage is not None:
        actions.append(VehicleModel.last_service_mileage.set(v.last_service_mileage))
    return actions


@dataclass(frozen=True)
class CustomerChange:
    """What a booking's move does to its customer."""

    active_delta: int = 0  # -1 when a self-service booking stops being upcoming
    last_visit: str | None = None
    rebook_priority: bool | None = None
    home_store: str | None = None
    last_plate: str | None = None
    lapse_at: datetime | None = None  # a visit restarts the lapse stages from "invite"

    def actions(self) -> list[Action]:
        actions: list[Action] = []
        if self.active_delta:
            actions.append(CustomerModel.active_bookings.add(self.active_delta))
        if self.last_visit:
            actions.append(CustomerModel.last_visit.set(self.last_visit))
        if self.rebook_priority is not None:
            actions.append(CustomerModel.rebook_priority.set(self.rebook_priority))
        if self.home_store:
            actions.append(CustomerModel.home_store.set(self.home_store))
        if self.last_plate:
            actions.append(CustomerModel.last_plate.set(self.last_plate))
        if self.lapse_at is not None:
            actions += [
                CustomerModel.lapse_stage.set("invite"),
                CustomerModel.lapse_at.set(keys.utc_iso(self.lapse_at)),
                CustomerModel.lapse_day.set(keys.utc_iso(self.lapse_at)[:10]),
                CustomerModel.lapse_tier.remove(),
            ]
        return actions


class IdempotentReplay(Exception):
    def __init__(self, booking_id: str, request_hash: str) -> None:
        super().__init__(booking_id)
        self.booking_id, self.request_hash = booking_id, request_hash


def _event(e: Event) -> EventMap:
    return EventMap(at=e.at.isoformat(), kind=e.kind, by=e.by, note=e.note)


def booking_from_model(m: BookingModel) -> Booking:
    return Booking(
        booking_id=m.booking_id,
        chain_id=m.chain_id,
        store_id=m.store_id,
        customer_id=m.customer_id,
        status=Status(m.status),
        start=datetime.fromisoformat(m.start) if m.start else None,
        end=datetime.fromisoformat(m.end) if m.end else None,
        service_type=m.service_type,
        tier=m.tier,
        discount=float(m.discount),
        source=m.source,
        customer_name=m.customer["name"],
        customer_phone=m.customer["phone"],
        plate=m.vehicle["plate"],
        vehicle_model=m.vehicle["model"],
        mileage=int(m.vehicle["mileage"]),
        labour_hours=float(m.labour_hours),
        description=m.description,
        priority=m.priority,
        advisor=m.advisor,
        advisor_id=m.advisor_id,
        price=float(m.price) if m.price is not None else None,
        honorific=m.honorific,
        parts_status=m.parts_status,
        acknowledged_at=datetime.fromisoformat(m.acknowledged_at) if m.acknowledged_at else None,
        place_released=bool(m.place_released),
        events=tuple(
            Event(at=datetime.fromisoformat(e.at), kind=e.kind, by=e.by, note=e.note) for e in (m.events or [])
        ),
    )


def _slot_keys(b: Booking, created_at: datetime) -> dict[str, str]:
    if b.start is None:
        return {"store_day": keys.parts_waitlist(b.chain_id, b.store_id), "start_key": keys.waiting_key(created_at, b.booking_id)}
    return {"store_day": keys.store_day(b.chain_id, b.store_id, b.start.date()), "start_key": keys.start_key(b.start, b.booking_id)}


def _booking_model(b: Booking, created_at: datetime) -> BookingModel:
    return BookingModel(
        b.booking_id,
        chain_id=b.chain_id,
        store_id=b.store_id,
        customer_id=b.customer_id,
        customer_key=keys.customer_key(b.chain_id, b.customer_id),
        **_slot_keys(b, created_at),
        status=b.status.value,
        start=b.start.isoformat() if b.start else None,
        end=b.end.isoformat() if b.end else None,
        slot=b.slot_key,
        service_type=b.service_type,
        tier=b.tier,
        discount=b.discount,
        source=b.source,
        customer={"name": b.customer_name, "phone": b.customer_phone},
        vehicle={"plate": b.plate, "model": b.vehicle_model, "mileage": b.mileage},
        labour_hours=b.labour_hours,
        description=b.description,
        priority=b.priority,
        advisor=b.advisor,
        advisor_id=b.advisor_id,
        price=b.price,
        honorific=b.honorific,
        parts_status=b.parts_status,
        created_at=created_at.isoformat(),
        events=[_event(e) for e in b.events],
    )


class _Transaction:
    """A TransactWrite that remembers a role per item. PynamoDB sends condition checks, deletes, puts and
    updates in that order, whatever order they were added in; DynamoDB's cancellation reasons follow the
    sent order, so the roles must too."""

    _ORDER = ("check", "delete", "put", "update")

    def __init__(self, tx: TransactWrite) -> None:
        self._tx = tx
        self._roles: dict[str, list[str]] = {kind: [] for kind in self._ORDER}

    def put(self, role: str, model: Model, condition: Condition | None = None) -> None:
        self._tx.save(model, condition=condition)
        self._roles["put"].append(role)

    def update(self, role: str, model: Model, actions: list[Action], condition: Condition | None = None) -> None:
        self._tx.update(model, actions=actions, condition=condition)
        self._roles["update"].append(role)

    def roles(self) -> list[str]:
        return [role for kind in self._ORDER for role in self._roles[kind]]


def _agenda(after: Booking, store: Store) -> dict[str, Any]:
    """The booking's next step as stored attributes (all None: nothing scheduled, out of the index)."""
    step = next_step(after, store)
    if step is None:
        return {"next_action": None, "next_at": None, "due_key": None}
    # never filed in an hour before the write itself: the checks' watermark has passed those hours
    written = max((e.at for e in after.events), default=step.at)
    filed = max(step.at, written)
    return {"next_action": step.action, "next_at": keys.utc_iso(step.at), "due_key": keys.due_key(step.check, filed, after.booking_id)}


def _field_actions(fields: Mapping[str, Any] | None) -> list[Action]:
    """Set (or, for None, remove) booking attributes by name."""
    actions: list[Action] = []
    for name, value in (fields or {}).items():
        attribute = getattr(BookingModel, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    return actions


class BookingRepository:
    def __init__(self, connection: Connection, sleep: Callable[[float], None] = _time.sleep) -> None:
        self._connection = connection
        self._sleep = sleep

    # --- reads -------------------------------------------------------------------------------------------

    def day_load(self, chain_id: str, store_id: str, day: date) -> DayLoad:
        """One Query: every counter of the store-day."""
        taken: dict[str, int] = {}
        hours: dict[str, float] = {}
        for c in SlotCounterModel.query(keys.store_day(chain_id, store_id, day)):
            if c.slot.startswith("DAY#"):
                hours[c.slot[4:]] = float(c.hours)
            else:
                taken[c.slot] = int(c.taken)
        return DayLoad(taken, hours)

    def taken(self, chain_id: str, store_id: str, day: date, slot: str) -> int:
        try:
            return int(SlotCounterModel.get(keys.store_day(chain_id, store_id, day), slot).taken)
        except SlotCounterModel.DoesNotExist:
            return 0

    def get(self, booking_id: str) -> Booking:
        try:
            return booking_from_model(BookingModel.get(booking_id, consistent_read=True))
        except BookingModel.DoesNotExist:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found") from None

    def for_customer(self, chain_id: str, customer_id: str, limit: int = 50) -> list[Booking]:
        """Newest first."""
        items = BookingModel.by_customer.query(
            keys.customer_key(chain_id, customer_id), scan_index_forward=False, limit=limit
        )
        return [booking_from_model(m) for m in items]

    def for_store_day(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """One Query (paged by DynamoDB past 1 MB): the store-day's bookings in start order."""
        items = BookingModel.by_store_day.query(keys.store_day(chain_id, store_id, day))
        return [booking_from_model(m) for m in items]

    def last_service(self, chain_id: str, plate: str) -> tuple[str | None, int | None]:
        """The vehicle's last service (date, km) before this visit, for the pace of its next one."""
        try:
            m = VehicleModel.get(chain_id, plate)
        except VehicleModel.DoesNotExist:
            return None, None
        return m.last_service_date, int(m.last_service_mileage) if m.last_service_mileage is not None else None

    def due(self, check: str, since: datetime, now: datetime) -> list[tuple[Booking, str, datetime]]:
        """The bookings whose next step for `check` is due, with the hour bucket each was found in: a Query
        per hour (and shard) from `since` to now, each reading only items with next_at <= now."""
        found: list[tuple[Booking, str, datetime]] = []
        hour = since.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
        while hour <= now:
            for key in keys.due_hours(check, hour):
                for m in BookingModel.due_by_check.query(key, BookingModel.next_at <= keys.utc_iso(now)):
                    found.append((booking_from_model(m), m.next_action, hour))
            hour += timedelta(hours=1)
        return found

    def clean_before(self, check: str) -> datetime | None:
        """The hour before which `check` has left nothing due (its watermark)."""
        try:
            return datetime.fromisoformat(CheckStateModel.get(check, consistent_read=True).clean_before)
        except CheckStateModel.DoesNotExist:
            return None

    def advance_watermark(self, check: str, hour: datetime) -> None:
        """Move the watermark forward only: a slower concurrent run never drags it back."""
        value = hour.astimezone(timezone.utc).isoformat()
        applied(lambda: CheckStateModel(check).update(
            actions=[CheckStateModel.clean_before.set(value)],
            condition=CheckStateModel.clean_before.does_not_exist() | (CheckStateModel.clean_before < value),
        ))

    def waiting_for_parts(self, chain_id: str, store_id: str) -> list[Booking]:
        items = BookingModel.by_store_day.query(keys.parts_waitlist(chain_id, store_id))
        return [booking_from_model(m) for m in items]

    def idempotent_booking(self, chain_id: str, customer_id: str, key: str) -> tuple[str, str] | None:
        try:
            rec = IdempotencyModel.get(keys.idempotency(chain_id, customer_id, key), consistent_read=True)
        except IdempotencyModel.DoesNotExist:
            return None
        return rec.booking_id, rec.request_hash

    # --- writes ------------------------------------------------------------------------------------------

    def create(
        self,
        booking: Booking,
        placement: Placement | None,
        *,
        store: Store,
        now: datetime,
        idempotency_key: str | None = None,
        request_hash: str = "",
        customer: CustomerUpdate | None = None,
        vehicle: VehicleUpdate | None = None,
        message: OutboxRecord | None = None,
    ) -> None:
        """Take a place and write the booking (plus the customer's and vehicle's latest details, and any
        message it causes) at once."""

        def build(tx: _Transaction) -> None:
            if placement is not None:  # a booking waiting for parts holds no place yet
                self._take(tx, booking.chain_id, placement)
            model = _booking_model(booking, now)
            for name, value in _agenda(booking, store).items():
                setattr(model, name, value)
            tx.put("booking", model, BookingModel.booking_id.does_not_exist())
            if idempotency_key:
                record = IdempotencyModel(
                    keys.idempotency(booking.chain_id, booking.customer_id, idempotency_key),
                    booking_id=booking.booking_id,
                    request_hash=request_hash,
                    created_at=now.isoformat(),
                    expires_at=now + IDEMPOTENCY_WINDOW,
                )
                tx.put("idempotency", record, IdempotencyModel.key.does_not_exist())
            if customer:
                actions = [CustomerModel.name.set(customer.name), CustomerModel.phone.set(customer.phone)]
                if customer.preferred_channel:
                    actions.append(CustomerModel.preferred_channel.set(customer.preferred_channel))
                condition: Condition | None = CustomerModel.customer_id.exists()
                if customer.create_if_missing:
                    condition = None
                    actions += [
                        CustomerModel.created_at.set(CustomerModel.created_at | now.isoformat()),
                        CustomerModel.subscriptions.set(CustomerModel.subscriptions | {}),
                    ]
                if customer.max_active is not None:
                    actions.append(CustomerModel.active_bookings.add(1))
                    cap = (CustomerModel.active_bookings < customer.max_active) | CustomerModel.active_bookings.does_not_exist()
                    condition = cap if condition is None else condition & cap
                tx.update("customer", CustomerModel(booking.chain_id, booking.customer_id), actions, condition)
            if vehicle:
                tx.update("vehicle", VehicleModel(booking.chain_id, vehicle.plate), _vehicle_actions(booking.customer_id, vehicle))
            if message is not None:
                tx.put("outbox", new_model(message, now), OutboxModel.dedupe_key.does_not_exist())

        failed = self._commit(build)
        if "idempotency" in failed and idempotency_key:
            found = self.idempotent_booking(booking.chain_id, booking.customer_id, idempotency_key)
            if found:
                raise IdempotentReplay(*found)
        if "customer" in failed and customer and customer.max_active is not None and self._customer_exists(booking):
            raise Conflict(
                f"you already have {customer.max_active} upcoming bookings; cancel one or call the store",
                field="start",
                code="too_many_bookings",
            )
        self._raise_for(failed)

    def transition(
        self,
        booking: Booking,
        new_status: Status,
        event: Event,
        *,
        after: Booking,
        store: Store,
        fields: Mapping[str, Any] | None = None,
        customer: CustomerChange | None = None,
        vehicle: VehicleUpdate | None = None,
        leave: Placement | None = None,
        message: OutboxRecord | None = None,
        task: CallTask | None = None,
        release_slot_only: Placement | None = None,
        expect_step: str | None = None,
    ) -> None:
        """Move a booking on, with everything the move touches, in one transaction and only if the booking
        is still in the state it was read in. With `leave`, the booking gives its place back; a `message`
        is queued in the outbox by the same write, so no change goes out unannounced."""

        def build(tx: _Transaction) -> None:
            actions: list[Action] = [
                BookingModel.status.set(new_status.value),
                BookingModel.events.set(BookingModel.events.append([_event(event)])),
            ]
            actions.extend(_field_actions({**(fields or {}), **_agenda(after, store)}))
            condition = BookingModel.status == booking.status.value
            if expect_step is not None:  # a check's claim: only the run that finds the step still next does it
                condition &= BookingModel.next_action == expect_step
            tx.update("booking", BookingModel(booking.booking_id), actions, condition)
            if leave is not None:
                self._give_back(tx, booking.chain_id, leave, slot=not booking.place_released)
            if release_slot_only is not None:
                day_key = keys.store_day(booking.chain_id, release_slot_only.store.store_id, release_slot_only.day)
                tx.update("old_slot", SlotCounterModel(day_key, release_slot_only.slot), [SlotCounterModel.taken.add(-1)])
            if task is not None:
                tx.put("task", new_task_model(task), CallTaskModel.task_id.does_not_exist())
            if customer is not None and customer.actions():
                tx.update("customer", CustomerModel(booking.chain_id, booking.customer_id), customer.actions())
            if vehicle is not None:
                tx.update("vehicle", VehicleModel(booking.chain_id, vehicle.plate), _vehicle_actions(booking.customer_id, vehicle))
            if message is not None:
                tx.put("outbox", new_model(message, event.at), OutboxModel.dedupe_key.does_not_exist())

        self._raise_for(self._commit(build))

    def move(self, booking: Booking, moved: Booking, old: Placement | None, new: Placement, event: Event, *,
             store: Store, fields: Mapping[str, Any] | None = None, message: OutboxRecord | None = None) -> None:
        """Reschedule (or give a waiting booking its first slot): leave the old slot, take the new one and
        update the booking, all or nothing."""

        # within one day the labour hours stay where they are (and one transaction may touch an item once)
        same_day = old is not None and (old.day, old.category) == (new.day, new.category)
        assert moved.start is not None and moved.end is not None

        def build(tx: _Transaction) -> None:
            self._take(tx, booking.chain_id, new, hours=not same_day)
            tx.update(
                "booking",
                BookingModel(booking.booking_id),
                [
                    BookingModel.start.set(moved.start.isoformat()),
                    BookingModel.end.set(moved.end.isoformat()),
                    BookingModel.slot.set(moved.slot_key),
                    BookingModel.store_day.set(keys.store_day(moved.chain_id, moved.store_id, moved.start.date())),
                    BookingModel.start_key.set(keys.start_key(moved.start, moved.booking_id)),
                    BookingModel.tier.set(moved.tier),
                    BookingModel.discount.set(moved.discount),
                    BookingModel.acknowledged_at.remove(),
                    BookingModel.events.set(BookingModel.events.append([_event(event)])),
                    BookingModel.place_released.set(False),
                    *_field_actions({**(fields or {}), **_agenda(moved, store)}),
                ],
                (BookingModel.status == booking.status.value)
                & (BookingModel.start == booking.start.isoformat() if booking.start else BookingModel.start.does_not_exist()),
            )
            if old is not None:
                self._give_back(tx, booking.chain_id, old, hours=not same_day, slot=not booking.place_released)
            if message is not None:
                tx.put("outbox", new_model(message, event.at), OutboxModel.dedupe_key.does_not_exist())

        self._raise_for(self._commit(build))

    # --- internals ---------------------------------------------------------------------------------------

    @staticmethod
    def _customer_exists(booking: Booking) -> bool:
        try:
            CustomerModel.get(booking.chain_id, booking.customer_id)
            return True
        except CustomerModel.DoesNotExist:
            return False

    @staticmethod
    def _take(tx: _Transaction, chain_id: str, p: Placement, *, hours: bool = True) -> None:
        day_key = keys.store_day(chain_id, p.store.store_id, p.day)
        tx.update(
            "slot",
            SlotCounterModel(day_key, p.slot),
            [SlotCounterModel.taken.add(1)],
            (SlotCounterModel.taken < p.limit) | SlotCounterModel.taken.does_not_exist(),
        )
        if not hours:
            return
        # labour hours are always counted, so that a store may start planning them at any time
        hours_condition: Condition | None = None
        if p.hours_budget is not None:
            hours_condition = (SlotCounterModel.hours <= p.hours_budget - p.hours) | SlotCounterModel.hours.does_not_exist()
        tx.update("hours", SlotCounterModel(day_key, keys.labour_slot(p.category)), [SlotCounterModel.hours.add(p.hours)], hours_condition)

    @staticmethod
    def _give_back(tx: _Transaction, chain_id: str, p: Placement, *, hours: bool = True, slot: bool = True) -> None:
        day_key = keys.store_day(chain_id, p.store.store_id, p.day)
        if slot:  # a place already given to walk-ins is not given back twice
            tx.update("old_slot", SlotCounterModel(day_key, p.slot), [SlotCounterModel.taken.add(-1)])
        if hours:
            tx.update("old_hours", SlotCounterModel(day_key, keys.labour_slot(p.category)), [SlotCounterModel.hours.add(-p.hours)])

    def _commit(self, build: Callable[[_Transaction], None]) -> list[str]:
        """Run the transaction, retrying DynamoDB's transaction conflicts; the roles whose condition failed."""
        for attempt in range(_MAX_ATTEMPTS):
            tx: _Transaction | None = None
            try:
                with TransactWrite(connection=self._connection) as raw:  # commits on leaving the block
                    tx = _Transaction(raw)
                    build(tx)
                return []
            except TransactWriteError as exc:
                codes = [r.code if r else None for r in (exc.cancellation_reasons or [])]
                if "ConditionalCheckFailed" in codes:
                    assert tx is not None
                    return [role for role, code in zip(tx.roles(), codes) if code == "ConditionalCheckFailed"]
                retryable = "TransactionConflict" in codes or exc.cause_response_code in (
                    "TransactionConflictException", "ThrottlingException", "ProvisionedThroughputExceededException",
                )
                if not retryable or attempt == _MAX_ATTEMPTS - 1:
                    raise
                self._sleep(random.uniform(0.01, 0.05) * (2**attempt))
        raise AssertionError("unreachable")

    @staticmethod
    def _raise_for(failed: list[str]) -> None:
        if not failed:
            return
        if "slot" in failed:
            raise SlotFull("that time is fully booked; please choose another slot", field="start")
        if "hours" in failed:
            raise SlotFull(
                "the workshop has no labour hours left for this service that day; please choose another day",
                field="start",
                code="day_full",
            )
        if "customer" in failed:
            raise NotFound("no such customer; sign in again", field="customer", code="customer_not_found")
        if "booking" in failed:
            raise _stale()
        raise Conflict(f"write refused ({', '.join(failed)})", code="write_conflict")


def _stale() -> Conflict:
    return Conflict("the booking changed meanwhile; reload and try again", field="status", code="stale_booking")
