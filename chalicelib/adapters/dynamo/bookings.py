"""Bookings and their counters, read (the BookingStore port); every write is the unit of work's.

Key shapes (models/bookings.py): a booking by booking_id; a store's day on `by_store_day`
("chain#store#YYYY-MM-DD", "UTC start#id"); a customer's bookings on `by_customer`; the next step of each
booking on the sparse `due_by_check` ("<check>#<UTC hour>#<shard>", next_at). Counters: one item per
reception slot ("HH:MM", places taken) and per labour category ("DAY#pm", hours) of a store-day.
"""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import repeat
from typing import Any

from ...domain import codec, money
from ...domain.booking import parts_list
from ...domain.booking.booking import Booking, BookingTrace, Event
from ...domain.booking.capacity import HOURS_PREFIX, DayLoad, day_load_of
from ...domain.booking.change import Agenda
from ...domain.booking.extra_items import ExtraItem
from ...domain.booking.lifecycle import Status
from ...domain.booking.payment import Deposit
from ...domain.booking.policy import BOOKING_RETENTION
from ...domain.booking.ports import DueStep
from ...domain.booking.search import SearchHit
from ...domain.codec import decode, encode
from ...domain.contact_preference import preference_from, preference_text
from ...domain.errors import NotFound
from ...domain.floor.tasks import task_prefix
from . import day_summaries, keys
from . import search as search_index
from .models import BookingModel, EventMap, IdempotencyModel, SlotCounterModel
from .moments import moment_from, moment_text

SEPARATOR = "|"
OWN_CUSTOMER = "@"  # by the booking's own customer ("customer:<its customer_id>")
SYSTEM = "~"  # by a check ("system:<check>")


def event_text(e: Event, customer_id: str) -> str | dict[str, str | None]:
    """How the item holds one event (decision 0070): "at|kind|by[|note]" (at in moments.py's compact form), `by`
    shortened when it is the booking's own customer or a check; a map, as before, when at, kind or by would hold
    the separator or start like a shortened `by`."""
    at = moment_text(e.at)
    if any(SEPARATOR in part for part in (at, e.kind, e.by)) or e.by.startswith((OWN_CUSTOMER, SYSTEM)):
        return {"at": e.at.isoformat(), "kind": e.kind, "by": e.by, "note": e.note}
    by = (OWN_CUSTOMER if e.by == f"customer:{customer_id}"
          else SYSTEM + e.by.removeprefix("system:") if e.by.startswith("system:") else e.by)
    return SEPARATOR.join([at, e.kind, by, *([e.note] if e.note is not None else [])])


def event_from(held: str | dict[str, str] | EventMap, customer_id: str) -> Event:
    if isinstance(held, EventMap):
        held = {"at": held.at, "kind": held.kind, "by": held.by, "note": held.note}
    if isinstance(held, dict):
        return Event(at=datetime.fromisoformat(held["at"]), kind=held["kind"], by=held["by"], note=held.get("note"))
    at, kind, by, *note = held.split(SEPARATOR, 3)
    by = (f"customer:{customer_id}" if by == OWN_CUSTOMER
          else "system:" + by.removeprefix(SYSTEM) if by.startswith(SYSTEM) else by)
    return Event(at=moment_from(at), kind=kind, by=by, note=note[0] if note else None)


def task_ref(booking_id: str, kind: str, task_id: str) -> str:
    """How the item lists one of its open call tasks: "kind|task_id", or "kind|*<digest>" when the id is the one
    `task_id_for` makes from this booking and kind (the booking's id and the kind are not written again in each
    task's id: every byte of the item is billed on each of its writes and index copies, decision 0070)."""
    prefix = f"{task_prefix(booking_id)}{kind}-"
    return f"{kind}|*{task_id[len(prefix):]}" if task_id.startswith(prefix) else f"{kind}|{task_id}"


