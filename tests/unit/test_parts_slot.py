"""Giving a booking waiting for parts its first slot (docs/product-rules.md#parts-waitlist): staff confirm it
with the advisor's estimate and the customer is told so; a slot given without staff agreeing it keeps the
booking pending and tells the customer nothing yet; the price list quotes only a booking without an estimate."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.domain.booking import decisions
from chalicelib.domain.booking.booking import Booking, Event
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.tiers import SlotTier
from chalicelib.domain.reporting import report
from chalicelib.domain.tenancy.calendar import Slot
from chalicelib.domain.tenancy.plan import Tier
from devstack.seed import demo_store

TZ = ZoneInfo("Asia/Shanghai")
STORE = demo_store("pudong", "浦东店", chain_id="c")
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
SLOT = Slot(datetime(2026, 11, 27, 10, 0, tzinfo=TZ), datetime(2026, 11, 27, 10, 30, tzinfo=TZ))
SEEN = SlotTier(Tier.NORMAL, None, 0.0)


def waiting(**changes: object) -> Booking:
    base = Booking("b1", "c", "pudong", "cust", Status.PENDING, None, None, "repair", "normal", 0.0, "phone", "张伟",
                   "13800138000", "沪A12345", "Mazda 6", 52000, 2.0, price_estimate=380_000, parts_status="arrived",
                   events=(Event(NOW - timedelta(days=3), "booked", "staff:wang"), Event(NOW, "parts_arrived", "staff:wang")))
    return replace(base, **changes)


def test_staff_giving_the_slot_confirm_it_with_the_advisors_estimate():
    change = decisions.move(waiting(), STORE, SLOT, SEEN, NOW, "staff:wang", may_use_reserve=True, confirm=True)
    assert (change.after.status, change.after.price_estimate) == (Status.CONFIRMED, 380_000)
    assert [e.kind for e in change.after.events][-2:] == ["rescheduled", "confirmed"]
    assert [(m.kind, m.context["price_estimate"]) for m in change.messages] == [("booking_confirmed", 380_000)]


def test_a_booking_confirmed_while_waiting_stays_confirmed_without_a_second_event():
    change = decisions.move(waiting(status=Status.CONFIRMED), STORE, SLOT, SEEN, NOW, "staff:wang", may_use_reserve=True,
                            confirm=True)
    assert change.after.status is Status.CONFIRMED and [e.kind for e in change.after.events][-1] == "rescheduled"
    assert [m.kind for m in change.messages] == ["booking_confirmed"]


def test_a_slot_nobody_agreed_leaves_it_pending_and_claims_nothing():
    change = decisions.move(waiting(), STORE, SLOT, SEEN, NOW, "customer:cust", may_use_reserve=False)
    assert change.after.status is Status.PENDING and change.messages == ()


def test_the_price_list_quotes_only_a_booking_without_an_estimate():
    change = decisions.move(waiting(price_estimate=None), STORE, SLOT, SEEN, NOW, "staff:wang", may_use_reserve=True,
                            confirm=True)
    assert change.after.price_estimate == 90_000  # repair: 2.0 h × 200 + 500
    moved_again = decisions.move(change.after, STORE, replace(SLOT, start=SLOT.start + timedelta(hours=1),
                                                              end=SLOT.end + timedelta(hours=1)),
                                 SEEN, NOW, "staff:wang", may_use_reserve=True, confirm=True)
    assert [m.kind for m in moved_again.messages] == ["booking_rescheduled"]


def test_the_confirmation_clock_of_a_parts_booking_starts_when_the_parts_arrive():
    still_waiting = waiting(parts_status="waiting", events=waiting().events[:1])
    assert not report.sla_missed(still_waiting, NOW, STORE)  # booked three days ago; no time could be agreed yet
    slotted = decisions.move(waiting(), STORE, SLOT, SEEN, NOW + timedelta(minutes=30), "staff:wang",
                             may_use_reserve=True, confirm=True).after
    assert not report.sla_missed(slotted, SLOT.start, STORE)
    assert report.sla_missed(waiting(), NOW + timedelta(days=1), STORE)  # the parts came in, nobody agreed a time


def test_each_expected_date_told_at_the_same_moment_is_a_message_of_its_own():
    """Staff who book with one date and correct it within the same second tell the customer both: the second
    message once had the first one's key, and the correction was refused as a write conflict."""
    waiting_parts = waiting(parts_status="waiting", parts_expected="2026-11-28")
    first = decisions.parts_expected(waiting_parts, STORE, NOW, "staff:wang", date(2026, 11, 30))
    assert first is not None
    second = decisions.parts_expected(first.after, STORE, NOW, "staff:wang", date(2026, 11, 28))
    assert second is not None
    keys = [m.dedupe_key for m in (*first.messages, *second.messages)]
    assert len(keys) == 2 and len(set(keys)) == 2
