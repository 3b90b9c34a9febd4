"""The invariant auditor's rule (domain/reporting/audit.py) and the login throttle's (domain/people/throttle.py), pure."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from chalicelib.domain.booking.capacity import DayLoad
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.people.throttle import FREE_ATTEMPTS, MAX_DELAY, delay, may_try, throttle_key
from chalicelib.domain.reporting.audit import day_drift, recount
from tests.unit.test_change import NOW, SLOTS, booking

DAY = date(2026, 11, 24)


def test_recount_counts_held_places_and_hours_of_the_day_only():
    held = [booking(booking_id=f"b{n}") for n in range(3)]
    gone = [booking(booking_id="c", status=Status.CANCELLED), booking(booking_id="n", status=Status.NO_SHOW)]
    released = booking(booking_id="r", place_released=True)  # its place went to walk-ins, its hours stay
    elsewhere = booking(booking_id="e", start=SLOTS[2], end=SLOTS[2] + timedelta(minutes=30))
    load = recount([*held, *gone, released, elsewhere], DAY)
    assert load.taken == {"09:00": 3}
    assert load.hours == {"pm": 4.0}


def test_day_drift_names_each_disagreeing_counter_and_overbooked_slot():
    bookings = [booking(booking_id=f"b{n}") for n in range(4)]
    found = day_drift("s", DAY, DayLoad({"09:00": 3, "10:00": 1}, {"pm": 4.0}), bookings, capacity=3)
    assert found.slots == {"09:00": (3.0, 4.0), "10:00": (1.0, 0.0)}
    assert found.hours == {}
    assert found.overbooked == {"09:00": (4, 3)}
    assert found.total == 3 and found.to_json()["drift"] == 3
    assert day_drift("s", DAY, recount(bookings[:3], DAY), bookings[:3], capacity=3).total == 0


def test_the_throttle_is_free_then_one_attempt_per_growing_window():
    assert all(delay(n) == timedelta(0) for n in range(FREE_ATTEMPTS + 1))
    assert [delay(FREE_ATTEMPTS + n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delay(10**6) == MAX_DELAY
    assert may_try(FREE_ATTEMPTS, NOW + timedelta(hours=1), NOW)  # the free ones never wait
    assert not may_try(FREE_ATTEMPTS + 1, NOW + timedelta(seconds=1), NOW)
    assert may_try(FREE_ATTEMPTS + 1, NOW, NOW)
    assert throttle_key("c", "wang", "10.0.0.1") != throttle_key("c", "wang", "10.0.0.2")
    assert throttle_key("c", "wang", None).endswith("#-")


def test_a_place_released_booking_keeps_its_hours():
    b = replace(booking(), place_released=True)
    assert recount([b], DAY) == DayLoad({}, {"pm": 1.0})


def test_segment_counters_are_recounted_from_the_bookings_that_hold_their_place():
    held = [booking(booking_id=f"b{n}", segment="idle") for n in range(3)]
    released = booking(booking_id="r", segment="idle", place_released=True)  # its share of the quota went too
    outside = booking(booking_id="o")
    load = recount([*held, released, outside], DAY)
    assert load.segments == {"idle": 3}
    found = day_drift("s", DAY, DayLoad({"09:00": 4}, {"pm": 5.0}, {"idle": 2}), [*held, released, outside], capacity=4,
                      quotas={"idle": 2})
    assert found.segments == {"idle": (2.0, 3.0)} and found.over_quota == {"idle": (3, 2)}
    assert found.total == 2 and found.to_json()["segments"] == {"idle": [2.0, 3.0]}


# --- deposits (docs/product-rules.md#deposit-payment): what WeChat Pay collected = kept + refunding + refunded ---

def _deposits():
    from chalicelib.domain.booking.payment import Deposit, DepositState
    paid = Deposit(DepositState.PAID, "o1", 61_800, NOW, NOW + timedelta(minutes=30), transaction_id="t1", paid_at=NOW,
                   paid_fen=61_800)
    refunding = replace(paid, state=DepositState.REFUNDING, refund_no="o1-r1", refund_fen=61_800)
    return paid, refunding, replace(refunding, state=DepositState.REFUNDED, refunded_fen=61_800)


def test_a_booking_whose_deposit_books_do_not_hold_is_drift():
    paid, refunding, refunded = _deposits()
    fine = [booking(booking_id="p", payment=paid), booking(booking_id="g", payment=refunding),
            booking(booking_id="r", payment=refunded), booking(booking_id="n")]
    short = booking(booking_id="x", payment=replace(refunded, refunded_fen=30_000))  # confirmed, less than asked
    double = booking(booking_id="y", payment=replace(refunding, refund_fen=70_000))  # more back than collected
    found = day_drift("s", DAY, recount([*fine, short, double], DAY), [*fine, short, double], capacity=10)
    assert set(found.deposits) == {"x", "y"}
    assert found.total == 2 and found.to_json()["deposits"]["x"]
    assert day_drift("s", DAY, recount(fine, DAY), fine, capacity=10).total == 0
