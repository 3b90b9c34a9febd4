"""The unit of work: a decided BookingChange committed as one TransactWriteItems.

The booking's put is conditioned on the version the change was decided on (or on the booking not
existing yet), each counter increment on the limit it must stay within, the customer's cap on their
upcoming bookings, the Idempotency-Key and each message and task on not existing yet. Any failed
condition cancels all of it, and the refusal names which one.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from pynamodb.connection import Connection
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from ...domain.booking import search
from ...domain.booking.change import BookingChange, CounterMove, CustomerChange, VehicleChange, refusal
from ...domain.booking.coupons import CouponUse
from ...domain.booking.events import WebhookEvent, wanted_events
from ...domain.booking.policy import IDEMPOTENCY_WINDOW
from . import keys
from . import search as search_index
from .bookings import BookingRepository, booking_item
from .day_summaries import move_summaries
from .models import BookingModel, CustomerModel, IdempotencyModel, SlotCounterModel, VehicleModel, WebhookModel
from .models.followup import CouponUseModel
from .transaction import Transaction, run
from .webhooks import event_item


def _counter(tx: Transaction, move: CounterMove) -> None:
    item = SlotCounterModel(keys.store_day(move.chain_id, move.store_id, move.day), move.counter)
    attribute = SlotCounterModel.hours if move.is_hours else SlotCounterModel.taken
    condition: Condition | None = None
    if move.limit is not None:  # the counter after the move stays within the limit
        condition = (attribute <= move.limit - move.delta) | attribute.does_not_exist()
    tx.update(move.kind, item, [attribute.add(move.delta)], condition)


def _calls_owed(c: CustomerChange) -> list[Action]:
    """The rebooking call and the call to agree a new time the customer's record names (or forgets)."""
    actions: list[Action] = []
    if c.rebook_priority is not None:
        actions.append(CustomerModel.rebook_priority.set(c.rebook_priority))
    if c.rebook_task is not None:
        actions.append(CustomerModel.rebook_task.set(c.rebook_task))
    elif c.rebook_priority is False:
        actions.append(CustomerModel.rebook_task.remove())
    if c.new_time_task:
        actions.append(CustomerModel.new_time_task.set(c.new_time_task))
    elif c.new_time_task == "":
        actions.append(CustomerModel.new_time_task.remove())
    return actions


def _customer(tx: Transaction, chain_id: str, customer_id: str, c: CustomerChange, now: datetime) -> None:
    actions: list[Action] = []
    for name in ("name", "phone", "preferred_channel", "last_visit", "home_store", "last_plate"):
        value = getattr(c, name)
        if value:
            actions.append(getattr(CustomerModel, name).set(value))
    actions += _calls_owed(c)
    if c.active_delta:
        actions.append(CustomerModel.active_bookings.add(c.active_delta))
    if c.lapse_at is not None:
        at = keys.utc_iso(c.lapse_at)
        actions += [CustomerModel.lapse_stage.set("invite"), CustomerModel.lapse_at.set(at),
                    CustomerModel.lapse_day.set(at[:10]), CustomerModel.lapse_tier.remove()]
    condition: Condition | None = CustomerModel.customer_id.exists()
    if c.create_if_missing:
        condition = None
        actions += [CustomerModel.created_at.set(CustomerModel.created_at | now.isoformat()),
                    CustomerModel.subscriptions.set(CustomerModel.subscriptions | {})]
    if c.cap is not None:
        cap = (CustomerModel.active_bookings < c.cap) | CustomerModel.active_bookings.does_not_exist()
        condition = cap if condition is None else condition & cap
    tx.update("customer", CustomerModel(chain_id, customer_id), actions, condition)


def _vehicle(tx: Transaction, chain_id: str, customer_id: str, v: VehicleChange) -> None:
    actions: list[Action] = [VehicleModel.customer_id.set(customer_id)]
    for name in ("store_id", "purchase_date", "prev_service_date", "prev_service_mileage", "next_due", "model",
                 "mileage", "last_service_date", "last_service_mileage"):
        value = getattr(v, name)
        if value is not None and value != "":
            actions.append(getattr(VehicleModel, name).set(value))
    if v.first_service_due is not None and v.store_id:
        actions += [VehicleModel.fs_store.set(keys.store_key(chain_id, v.store_id)), VehicleModel.fs_due.set(v.first_service_due)]
    if v.next_due and v.store_id:  # the store's cars due (campaigns' audience, the staff's list)
        actions.append(VehicleModel.md_store.set(keys.store_key(chain_id, v.store_id)))
    if v.first_service_at is not None:  # the first time only
        actions.append(VehicleModel.first_service_at.set(VehicleModel.first_service_at | v.first_service_at))
    if v.due is not None:
        kind, at = v.due
        actions += [VehicleModel.due_kind.set(kind), VehicleModel.due_at.set(keys.utc_iso(at)),
                    VehicleModel.due_day.set(keys.utc_iso(at)[:10])]
    elif v.first_due is not None:
        kind, at = v.first_due
        actions += [VehicleModel.due_kind.set(VehicleModel.due_kind | kind),
                    VehicleModel.due_at.set(VehicleModel.due_at | keys.utc_iso(at)),
                    VehicleModel.due_day.set(VehicleModel.due_day | keys.utc_iso(at)[:10])]
    tx.update("vehicle", VehicleModel(chain_id, v.plate), actions)


