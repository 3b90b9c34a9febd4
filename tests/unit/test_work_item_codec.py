"""The one typed codec (domain/codec.py) and the work items (domain/runs/work_items.py), over every shape:
Hypothesis builds bookings with every optional field set or not, every status, events and open tasks, and
every other work item and stored copy, and each comes back equal. The previous release's items still read."""
from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import codec
from chalicelib.domain.booking.booking import Booking, Event
from chalicelib.domain.booking.extra_items import ExtraItem
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import Deposit, DepositState
from chalicelib.domain.codec import BadWorkItem
from chalicelib.domain.contact_preference import DAYS, Preference
from chalicelib.domain.followup.lapse import LapseDue
from chalicelib.domain.followup.maintenance import VehicleDue
from chalicelib.domain.runs.work_items import (
    BookingStep,
    JobStep,
    SendStep,
    decode_check,
    decode_send,
    encode_check,
    encode_send,
)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
ident = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-#", min_size=1, max_size=24)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.sampled_from([UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Urumqi")]))
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)
whole = st.integers(min_value=-(2**53), max_value=2**53)
events = st.builds(Event, at=moments, kind=ident, by=text, note=st.none() | text)


def maybe(strategy):
    return st.none() | strategy


BOOKING_FIELDS = dict(
    booking_id=ident, chain_id=ident, store_id=ident, customer_id=ident, status=st.sampled_from(Status),
    start=maybe(moments), end=maybe(moments), service_type=ident, tier=ident, discount=numbers, source=ident,
    customer_name=text, customer_phone=text, plate=text, vehicle_model=text, mileage=whole, labour_hours=numbers,
    description=maybe(text), priority=maybe(ident), advisor=maybe(text), advisor_id=maybe(ident),
    price_estimate=maybe(whole), honorific=maybe(text), parts_status=maybe(ident), acknowledged_at=maybe(moments),
    place_released=st.booleans(), events=st.lists(events, max_size=6).map(tuple), created_at=maybe(moments),
    walk_in_day=maybe(st.dates()),
    # hours alone, or a contact preference with days and rush hours (docs/product-rules.md#contact-preference)
    contact_window=maybe(st.one_of(st.tuples(st.times(), st.times()), st.builds(
        Preference, hours=maybe(st.tuples(st.times(), st.times())), days=st.sampled_from(DAYS),
        avoid=st.lists(st.tuples(st.times(), st.times()), max_size=3).map(tuple)))),
    open_tasks=st.lists(st.tuples(ident, ident), max_size=4).map(tuple), parts_expected=maybe(text),
    parts_estimate_fen=maybe(whole), deposit_fen=maybe(whole), version=st.integers(0, 10**6),
    segment=maybe(ident), segment_name=maybe(text),
    coupon_id=maybe(ident), coupon_fen=maybe(whole),  # docs/product-rules.md#coupons
    payment=maybe(st.builds(  # docs/product-rules.md#deposit-payment
        Deposit, state=st.sampled_from(DepositState), order_no=ident, amount_fen=whole, ordered_at=moments,
        due_by=moments, prepay_id=maybe(ident), transaction_id=maybe(ident), paid_at=maybe(moments),
        paid_fen=whole, refund_no=maybe(ident), refund_fen=whole, refunded_fen=whole)),
    balance=maybe(st.builds(  # docs/product-rules.md#balance-payment
        Deposit, state=st.sampled_from(DepositState), order_no=ident, amount_fen=whole, ordered_at=moments,
        due_by=moments, prepay_id=maybe(ident), transaction_id=maybe(ident), paid_at=maybe(moments),
        paid_fen=whole)),
    extra_work=st.lists(st.builds(  # docs/product-rules.md#extra-work
        ExtraItem, item_id=ident, what=text, why=text, labour_hours=numbers, parts=text, price_fen=whole, minutes=whole,
        proposed_at=moments, proposed_by=ident, status=st.sampled_from(["proposed", "approved", "declined"]),
        decided_at=maybe(moments), decided_by=maybe(ident), said=maybe(text), told_at=maybe(moments)),
        max_size=3).map(tuple),
)
bookings = st.builds(Booking, **BOOKING_FIELDS)


def test_the_strategy_covers_every_field_of_a_booking():
    assert set(BOOKING_FIELDS) == {f.name for f in fields(Booking)}


@settings(max_examples=150)
@given(bookings)
def test_a_booking_comes_back_equal(booking):
    assert codec.decode(codec.encode(booking), Booking) == booking