def task_from_ref(booking_id: str, ref: str) -> tuple[str, str]:
    """(kind, task_id) of a listed task, written either way (items from before list the whole id)."""
    kind, rest = ref.split("|", 1)
    return kind, (f"{task_prefix(booking_id)}{kind}-{rest[1:]}" if rest.startswith("*") else rest)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _price_estimate(m: BookingModel) -> int | None:
    """Fen; an item written before money was kept in fen has the advisor's price in yuan instead."""
    if m.price_estimate is not None:
        return int(m.price_estimate)
    return money.half_up(Decimal(str(m.price)) * money.FEN_PER_YUAN) if m.price is not None else None


def booking_from_model(m: BookingModel) -> Booking:
    return Booking(
        booking_id=m.booking_id,
        chain_id=m.chain_id,
        store_id=m.store_id,
        customer_id=m.customer_id,
        status=Status(m.status),
        start=_when(m.start),
        end=_when(m.end),
        service_type=m.service_type,
        tier=m.tier,
        discount=float(m.discount or 0),
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
        price_estimate=_price_estimate(m),
        segment=m.segment,
        segment_name=m.segment_name,
        coupon_id=m.coupon_id,
        coupon_fen=int(m.coupon_fen) if m.coupon_fen is not None else None,
        honorific=m.honorific,
        parts_status=m.parts_status,
        acknowledged_at=_when(m.acknowledged_at),
        place_released=bool(m.place_released),
        events=tuple(event_from(e, m.customer_id) for e in (m.events or [])),
        created_at=_when(m.created_at),
        walk_in_day=date.fromisoformat(m.walk_in_day) if m.walk_in_day else None,
        contact_window=preference_from(m.contact_window),
        open_tasks=tuple(task_from_ref(m.booking_id, ref) for ref in (m.open_tasks or [])),
        parts_expected=m.parts_expected,
        parts_estimate_fen=int(m.parts_estimate_fen) if m.parts_estimate_fen is not None else None,
        deposit_fen=int(m.deposit_fen) if m.deposit_fen is not None else None,
        payment=codec.decode(m.payment, Deposit) if m.payment else None,
        balance=codec.decode(m.balance, Deposit) if m.balance else None,
        version=int(m.version or 0),
        extra_work=decode(m.extra_work, tuple[ExtraItem, ...]) if m.extra_work else (),
    )


def counter_value(c: SlotCounterModel) -> float:
    """Labour counters hold hours; place and segment counters hold bookings in `taken`."""
    return float(c.hours) if c.slot.startswith(HOURS_PREFIX) else float(c.taken)


def _placement_keys(b: Booking, created_at: datetime) -> dict[str, str]:
    """A walk-in waiting for a place sorts on its day's walk-in queue, a booking waiting for parts on the store's
    waiting list, one with a time on its day."""
    if b.start is None and b.walk_in_day is not None:
        return {"store_day": keys.walk_in_queue(b.chain_id, b.store_id, b.walk_in_day),
                "start_key": keys.waiting_key(created_at, b.booking_id)}
    if b.start is None:
        closed = parts_list.closed_on(b)  # off the list every day plan reads, onto the auditor's (decision 0084)
        listed = keys.parts_closed(b.chain_id, b.store_id, closed) if closed else keys.parts_waitlist(b.chain_id, b.store_id)
        return {"store_day": listed, "start_key": keys.waiting_key(created_at, b.booking_id)}
    return {
        "store_day": keys.store_day(b.chain_id, b.store_id, b.start.date()),
        "start_key": keys.start_key(b.start, b.booking_id),
    }


def _agenda_attributes(b: Booking, agenda: Agenda | None) -> dict[str, Any]:
    if agenda is None:  # nothing scheduled: out of the sparse due index
        return {"next_action": None, "next_at": None, "due_key": None}
    step = agenda.step
    return {"next_action": step.action, "next_at": keys.utc_iso(step.at),
            "due_key": keys.due_key(step.check, agenda.filed_at, b.booking_id)}