def _coupon(tx: Transaction, chain_id: str, customer_id: str, use: CouponUse) -> None:
    """The customer's claim of the coupon: one more use, within its limit (an unclaimed coupon fails too)."""
    claim = CouponUseModel(chain_id, f"{customer_id}#{use.coupon_id}")
    if use.give_back:  # a cancelled booking's use, back to the claim it was taken from
        tx.update("coupon", claim, [CouponUseModel.uses.add(-1)], CouponUseModel.uses > 0)
        return
    tx.update("coupon", claim, [CouponUseModel.uses.add(1)], CouponUseModel.uses < use.limit)


def _vehicle_and_coupon(tx: Transaction, change: BookingChange) -> None:
    after = change.after
    if change.vehicle is not None:
        _vehicle(tx, after.chain_id, after.customer_id, change.vehicle)
    if change.coupon is not None:
        _coupon(tx, after.chain_id, after.customer_id, change.coupon)


def _search(tx: Transaction, change: BookingChange) -> None:
    """The store's search index, in the same transaction, when what it holds of the booking changed: filed
    under its terms, and no longer under those it lost (an erased booking has none)."""
    if search.refiled(change.before, change.after):
        for entry in search_index.entries(change.after, at=change.at):
            tx.put("search", entry)
        if change.before is not None:
            for entry in search_index.entries(change.before, without=search.terms(change.after)):
                tx.delete("search", entry)


class DynamoUnitOfWork:
    def __init__(self, connection: Connection, sleep: Callable[[float], None] = time.sleep, *,
                 wanted: Callable[[str], frozenset[str]] | None = None) -> None:
        self._connection, self._sleep = connection, sleep
        self._wanted = wanted or (lambda chain_id: frozenset())  # the event types a chain's endpoints want
        self._reads = BookingRepository()

    def commit(self, change: BookingChange) -> None:
        events = wanted_events(change, self._wanted)
        failed = run(self._connection, lambda tx: self._build(tx, change, events), self._sleep)
        if failed:
            self._refuse(change, failed)

    @staticmethod
    def _build(tx: Transaction, change: BookingChange, events: tuple[WebhookEvent, ...]) -> None:
        after = change.after
        expected = change.expected_version
        if expected is None:
            version_ok = BookingModel.booking_id.does_not_exist()
        elif expected == 0:  # written before bookings carried a version
            version_ok = BookingModel.version.does_not_exist() | (BookingModel.version == 0)
        else:
            version_ok = BookingModel.version == expected
        tx.put("booking", booking_item(after, change.agenda, change.at), version_ok)
        for move in change.counters:
            _counter(tx, move)
        move_summaries(tx, change.counters)
        if change.idempotency is not None:
            record = IdempotencyModel(
                keys.idempotency(after.chain_id, change.idempotency.owner_of(after), change.idempotency.key),
                booking_id=after.booking_id,
                request_hash=change.idempotency.request_hash,
                created_at=change.at.isoformat(),
                expires_at=change.at + IDEMPOTENCY_WINDOW,
            )
            tx.put("idempotency", record, IdempotencyModel.key.does_not_exist())
        if change.customer is not None:
            _customer(tx, after.chain_id, after.customer_id, change.customer, change.at)
        _vehicle_and_coupon(tx, change)
        _search(tx, change)
        _effects(tx, change, events)

    def _refuse(self, change: BookingChange, failed: list[str]) -> None:
        after = change.after
        replay = None
        if "idempotency" in failed and change.idempotency is not None:
            replay = self._reads.idempotent_booking(after.chain_id, change.idempotency.owner_of(after),
                                                   change.idempotency.key)
        exists = "customer" in failed and _customer_exists(after.chain_id, after.customer_id)
        raise refusal(change, failed, replay=replay, customer_exists=exists)


def _customer_exists(chain_id: str, customer_id: str) -> bool:
    try:
        CustomerModel.get(chain_id, customer_id)
    except CustomerModel.DoesNotExist:
        return False
    return True


def _effects(tx: Transaction, change: BookingChange, events: tuple[WebhookEvent, ...]) -> None:
    """What the change causes beside the booking: its messages, tasks opened and closed, webhook events."""
    for message in change.messages:
        tx.put_message(message, change.at)
    for task in change.open_tasks:
        tx.put_task(task)
    for closure in change.close_tasks:
        tx.close_task(closure.chain_id, closure.store_id, closure.task_id, change.at, closure.day, closure.by,
                      closure.reason, closure.note)
    for event in events:  # the change's webhook events, in its own transaction (decision 0035)
        tx.put("webhook_event", event_item(event, change.at), WebhookModel.pk.does_not_exist())