@settings(max_examples=100)
@given(st.builds(BookingStep, check=ident, booking_id=ident, action=ident, booking=st.none()) | bookings.map(
    lambda b: BookingStep("reminders", b.booking_id, "reminder_1440", b)))
def test_a_booking_step_comes_back_equal_through_its_wire_shape(step):
    body = json.loads(json.dumps(encode_check(step)))  # as SQS carries it
    assert all(isinstance(v, str) for v in body.values())
    assert decode_check(body) == step


@given(st.builds(JobStep, check=ident, fields=st.dictionaries(ident.filter(lambda k: k not in ("v", "check",
                                                                                                  "booking_id")),
                                                                text, max_size=5)))
def test_a_job_step_comes_back_equal(step):
    assert decode_check(json.loads(json.dumps(encode_check(step)))) == step


@given(st.builds(SendStep, dedupe_key=ident, group=ident, attempt=st.integers(0, 10**6)))
def test_a_send_step_comes_back_equal(step):
    assert decode_send(json.loads(json.dumps(encode_send(step)))) == step


@given(st.builds(LapseDue, chain_id=ident, customer_id=ident, name=text, phone=maybe(text), honorific=maybe(text),
                 stage=ident, at=text, last_visit=maybe(text), home_store=maybe(ident), last_plate=maybe(text)))
def test_a_lapse_item_comes_back_equal(due):
    assert codec.decode(codec.encode(due), LapseDue) == due


@given(st.builds(VehicleDue, chain_id=ident, plate=text, customer_id=ident, store_id=maybe(ident), kind=ident, at=text,
                 next_due=maybe(text), purchase_date=maybe(text)))
def test_a_vehicle_item_comes_back_equal(due):
    assert codec.decode(codec.encode(due), VehicleDue) == due


def previous_release_encode(booking: Booking) -> str:
    """The previous release's encoder of a booking in a work item (hand-written), kept to prove its items
    read: it knew neither the walk-in day nor contact hours nor the deposit payment (a booking with any made it
    fail)."""
    raw = asdict(booking)
    for name in ("start", "end", "acknowledged_at", "created_at"):
        raw[name] = raw[name].isoformat() if raw[name] else None
    raw["status"] = booking.status.value
    raw["events"] = [{**asdict(e), "at": e.at.isoformat()} for e in booking.events]
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=100)
@given(bookings.map(lambda b: replace(b, walk_in_day=None, contact_window=None, payment=None, balance=None,
                                      extra_work=())))
def test_an_item_of_the_previous_release_is_read(booking):
    body = {"check": "reminders", "booking_id": booking.booking_id, "action": "reminder_1440",
            "booking": previous_release_encode(booking)}  # no "v": version 1
    assert decode_check(body) == BookingStep("reminders", booking.booking_id, "reminder_1440", booking)


@pytest.mark.parametrize("body", [
    {"check": "reminders", "booking_id": "b1", "action": "x", "booking": "{"},
    {"check": "reminders", "booking_id": "b1", "action": "x", "booking": '{"booking_id": "b1"}'},
    {"check": "reminders", "booking_id": "b1"},
    {"check": 5, "booking_id": "b1", "action": "x"},
    {"v": "3", "check": "reminders", "booking_id": "b1", "action": "x"},
    {"v": "two", "check": "reminders", "booking_id": "b1", "action": "x"},
    {"booking_id": "b1", "action": "x"},
    {"check": "daily_report", "store_id": 7},
])
def test_an_item_that_does_not_read_is_a_bad_work_item(body):
    with pytest.raises(BadWorkItem):
        decode_check(body)


def test_a_copy_of_another_booking_is_refused():
    copy = codec.encode(next_booking())
    with pytest.raises(BadWorkItem, match="the copy is of"):
        decode_check({"check": "reminders", "booking_id": "other", "action": "x", "booking": copy})


@pytest.mark.parametrize("body", [{"dedupe_key": "k", "group": "g", "attempt": "-1"}, {"group": "g"},
                                  {"dedupe_key": 3, "group": "g"}])
def test_a_send_item_that_does_not_read_is_a_bad_work_item(body):
    with pytest.raises(BadWorkItem):
        decode_send(body)


def next_booking() -> Booking:
    return Booking("b1", "c", "s", "cu", Status.PENDING, None, None, "maintenance", "normal", 0.0, "phone", "n", "p",
                   "沪A12345", "m", 1, 1.0)