def booking_item(b: Booking, agenda: Agenda | None, at: datetime) -> BookingModel:
    """The whole item of a booking as a change leaves it (a put replaces the item, conditioned on its version)."""
    created_at = b.created_at or at
    return BookingModel(
        b.booking_id,
        chain_id=b.chain_id,
        store_id=b.store_id,
        customer_id=b.customer_id,
        customer_key=keys.customer_key(b.chain_id, b.customer_id),
        **_placement_keys(b, created_at),
        status=b.status.value,
        start=b.start.isoformat() if b.start else None,
        end=b.end.isoformat() if b.end else None,
        slot=b.slot_key,
        service_type=b.service_type,
        tier=b.tier,
        discount=b.discount or None,  # written only when there is one: every byte is billed on each write
        source=b.source,
        customer={"name": b.customer_name, "phone": b.customer_phone},
        vehicle={"plate": b.plate, "model": b.vehicle_model, "mileage": b.mileage},
        labour_hours=b.labour_hours,
        description=b.description,
        priority=b.priority,
        advisor=b.advisor,
        advisor_id=b.advisor_id,
        price_estimate=b.price_estimate,
        segment=b.segment,
        segment_name=b.segment_name,
        coupon_id=b.coupon_id,
        coupon_fen=b.coupon_fen,
        honorific=b.honorific,
        parts_status=b.parts_status,
        acknowledged_at=b.acknowledged_at.isoformat() if b.acknowledged_at else None,
        created_at=created_at.isoformat(),
        contact_window=preference_text(b.contact_window),
        events=[event_text(e, b.customer_id) for e in b.events],
        place_released=True if b.place_released else None,
        walk_in_day=b.walk_in_day.isoformat() if b.walk_in_day else None,
        open_tasks=[task_ref(b.booking_id, kind, task_id) for kind, task_id in b.open_tasks] or None,
        parts_expected=b.parts_expected,
        parts_estimate_fen=b.parts_estimate_fen,
        deposit_fen=b.deposit_fen,
        payment=codec.encode(b.payment) if b.payment else None,
        balance=codec.encode(b.balance) if b.balance else None,
        extra_work=encode(list(b.extra_work)) if b.extra_work else None,
        version=b.version,
        expires_at=max(b.start, at) + BOOKING_RETENTION if b.start else at + BOOKING_RETENTION,
        **_agenda_attributes(b, agenda),
    )


