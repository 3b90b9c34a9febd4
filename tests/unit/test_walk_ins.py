"""Walk-ins as pure decisions: a walk-in takes a place only when one is free, otherwise waits holding nothing;
seating re-checks the place; the queue's estimates follow the free places of the day and the service hours."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking import tiers
from chalicelib.domain.booking.capacity import DayLoad
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict, SlotFull
from chalicelib.domain.floor import walk_ins
from chalicelib.domain.tenancy.calendar import current_slot
from chalicelib.domain.tenancy.store import WEEKDAYS, OpeningHours, Store

TZ = ZoneInfo("Asia/Shanghai")
STORE = Store("c", "s", "店", hours={d: OpeningHours(time(8, 30), time(17, 30)) for d in WEEKDAYS},
              capacity_per_slot=4, walk_in_reserve=0.25, labour_hours={"gr": 32.0})
NOW = datetime(2026, 11, 24, 10, 5, tzinfo=TZ)
DAY = date(2026, 11, 24)
REQ = staff_requests.staff_booking_request({
    "source": "walk_in", "service_type": "repair", "customer": {"name": "张伟", "phone": "13800138000"},
    "vehicle": {"plate": "沪A12345", "model": "Mazda 6", "mileage": 52000}})


def seen(taken: int) -> tiers.SlotTier:
    return tiers.slot_tier(STORE, DAY, current_slot(STORE, NOW).start.time(), taken)


def queued(booking_id: str = "w1", at: datetime = NOW, hours: float | None = None):
    change = walk_ins.queued(REQ, STORE, at, "staff:wang", booking_id, ("wang", "王顾问"))
    return replace(change.after, labour_hours=hours) if hours else change.after


def test_a_free_place_seats_the_walk_in_in_the_slot_under_way_using_the_reserve():
    slot = current_slot(STORE, NOW)
    assert walk_ins.has_place(STORE, 3)  # three online places taken: the reserve's place is for walk-ins
    change = walk_ins.seated(REQ, STORE, slot, seen(3), NOW, "staff:wang", "w1", ("wang", "王顾问"))
    assert change.after.status is Status.ARRIVED and change.after.start == slot.start
    place = [m for m in change.counters if m.counter == "10:00"]
    assert place[0].delta == 1 and place[0].limit == 4  # the unit of work refuses a fifth


def test_a_full_slot_queues_the_walk_in_holding_no_place_and_no_hours():
    assert not walk_ins.has_place(STORE, 4)
    change = walk_ins.queued(REQ, STORE, NOW, "staff:wang", "w1", ("wang", "王顾问"))
    b = change.after
    assert (b.status, b.start, b.walk_in_day, b.source) == (Status.PENDING, None, DAY, "walk_in")
    assert change.counters == () and change.agenda is None
    assert [e.kind for e in b.events] == ["booked", "queued"] and walk_ins.is_queued(b)
    assert b.advisor_id == "wang"


def test_seating_takes_the_place_and_checks_the_walk_in_in():
    slot = current_slot(STORE, NOW)
    change = walk_ins.seat(queued(), STORE, slot, 2, seen(2), NOW, "staff:li")
    b = change.after
    assert (b.status, b.start, b.tier) == (Status.ARRIVED, slot.start, "normal")
    # seated, checked in, and the hand-back time promised (docs/product-rules.md#promised-time)
    assert [e.kind for e in b.events][-3:] == ["seated", "arrived", "promised"] and not walk_ins.is_queued(b)
    assert {m.counter: m.delta for m in change.counters} == {"10:00": 1, "DAY#gr": b.labour_hours}


def test_seating_is_refused_while_the_slot_is_full_and_for_what_is_not_queued():
    slot = current_slot(STORE, NOW)
    with pytest.raises(SlotFull):
        walk_ins.seat(queued(), STORE, slot, 4, seen(4), NOW, "staff:li")
    seated = walk_ins.seat(queued(), STORE, slot, 0, seen(0), NOW, "staff:li").after
    with pytest.raises(Conflict) as refused:
        walk_ins.seat(seated, STORE, slot, 0, seen(0), NOW, "staff:li")
    assert refused.value.code == "not_queued"
    gone = replace(queued(), status=Status.CANCELLED)
    assert not walk_ins.is_queued(gone)


def test_estimates_give_each_waiting_walk_in_the_next_free_place_in_queue_order():
    # 10:00 and 10:30 full, 11:00 has one place, 11:30 two
    load = DayLoad({"10:00": 4, "10:30": 4, "11:00": 3, "11:30": 2}, {})
    queue = [queued("a", hours=1.0), queued("b", NOW + timedelta(minutes=1), 2.0), queued("c", NOW + timedelta(minutes=2))]
    waits = walk_ins.estimate(STORE, DAY, queue, load, NOW)
    assert [w.position for w in waits] == [1, 2, 3]
    assert [w.seat_at.strftime("%H:%M") for w in waits] == ["11:00", "11:30", "11:30"]
    assert waits[0].done_at == waits[0].seat_at + timedelta(hours=1)
    assert waits[1].done_at == waits[1].seat_at + timedelta(hours=2)
    assert waits[0].to_json(NOW)["estimated_wait_minutes"] == 55


def test_a_free_place_in_the_slot_under_way_means_no_wait_and_none_left_today_means_unknown():
    free_now = walk_ins.estimate(STORE, DAY, [queued()], DayLoad({"10:00": 2}, {}), NOW)
    assert free_now[0].seat_at == NOW and free_now[0].to_json(NOW)["estimated_wait_minutes"] == 0
    late = datetime(2026, 11, 24, 17, 10, tzinfo=TZ)
    none_left = walk_ins.estimate(STORE, DAY, [queued(at=late)], DayLoad({"17:00": 4}, {}), late)
    assert none_left[0].seat_at is None and none_left[0].to_json(late)["estimated_wait_minutes"] is None


def test_priority_walk_ins_head_the_queue():
    plain = queued("a")
    urgent = replace(queued("b", NOW + timedelta(minutes=5)), priority="rework")
    assert sorted([plain, urgent], key=walk_ins.queue_order) == [urgent, plain]
