"""First-available stays within 10 DynamoDB requests whatever `days` is and however full the nearest stores are
(the pre-holiday peak): each store's days come from its day summaries, one Query per store."""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import at
from tests.integration.helpers import customer, request

BUDGET = 10


def _stores(svc, chain: str, count: int) -> list[str]:
    """`count` stores open every day, one hour of maintenance a day: a single booking fills a store-day. The
    chain's own two stores close, so the nearest stores are these."""
    from dataclasses import replace

    from devstack.seed import demo_store

    for own in svc.ports.stores.of_chain(chain):
        svc.ports.stores.put(replace(own, hours={}))
    ids = [f"s{i:02d}" for i in range(count)]
    for i, store_id in enumerate(ids):
        svc.ports.stores.put(demo_store(store_id, f"上海{i}店", chain_id=chain, city="上海",
                                        location=(31.0 + i / 100, 121.4), capacity_per_slot=3, walk_in_reserve=0.0,
                                        labour_hours={"pm": 1.0}))
    svc.ports.stores.clear_cache()
    return ids


def _fill(svc, chain: str, store_ids: list[str], days: int) -> None:
    """Book each store-day's one hour of maintenance, as customers do."""
    first = svc.clock.now().date()
    for store_id in store_ids:
        for offset in range(days):
            day = (first + timedelta(days=offset)).isoformat()
            who = customer(svc, chain, f"{store_id}-{offset}")
            svc.booking.book_online(who, request(at(day, "10:00"), store_id=store_id, plate=f"沪A{offset:02d}{store_id}"),
                                    f"k-{store_id}-{offset}")


def _first_available(svc, chain: str, calls, days: int):
    from chalicelib.services.booking.availability import Near

    svc.ports.stores.of_chain(chain)  # the chain's store list, cached per container
    calls.clear()
    found = svc.availability.first_available(chain, "maintenance", days=days, limit=10, near=Near(at=(31.0, 121.4)))
    return found, calls.dynamodb()


def test_first_available_over_seven_days_of_ten_full_stores_is_at_most_ten_requests(svc, chain, calls):
    _fill(svc, chain, _stores(svc, chain, 10), 7)
    found, requests = _first_available(svc, chain, calls, days=7)
    assert found == []  # every store-day is full for maintenance
    assert requests == ["Query"] * BUDGET  # one per store (before: one per store-day, 70)


def test_first_available_over_the_whole_horizon_of_full_stores_is_at_most_ten_requests(svc, chain, calls):
    _fill(svc, chain, _stores(svc, chain, 10), 31)
    found, requests = _first_available(svc, chain, calls, days=31)
    assert found == []
    assert requests == ["Query"] * BUDGET  # one per store (before: one per store-day, 310)


def test_a_full_horizon_but_the_last_day_finds_that_day(svc, chain, calls):
    store_ids = _stores(svc, chain, 3)
    _fill(svc, chain, store_ids, 30)  # the 31st day (offset 30, the horizon's last) stays free
    found, requests = _first_available(svc, chain, calls, days=31)
    last = svc.clock.now().date() + timedelta(days=30)
    assert found and {v.start.date() for _, v in found} == {last}
    assert requests == ["Query"] * 3


def test_a_cancellation_frees_its_day_for_first_available(svc, chain, calls):
    store_ids = _stores(svc, chain, 1)
    _fill(svc, chain, store_ids, 3)
    who = customer(svc, chain, "s00-1")
    booking = svc.booking.list_own(who)[0]
    svc.booking.cancel_own(who, booking.booking_id)
    found, _ = _first_available(svc, chain, calls, days=3)
    assert {v.start.date() for _, v in found} == {booking.start.date()}


def test_without_a_location_the_customers_city_lookup_is_one_of_the_ten_requests(svc, chain, calls):
    """The city comes from the customer's last booking (one Query): nine stores of that city are looked at."""
    _fill(svc, chain, _stores(svc, chain, 10), 7)
    who = customer(svc, chain, "s00-0")  # booked at s00, in 上海
    svc.ports.stores.of_chain(chain)
    calls.clear()
    found = svc.availability.first_available(chain, "maintenance", days=7, limit=10, customer_id=who.subject)
    assert found == [] and calls.dynamodb() == ["Query"] * BUDGET
