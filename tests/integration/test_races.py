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
