"""Bookings, the counters that make capacity atomic, Idempotency-Keys and the checks' watermarks."""
from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.constants import LIST, MAP, STRING
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model


class EventMap(MapAttribute):
    """An event as items written before decision 0070 hold it (and one whose fields a string cannot hold)."""

    at = UnicodeAttribute()
    kind = UnicodeAttribute()
    by = UnicodeAttribute()
    note = UnicodeAttribute(null=True)


class EventsAttribute(Attribute[list[Any]]):
    """A booking's history, one element per event: a string "at|kind|by[|note]" (bookings.event_text), or a map
    {at, kind, by, note} (items from before, and an event whose at, kind or by holds the separator). A string is
    ~12 bytes shorter than the map of named attributes, and each byte is billed on every write of the booking."""

    attr_type = LIST

    def serialize(self, value: list[Any]) -> list[dict[str, Any]]:
        maps = (e.as_dict() if isinstance(e, MapAttribute) else e for e in value)
        return [{STRING: e} if isinstance(e, str) else {MAP: {k: {STRING: v} for k, v in e.items() if v is not None}}
                for e in maps]

    def deserialize(self, value: list[dict[str, Any]]) -> list[Any]:
        return [e[STRING] if STRING in e else {k: v[STRING] for k, v in e[MAP].items()} for e in value]


class StoreDayIndex(GlobalSecondaryIndex):
    """A store's bookings of one local day. Key: store_day "chain#store#YYYY-MM-DD" + start_key "UTC start#id"."""

    class Meta:
        index_name = "by_store_day"
        projection = AllProjection()

    store_day = UnicodeAttribute(hash_key=True)
    start_key = UnicodeAttribute(range_key=True)


class CustomerIndex(GlobalSecondaryIndex):
    """A customer's bookings. Key: customer_key "chain#customer" + start_key. It holds where and with whom
    (store_id, advisor_id: the traces a booking decision reads); the customer's own list and erasure fetch
    the bookings by id. A copy of every attribute would be rewritten, and billed, on each of the booking's
    many writes; these two hardly ever change."""

    class Meta:
        index_name = "by_customer"
        projection = IncludeProjection(["store_id", "advisor_id"])

    customer_key = UnicodeAttribute(hash_key=True)
    start_key = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex):
    """Sparse: only bookings with a next step carry due_key "<check>#<UTC hour>#<shard>", so each check
    Queries the hours up to now and reads exactly the steps that are due (range key next_at <= now)."""

    class Meta:
        index_name = "due_by_check"
        projection = AllProjection()

    due_key = UnicodeAttribute(hash_key=True)
    next_at = UnicodeAttribute(range_key=True)


class BookingModel(Model):
    """A booking. Key: booking_id. `events` only ever grows (list_append)."""

    class Meta:
        table_name = "bookings"

    booking_id = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    store_day = UnicodeAttribute()
    customer_key = UnicodeAttribute()
    start_key = UnicodeAttribute()
    status = UnicodeAttribute()
    start = UnicodeAttribute(null=True)  # ISO-8601 in the store's zone; absent while waiting for parts
    end = UnicodeAttribute(null=True)
    slot = UnicodeAttribute(null=True)  # "HH:MM", the counter this booking holds a place in
    service_type = UnicodeAttribute()
    tier = UnicodeAttribute()
    discount = NumberAttribute(null=True)  # absent: none
    source = UnicodeAttribute()
    customer = MapAttribute()  # name, phone as given for this booking
    vehicle = MapAttribute()  # plate, model, mileage
    labour_hours = NumberAttribute()
    description = UnicodeAttribute(null=True)
    priority = UnicodeAttribute(null=True)
    advisor = UnicodeAttribute(null=True)  # display name, as the board shows it
    advisor_id = UnicodeAttribute(null=True)  # staff username
    price = NumberAttribute(null=True)  # items written before price_estimate: the advisor's price in yuan (read only)
    price_estimate = NumberAttribute(null=True)  # fen: the quote at booking or move, or the advisor's
    segment = UnicodeAttribute(null=True)  # the plan segment (id) whose quota counter it counts in
    segment_name = UnicodeAttribute(null=True)
    coupon_id = UnicodeAttribute(null=True)  # docs/product-rules.md#coupons
    coupon_fen = NumberAttribute(null=True)
    honorific = UnicodeAttribute(null=True)  # 先生 / 女士, for the welcome board
    parts_status = UnicodeAttribute(null=True)
    walk_in_day = UnicodeAttribute(null=True)  # YYYY-MM-DD: a walk-in that queued that day
    acknowledged_at = UnicodeAttribute(null=True)
    contact_window = UnicodeAttribute(null=True)  # the customer's preferred hours, "09:00-20:00"
    created_at = UnicodeAttribute()
    events = EventsAttribute(default=list)
    open_tasks = ListAttribute(of=UnicodeAttribute, null=True)  # its open call tasks (bookings.task_ref)
    parts_expected = UnicodeAttribute(null=True)
    parts_estimate_fen = NumberAttribute(null=True)
    deposit_fen = NumberAttribute(null=True)
    payment = UnicodeAttribute(null=True)  # the deposit's WeChat Pay state (domain/booking/payment.py), JSON
    balance = UnicodeAttribute(null=True)  # the balance paid in the mini-program, the same shape (domain/booking/balance.py)
    extra_work = UnicodeAttribute(null=True)  # JSON list of its extra-work items (docs/product-rules.md#extra-work)
    place_released = BooleanAttribute(null=True)  # true: given to walk-ins after the grace period (absent: not)
    version = NumberAttribute(default=0)  # bumped by every change; each change is conditioned on the one it read
    next_action = UnicodeAttribute(null=True)  # the agenda's next step (domain/followup/agenda.py)
    next_at = UnicodeAttribute(null=True)  # UTC ISO
    due_key = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # DynamoDB deletes the booking then (policy.BOOKING_RETENTION)

    by_store_day = StoreDayIndex()
    by_customer = CustomerIndex()
    due_by_check = DueIndex()


class SlotCounterModel(Model):
    """Places taken per slot and labour hours per day. Key: store_day "chain#store#YYYY-MM-DD" + slot, where
    slot is "HH:MM" for a reception slot, "DAY#<category>" for the day's labour hours (in `hours`) and
    "SEG#<segment id>" for the bookings a plan segment took that day (in `taken`).
    A store-day's whole load is one Query."""

    class Meta:
        table_name = "slot-counters"

    store_day = UnicodeAttribute(hash_key=True)
    slot = UnicodeAttribute(range_key=True)
    taken = NumberAttribute(default=0)
    hours = NumberAttribute(default=0)


class IdempotencyModel(Model):
    """A client's Idempotency-Key. Key: "chain#customer#key"; points at the booking it created."""

    class Meta:
        table_name = "idempotency"

    key = UnicodeAttribute(hash_key=True)
    booking_id = UnicodeAttribute()
    request_hash = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()  # DynamoDB deletes the record some days after; a retry never takes that long


class CheckStateModel(Model):
    """A check's watermark. Key: the check's name; clean_before: the UTC hour before which nothing it
    handles is left due, so each run Queries only the hours since (however long the checks were down).
    A fanned-out run's cursor (key: e.g. `daily_report#Asia/Shanghai`); position: where it stopped."""

    class Meta:
        table_name = "check-state"

    check = UnicodeAttribute(hash_key=True)
    clean_before = UnicodeAttribute(null=True)
    position = UnicodeAttribute(null=True)