class BookingRepository:
    """`page_size` bounds each Query page (DynamoDB's own limit is 1 MB); every read follows all pages."""

    def __init__(self, page_size: int | None = None, due_page_items: int | None = None) -> None:
        self._page_size = page_size
        self._due_page_items = due_page_items  # the dispatcher's Query pages (the stage's scale table)

    def day_load(self, chain_id: str, store_id: str, day: date) -> DayLoad:
        """One Query: every counter of the store-day."""
        items = SlotCounterModel.query(keys.store_day(chain_id, store_id, day), page_size=self._page_size)
        return day_load_of({c.slot: counter_value(c) for c in items})

    def day_loads(self, chain_id: str, store_id: str, first: date, last: date) -> dict[date, DayLoad]:
        """One Query: the store's day summaries (day_summaries.py)."""
        return day_summaries.day_loads(chain_id, store_id, first, last)

    def counts(self, chain_id: str, store_id: str, day: date, counters: tuple[str, ...]) -> dict[str, float]:
        """One consistent read: a GetItem for one counter, a BatchGetItem for several."""
        store_day = keys.store_day(chain_id, store_id, day)
        if len(counters) == 1:
            try:
                item = SlotCounterModel.get(store_day, counters[0], consistent_read=True)
            except SlotCounterModel.DoesNotExist:
                return {}
            return {item.slot: counter_value(item)}
        found = SlotCounterModel.batch_get([(store_day, c) for c in counters], consistent_read=True)
        return {item.slot: counter_value(item) for item in found}

    def taken(self, chain_id: str, store_id: str, day: date, slot: str) -> int:
        try:
            return int(SlotCounterModel.get(keys.store_day(chain_id, store_id, day), slot, consistent_read=True).taken)
        except SlotCounterModel.DoesNotExist:
            return 0

    def get(self, booking_id: str) -> Booking:
        try:
            return booking_from_model(BookingModel.get(booking_id, consistent_read=True))
        except BookingModel.DoesNotExist:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found") from None

    def for_customer(self, chain_id: str, customer_id: str, limit: int = 50) -> list[Booking]:
        """Newest first: the index's entries (one Query), then the bookings by id (a BatchGetItem per 100)."""
        order = [t.booking_id for t in self.traces(chain_id, customer_id, limit)]
        if not order:
            return []
        items = {m.booking_id: m for m in BookingModel.batch_get(order, consistent_read=True)}
        return [booking_from_model(items[i]) for i in order if i in items]

    def traces(self, chain_id: str, customer_id: str, limit: int = 50) -> list[BookingTrace]:
        found = BookingModel.by_customer.query(
            keys.customer_key(chain_id, customer_id), scan_index_forward=False, limit=limit, page_size=self._page_size
        )
        return [BookingTrace(m.booking_id, m.store_id, m.advisor_id) for m in found]

    def for_store_day(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """One Query (paged): the store-day's bookings in start order."""
        items = BookingModel.by_store_day.query(keys.store_day(chain_id, store_id, day), page_size=self._page_size)
        return [booking_from_model(m) for m in items]

    def waiting_for_parts(self, chain_id: str, store_id: str) -> list[Booking]:
        items = BookingModel.by_store_day.query(keys.parts_waitlist(chain_id, store_id), page_size=self._page_size)
        return [booking_from_model(m) for m in items]

    def parts_closed(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        items = BookingModel.by_store_day.query(keys.parts_closed(chain_id, store_id, day), page_size=self._page_size)
        return [booking_from_model(m) for m in items]

    def walk_in_queue(self, chain_id: str, store_id: str, day: date) -> list[Booking]:
        """The day's walk-ins not seated (still waiting, or gone), oldest first (one Query)."""
        items = BookingModel.by_store_day.query(keys.walk_in_queue(chain_id, store_id, day), page_size=self._page_size)
        return [booking_from_model(m) for m in items]

    def due(self, check: str, since: datetime, now: datetime) -> list[DueStep]:
        """The bookings whose next step for `check` is due, with the hour bucket each was found in: a Query
        per hour and shard from `since` to now (an hour's shards in parallel), each reading only items with
        next_at <= now."""
        found: list[DueStep] = []
        hour = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        with ThreadPoolExecutor(max_workers=min(8, keys.DUE_SHARDS)) as pool:
            while hour <= now:
                for page in pool.map(self._due_in, keys.due_hours(check, hour), repeat(hour), repeat(now)):
                    found += page
                hour += timedelta(hours=1)
        return found

    def due_shards(self) -> int:
        return keys.DUE_SHARDS

    def due_pages(self, check: str, shard: int, hour: datetime, now: datetime) -> Iterator[list[DueStep]]:
        """One shard of one hour bucket, a Query page at a time (`page_size` items, else DynamoDB's 1 MB)."""
        key = keys.due_hours(check, hour)[shard]
        condition = BookingModel.next_at <= keys.utc_iso(now)
        last: dict[str, Any] | None = None
        while True:
            result = BookingModel.due_by_check.query(key, condition, limit=self._due_page_items or self._page_size,
                                                     last_evaluated_key=last)
            page = [DueStep(booking_from_model(m), m.next_action, hour, datetime.fromisoformat(m.next_at)) for m in result]
            last = result.last_evaluated_key
            if page or last is None:
                yield page
            if last is None:
                return

    def _due_in(self, key: str, hour: datetime, now: datetime) -> list[DueStep]:
        condition = BookingModel.next_at <= keys.utc_iso(now)
        items = BookingModel.due_by_check.query(key, condition, page_size=self._page_size)
        return [DueStep(booking_from_model(m), m.next_action, hour) for m in items]

    def idempotent_booking(self, chain_id: str, customer_id: str, key: str) -> tuple[str, str] | None:
        try:
            rec = IdempotencyModel.get(keys.idempotency(chain_id, customer_id, key), consistent_read=True)
        except IdempotencyModel.DoesNotExist:
            return None
        return rec.booking_id, rec.request_hash

    def search(self, chain_id: str, store_id: str, term: str, limit: int) -> list[SearchHit]:
        return search_index.find(chain_id, store_id, term, limit)
