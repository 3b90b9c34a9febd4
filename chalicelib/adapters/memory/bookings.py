"""In-memory BookingStore, UnitOfWork and Watermarks: the same contract as the DynamoDB adapters (the
contract suite runs on both), for use-case tests that need no database."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from ...domain.booking import parts_list, search
from ...domain.booking.booking import Booking, BookingTrace
from ...domain.booking.capacity import DayLoad, day_load_of
from ...domain.booking.change import BookingChange, CustomerChange, VehicleChange, refusal
from ...domain.booking.coupons import CouponUse
from ...domain.booking.events import wanted_events
from ...domain.booking.ports import DueStep
from ...domain.booking.search import SearchHit
from ...domain.errors import NotFound
from ..dynamo.keys import DUE_SHARDS, shard_of
from .state import MemoryState, StoredBooking, close_task, put_message


def _hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _sort_key(b: Booking) -> tuple[int, float, str]:
    """Dated bookings by start, those waiting for parts after them by creation (as the index sorts)."""
    if b.start is not None:
        return (0, b.start.timestamp(), b.booking_id)
    return (1, b.created_at.timestamp() if b.created_at else 0.0, b.booking_id)


class MemoryBookings:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def get(self, booking_id: str) -> Booking:
        with self._state.lock:
            stored = self._state.bookings.get(booking_id)
        if stored is None:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")
        return stored.booking

    def _all(self) -> list[Booking]:
        with self._state.lock:
            return [s.booking for s in self._state.bookings.values()]

    def for_customer(self, chain_id: str, customer_id: str, limit: int = 50) -> list[Booking]:
        mine = [b for b in self._all() if (b.chain_id, b.customer_id) == (chain_id, customer_id)]
        return sorted(mine, key=_sort_key, reverse=True)[:limit]

    def traces(self, chain_id: str, customer_id: str, limit: int = 50) -> list[BookingTrace]:
        return [BookingTrace(b.booking_id, b.store_id, b.advisor_id) for b in self.for_customer(chain_id, customer_id, limit)]

    def for_store_day(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        found = [b for b in self._all() if (b.chain_id, b.store_id) == (chain_id, store_id) and b.start
                 and b.start.date() == day]
        return sorted(found, key=_sort_key)

    def waiting_for_parts(self, chain_id: str, store_id: str) -> list[Booking]:
        found = [b for b in self._all() if (b.chain_id, b.store_id) == (chain_id, store_id) and b.start is None
                 and b.walk_in_day is None and parts_list.closed_on(b) is None]
        return sorted(found, key=_sort_key)

    def parts_closed(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        found = [b for b in self._all() if (b.chain_id, b.store_id) == (chain_id, store_id)
                 and parts_list.closed_on(b) == day]
        return sorted(found, key=_sort_key)

    def walk_in_queue(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """As the index holds them: the day's walk-ins that queued and have not been seated since."""
        found = [b for b in self._all() if (b.chain_id, b.store_id, b.walk_in_day) == (chain_id, store_id, day)
                 and b.start is None]
        return sorted(found, key=_sort_key)

    def day_load(self, chain_id: str, store_id: str, day: date) -> DayLoad:
        with self._state.lock:
            found = {counter: value for (chain, store, on, counter), value in self._state.counters.items()
                     if (chain, store, on) == (chain_id, store_id, day)}
        return day_load_of(found)

    def day_loads(self, chain_id: str, store_id: str, first: date, last: date) -> dict[date, DayLoad]:
        with self._state.lock:
            found: dict[date, dict[str, float]] = {}
            for (chain, store, on, counter), value in self._state.counters.items():
                if chain == chain_id and store == store_id and first <= on <= last:
                    found.setdefault(on, {})[counter] = value
        return {on: day_load_of(counters) for on, counters in found.items()}

    def counts(self, chain_id: str, store_id: str, day: date, counters: tuple[str, ...]) -> dict[str, float]:
        with self._state.lock:
            return {c: self._state.counters[(chain_id, store_id, day, c)] for c in counters
                    if (chain_id, store_id, day, c) in self._state.counters}

    def taken(self, chain_id: str, store_id: str, day: date, slot: str) -> int:
        with self._state.lock:
            return int(self._state.counters.get((chain_id, store_id, day, slot), 0))

    def idempotent_booking(self, chain_id: str, customer_id: str, key: str) -> tuple[str, str] | None:
        with self._state.lock:
            return self._state.idempotency.get((chain_id, customer_id, key))

    def search(self, chain_id: str, store_id: str, term: str, limit: int) -> list[SearchHit]:
        """As the store's search index finds them: filed under a term beginning with `term`, in term order."""
        found = sorted((t, b.booking_id, b) for b in self._all() if (b.chain_id, b.store_id) == (chain_id, store_id)
                       for t in search.terms(b) if t.startswith(term))[:limit]
        return list({b.booking_id: SearchHit.of(b) for _, _, b in found}.values())

    def due(self, check: str, since: datetime, now: datetime) -> list[DueStep]:
        """As the hour-bucketed index finds them: filed in an hour from `since` to now, due by now."""
        first = _hour(since)
        with self._state.lock:
            stored = list(self._state.bookings.values())
        found = []
        for s in stored:
            if s.agenda is None or s.agenda.step.check != check or s.agenda.step.at > now:
                continue
            filed = _hour(s.agenda.filed_at)
            if first <= filed <= now:
                found.append((filed, s.agenda.step.at, DueStep(s.booking, s.agenda.step.action, filed, s.agenda.step.at)))
        return [due for _, _, due in sorted(found, key=lambda f: (f[0], f[1]))]


    def due_shards(self) -> int:
        return DUE_SHARDS

    def due_pages(self, check: str, shard: int, hour: datetime, now: datetime,
                  page_size: int = 100) -> Iterator[list[DueStep]]:
        """The shard's part of one hour bucket, in pages (as the DynamoDB adapter reads them)."""
        found = [d for d in self.due(check, hour, now) if d.hour == _hour(hour) and shard_of(d.booking.booking_id) == shard]
        for first in range(0, len(found), page_size):
            yield found[first:first + page_size]
        if not found:
            yield []


