"""Deterministic costs: DynamoDB requests per operation, counted at botocore."""
from datetime import date

from tests.conftest import at
from tests.integration.helpers import customer, request
from tests.support.bookings import with_demo_plan


def test_creating_a_booking_costs_five_requests_with_cold_caches_and_no_advisor_on_duty(svc, chain, calls):
    alice = customer(svc, chain, "alice")
    calls.clear()
    svc.ports.stores.clear_cache()
    svc.booking.book_online(alice, request(at("2026-11-24", "09:00")), "k1")
    # store, the loaded holiday schedules (the platform's and the chain's), slot counter, the chain's staff roster
    # (nobody on duty: nothing more to read), the customer (contact hours), the event types the chain's webhook
    # endpoints want (once per instance and minute, decision 0035), the write
    assert calls.dynamodb() == ["GetItem", "Query", "Query", "GetItem", "Query", "GetItem", "Query",
                                "TransactWriteItems"]


def test_with_warm_caches_a_booking_is_the_counter_the_advisor_choice_the_customer_and_the_write(svc, chain, calls):
    from chalicelib.domain.people.staff import Role
    from tests.e2e.test_staff_api import add_staff

    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    alice = customer(svc, chain, "alice")
    svc.booking.book_online(customer(svc, chain, "bob"), request(at("2026-11-24", "10:00"), plate="沪A22222"), "k0")
    calls.clear()
    first, _ = svc.booking.book_online(alice, request(at("2026-11-24", "09:30")), "k2")
    # counter, alice's latest bookings (none), the store-day's bookings (the load), alice, the write
    assert calls.dynamodb() == ["GetItem", "Query", "Query", "GetItem", "TransactWriteItems"]
    assert first.advisor_id == "wang"
    calls.clear()
    svc.booking.book_online(alice, request(at("2026-11-25", "09:30")), "k3")
    # her previous advisor is on duty: the day's load is not read
    assert calls.dynamodb() == ["GetItem", "Query", "GetItem", "TransactWriteItems"]


def test_a_booking_in_a_plan_segment_reads_its_slot_and_segment_counters_in_one_request(svc, chain, calls):
    with_demo_plan(svc, chain)
    alice = customer(svc, chain, "alice")
    svc.ports.stores.get(chain, "pudong")
    calls.clear()
    booking, _ = svc.booking.book_online(alice, request(at("2026-11-24", "14:00")), "k3")
    # the slot's and the segment's counters in one request, the staff roster (nobody on duty), the customer,
    # the webhook endpoints' wanted event types (cold: once per instance and minute), the write
    assert calls.dynamodb() == ["BatchGetItem", "Query", "GetItem", "Query", "TransactWriteItems"]
    assert (booking.segment, booking.price_estimate) == ("midweek-idle", 65_600)


def test_a_store_days_availability_is_one_query(svc, chain, calls):
    with_demo_plan(svc, chain)
    for i, hhmm in enumerate(("09:00", "09:00", "10:00")):
        svc.booking.book_online(customer(svc, chain, f"p{i}"), request(at("2026-11-24", hhmm), plate=f"沪A1234{i}"), "k")
    svc.ports.stores.get(chain, "pudong")
    calls.clear()
    day = svc.availability.day(chain, "pudong", date(2026, 11, 24), "maintenance")
    assert calls.dynamodb() == ["Query"]
    by_start = {s.start.strftime("%H:%M"): s for s in day.slots}
    assert (by_start["09:00"].available, by_start["09:00"].tier) == (1, "busy")
    assert (by_start["10:00"].available, by_start["10:00"].tier) == (2, "normal")
    assert (by_start["11:00"].available, by_start["11:00"].tier, by_start["11:00"].discount) == (3, "normal", 0.0)
    idle = by_start["14:00"]
    assert (idle.available, idle.tier, idle.discount, idle.segment, idle.price_estimate) == (
        3, "recommended", 0.15, "周中午后闲时", 65_600)


def test_first_available_is_one_query_per_store(svc, chain, calls):
    svc.ports.stores.of_chain(chain)
    calls.clear()
    found = svc.availability.first_available(chain, "maintenance", days=7, limit=40)
    # today from 09:00 has 17 slots per store: 34 < 40, so a second day is needed; each store's seven days are
    # one Query of its day summaries
    assert len(found) == 40
    assert calls.dynamodb() == ["Query"] * 2


def test_a_closed_day_costs_nothing(svc, chain, calls):
    from dataclasses import replace

    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, closed_dates=frozenset({date(2026, 11, 24)})))
    svc.ports.stores.get(chain, "pudong")
    calls.clear()
    day = svc.availability.day(chain, "pudong", date(2026, 11, 24))
    assert day.closed == "closed_date" and day.slots == []
    assert calls.dynamodb() == []


def test_no_scan_anywhere_in_the_deployed_code():
    import pathlib
    import re

    offenders = [
        f"{path}:{n}"
        for path in pathlib.Path("chalicelib").rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.scan\(|\bScan\b", line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_first_available_in_a_fifty_store_chain_queries_at_most_the_ten_nearest(svc, chain, calls):
    from chalicelib.services.booking.availability import NEAREST, Near
    from devstack.seed import demo_store

    for i in range(50):
        svc.ports.stores.put(demo_store(f"s{i:02d}", f"上海{i}店", chain_id=chain, city="上海",
                                        location=(31.0 + i / 100, 121.4), capacity_per_slot=3, walk_in_reserve=0.0,
                                        labour_hours={}))
    svc.ports.stores.clear_cache()
    svc.ports.stores.of_chain(chain)  # the chain's store list, cached per container
    calls.clear()
    found = svc.availability.first_available(chain, "maintenance", days=1, limit=500, near=Near(at=(31.0, 121.4)))
    assert calls.dynamodb() == ["Query"] * NEAREST  # one per store-day, ten stores of fifty-two
    assert len({st.store_id for st, _ in found}) == NEAREST


def test_a_chain_report_is_one_query_per_store_day_and_one_per_store_for_first_services(svc, chain, calls):
    from chalicelib.domain.people.staff import Role, StaffAccess

    boss = StaffAccess("boss", chain, Role.CHAIN_ADMIN, frozenset())
    svc.ports.stores.of_chain(chain)
    calls.clear()
    found = svc.reports.chain_report(boss, date(2026, 11, 20), date(2026, 11, 26))
    assert len(found["stores"]) == 2
    # no Scan, nothing per booking; the complaint summary (docs/product-rules.md#complaint-summary): per store
    # its open tasks and the tasks closed each day from the range's first to today (the 23rd)
    assert sorted(calls.dynamodb()) == ["Query"] * (2 * 7 + 2 + 2 * (1 + 4))


def test_a_customers_bookings_are_one_query_and_one_batch_read_however_many(svc, chain, calls):
    alice = customer(svc, chain, "alice")
    for i, hhmm in enumerate(("09:00", "10:00", "11:00")):
        svc.booking.book_online(alice, request(at(f"2026-11-2{4 + i}", hhmm), plate=f"沪A5555{i}"), f"k{i}")
    calls.clear()
    mine = svc.booking.list_own(alice)
    # the customer index holds keys (and store and advisor) only: the bookings themselves in one request
    assert calls.dynamodb() == ["Query", "BatchGetItem"]
    assert [b.start.strftime("%d %H:%M") for b in mine] == ["26 11:00", "25 10:00", "24 09:00"]
    assert all(b.customer_name and b.plate for b in mine)  # whole bookings, not the index's copy
