"""Concurrency against the moto *server*: many threads, one slot, never an overbooking."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from chalicelib.adapters.dynamo import keys
from chalicelib.adapters.dynamo.models import BookingModel
from chalicelib.domain.errors import SlotFull
from tests.conftest import at
from tests.integration.helpers import customer, request

DAY = "2026-11-24"
RACERS = 60


def _bookings_in(chain: str, day: str, hhmm: str) -> int:
    items = BookingModel.by_store_day.query(keys.store_day(chain, "pudong", date.fromisoformat(day)))
    return sum(1 for b in items if b.slot == hhmm and b.status in ("pending", "confirmed"))


def _summary(svc, chain: str):
    """The store-day's summary (first-available's copy of its counters, moved in the bookings' transactions)."""
    day = date.fromisoformat(DAY)
    return svc.ports.bookings.day_loads(chain, "pudong", day, day)[day]


def test_sixty_customers_race_for_a_slot_of_three(svc, chain):
    people = [customer(svc, chain, f"racer{i}") for i in range(RACERS)]

    def attempt(i: int) -> str:
        try:
            svc.booking.book_online(people[i], request(at(DAY, "10:00"), plate=f"沪A{10000 + i}"), f"key-{i}")
            return "booked"
        except SlotFull as exc:
            return exc.code

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        outcomes = list(pool.map(attempt, range(RACERS)))

    assert outcomes.count("booked") == 3
    assert outcomes.count("slot_full") == RACERS - 3
    load = svc.ports.bookings.day_load(chain, "pudong", date.fromisoformat(DAY))
    assert load.taken["10:00"] == 3 == _bookings_in(chain, DAY, "10:00")
    assert _summary(svc, chain) == load


def test_reschedule_race_into_a_nearly_full_slot(svc, chain):
    # 14:00 has two of its three places taken; 20 customers booked elsewhere all try to move into it
    for i in range(2):
        svc.booking.book_online(customer(svc, chain, f"holder{i}"), request(at(DAY, "14:00"), plate=f"沪B1000{i}"), "k")
    movers = []
    for i in range(20):
        who = customer(svc, chain, f"mover{i}")
        start = at(DAY, f"{9 + i % 4:02d}:{30 * (i // 4 % 2):02d}")
        booking, _ = svc.booking.book_online(who, request(start, plate=f"沪C{20000 + i}"), "k")
        movers.append((who, booking))

    def attempt(pair) -> str:
        who, booking = pair
        try:
            svc.booking.reschedule_own(who, booking.booking_id, at(DAY, "14:00"))
            return "moved"
        except SlotFull:
            return "full"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, movers))

    assert outcomes.count("moved") == 1 and outcomes.count("full") == 19
    load = svc.ports.bookings.day_load(chain, "pudong", date.fromisoformat(DAY))
    assert load.taken["14:00"] == 3 == _bookings_in(chain, DAY, "14:00")
    # every counter equals the bookings that hold a place in its slot
    for slot, count in load.taken.items():
        assert count == _bookings_in(chain, DAY, slot), slot
    assert sum(load.taken.values()) == 22
    assert _summary(svc, chain) == load


def test_concurrent_bookings_into_one_segment_never_exceed_its_quota(svc, chain):
    """The midweek idle segment (13:30-16:00: five slots of three places) takes 4 bookings a day; 30 customers
    race for its slots, some also moving in from elsewhere. Exactly 4 get in, and the segment counter, the
    slot counters and both auditors agree with the bookings."""
    from dataclasses import replace

    from tests.support.audit import drift
    from tests.support.bookings import with_demo_plan

    store = with_demo_plan(svc, chain)
    svc.ports.stores.put(replace(store, plan=(*store.plan[:2], replace(store.plan[2], quota=4))))
    idle_slots = ("13:30", "14:00", "14:30", "15:00", "15:30")
    movers = []
    for i in range(6):
        who = customer(svc, chain, f"seg-mover{i}")
        start = at(DAY, "10:30" if i < 3 else "11:00")
        movers.append((who, svc.booking.book_online(who, request(start, plate=f"沪D{30000 + i}"), "k")[0]))
    bookers = [customer(svc, chain, f"seg-racer{i}") for i in range(24)]

    def attempt(i: int) -> str:
        try:
            if i < len(movers):
                who, booking = movers[i]
                svc.booking.reschedule_own(who, booking.booking_id, at(DAY, idle_slots[i % 5]))
            else:
                n = i - len(movers)
                svc.booking.book_online(bookers[n], request(at(DAY, idle_slots[n % 5]), plate=f"沪E{40000 + n}"), f"s{n}")
            return "in"
        except SlotFull as exc:
            return exc.code

    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(attempt, range(30)))

    assert outcomes.count("in") == 4
    assert set(outcomes) <= {"in", "segment_full", "slot_full"} and "segment_full" in outcomes
    day = date.fromisoformat(DAY)
    load = svc.ports.bookings.day_load(chain, "pudong", day)
    assert load.segments == {"midweek-idle": 4} == {"midweek-idle": sum(_bookings_in(chain, DAY, s) for s in idle_slots)}
    assert _summary(svc, chain) == load
    assert svc.auditor.store_day(chain, "pudong", day).total == 0
    assert not any(drift(chain, "pudong", day).values())