class MemoryUnitOfWork:
    def __init__(self, state: MemoryState, *, wanted: Callable[[str], frozenset[str]] | None = None) -> None:
        self._state = state
        self._wanted = wanted or (lambda chain_id: frozenset())  # the event types a chain's endpoints want

    def commit(self, change: BookingChange) -> None:
        with self._state.lock:
            failed = self._failed(change)
            if failed:
                raise self._refusal(change, failed)
            self._apply(change)
            self._state.writes += 1

    def _failed(self, change: BookingChange) -> list[str]:
        state, after = self._state, change.after
        failed = []
        stored = state.bookings.get(after.booking_id)
        expected = change.expected_version
        if (stored is not None) if expected is None else (stored is None or stored.booking.version != expected):
            failed.append("booking")
        for move in change.counters:
            current = state.counters.get((move.chain_id, move.store_id, move.day, move.counter), 0)
            if move.limit is not None and current + move.delta > move.limit + 1e-9:
                failed.append(move.kind)
        key = change.idempotency
        if key and (after.chain_id, key.owner_of(after), key.key) in state.idempotency:
            failed.append("idempotency")
        if change.coupon is not None and self._coupon_refuses(change.coupon, after):
            failed.append("coupon")
        if change.customer is not None and self._customer_refuses(change.customer, after):
            failed.append("customer")
        if any(m.dedupe_key in state.outbox for m in change.messages):
            failed.append("outbox")
        if any((t.chain_id, t.store_id, t.task_id) in state.tasks for t in change.open_tasks):
            failed.append("task")
        if any(state.tasks.get((c.chain_id, c.store_id, c.task_id)) is None
               or state.tasks[(c.chain_id, c.store_id, c.task_id)].done_at is not None for c in change.close_tasks):
            failed.append("close_task")
        return failed

    def _coupon_refuses(self, use: CouponUse, after: Booking) -> bool:
        uses = self._state.coupon_uses.get((after.chain_id, use.coupon_id, after.customer_id))
        if use.give_back:
            return uses is None or uses < 1
        return uses is None or uses >= use.limit

    def _customer_refuses(self, c: CustomerChange, after: Booking) -> bool:
        record = self._state.customers.get((after.chain_id, after.customer_id))
        if record is None:
            return not c.create_if_missing
        return c.cap is not None and record.get("active_bookings", 0) >= c.cap

    def _refusal(self, change: BookingChange, failed: list[str]) -> Exception:
        after = change.after
        replay = None
        if change.idempotency is not None:
            replay = self._state.idempotency.get((after.chain_id, change.idempotency.owner_of(after), change.idempotency.key))
        exists = (after.chain_id, after.customer_id) in self._state.customers
        return refusal(change, failed, replay=replay, customer_exists=exists)

    def _apply(self, change: BookingChange) -> None:
        state, after, at = self._state, change.after, change.at
        booking = after if after.created_at else replace(after, created_at=at)
        state.bookings[after.booking_id] = StoredBooking(booking, change.agenda)
        for move in change.counters:
            key = (move.chain_id, move.store_id, move.day, move.counter)
            state.counters[key] = state.counters.get(key, 0) + move.delta
        if change.idempotency:
            state.idempotency[(after.chain_id, change.idempotency.owner_of(after), change.idempotency.key)] = (
                after.booking_id, change.idempotency.request_hash)
        if change.customer is not None:
            apply_customer(state.customers, after.chain_id, after.customer_id, change.customer, at)
        if change.vehicle is not None:
            apply_vehicle(state.vehicles, after.chain_id, after.customer_id, change.vehicle)
        if change.coupon is not None:
            key = (after.chain_id, change.coupon.coupon_id, after.customer_id)
            state.coupon_uses[key] += -1 if change.coupon.give_back else 1
        for message in change.messages:
            put_message(state, message, at)
        for task in change.open_tasks:
            state.tasks[(task.chain_id, task.store_id, task.task_id)] = task
        for c in change.close_tasks:
            close_task(state, (c.chain_id, c.store_id, c.task_id), at, c.day, c.by, c.reason, c.note)
        for event in wanted_events(change, self._wanted):  # its webhook events, in the same write (decision 0035)
            state.webhook_events.setdefault(event.event_id, (event, True))


def apply_customer(customers: dict[tuple[str, str], dict[str, Any]], chain_id: str, customer_id: str,
                   c: CustomerChange, at: datetime) -> None:
    record = customers.setdefault((chain_id, customer_id), {"created_at": at, "subscriptions": {}})
    for name in ("name", "phone", "preferred_channel", "last_visit", "home_store", "last_plate"):
        if getattr(c, name):
            record[name] = getattr(c, name)
    if c.rebook_priority is not None:
        record["rebook_priority"] = c.rebook_priority
    if c.rebook_task is not None:
        record["rebook_task"] = c.rebook_task
    elif c.rebook_priority is False:
        record.pop("rebook_task", None)
    if c.new_time_task:
        record["new_time_task"] = c.new_time_task
    elif c.new_time_task == "":
        record.pop("new_time_task", None)
    record["active_bookings"] = record.get("active_bookings", 0) + c.active_delta
    if c.lapse_at is not None:
        record.update(lapse_stage="invite", lapse_at=c.lapse_at, lapse_tier=None)


def apply_vehicle(vehicles: dict[tuple[str, str], dict[str, Any]], chain_id: str, customer_id: str, v: VehicleChange) -> None:
    record = vehicles.setdefault((chain_id, v.plate), {})
    record["customer_id"] = customer_id
    for name in ("store_id", "purchase_date", "prev_service_date", "prev_service_mileage", "next_due", "model",
                 "mileage", "last_service_date", "last_service_mileage"):
        value = getattr(v, name)
        if value is not None and value != "":
            record[name] = value
    if v.first_service_due is not None and v.store_id:
        record["fs_store"], record["fs_due"] = (chain_id, v.store_id), v.first_service_due
    if v.next_due and v.store_id:  # the store's cars due (campaigns' audience, the staff's list)
        record["md_store"] = (chain_id, v.store_id)
    if v.first_service_at is not None:
        record.setdefault("first_service_at", v.first_service_at)
    if v.due is not None:
        record["due_kind"], record["due_at"] = v.due
    elif v.first_due is not None and record.get("due_kind") is None:
        record["due_kind"], record["due_at"] = v.first_due


class MemoryWatermarks:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def clean_before(self, check: str) -> datetime | None:
        with self._state.lock:
            return self._state.watermarks.get(check)

    def advance(self, check: str, hour: datetime) -> None:
        with self._state.lock:
            current = self._state.watermarks.get(check)
            if current is None or current < hour:
                self._state.watermarks[check] = hour

    def position(self, cursor: str) -> str | None:
        with self._state.lock:
            return self._state.cursors.get(cursor)

    def move(self, cursor: str, position: str) -> None:
        with self._state.lock:
            current = self._state.cursors.get(cursor)
            if current is None or current < position:
                self._state.cursors[cursor] = position

