"""Bounded first-available: the stores near the customer (a location, a city, or their last store's city),
at most ten of them, however large the chain; stores sorted by distance."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.tenancy.store import distance_km
from chalicelib.domain.tenancy.store_config import store_from_json
from chalicelib.services.booking.availability import NEAREST, Near
from devstack.seed import demo_store
from tests.conftest import at
from tests.support.bookings import customer, request

PUDONG = (31.2304, 121.5270)  # 世纪大道
XUHUI = (31.1950, 121.4370)  # 徐家汇
HANGZHOU = (30.2741, 120.1551)


@pytest.fixture
def placed(svc, chain):
    stores = svc.ports.stores
    stores.put(replace(stores.get(chain, "pudong"), city="上海", district="浦东新区", location=PUDONG))
    stores.put(replace(stores.get(chain, "xuhui"), city="上海", district="徐汇区", location=XUHUI))
    stores.put(demo_store("xihu", "杭州西湖店", chain_id=chain, city="杭州", district="西湖区", location=HANGZHOU,
                          capacity_per_slot=3, walk_in_reserve=0.0, labour_hours={}))
    return chain


def test_distances_are_great_circle_kilometres():
    assert 8 < distance_km(PUDONG, XUHUI) < 10
    assert 160 < distance_km(PUDONG, HANGZHOU) < 175


def test_stores_sort_by_distance_or_filter_by_city(svc, placed):
    near_xuhui = svc.availability.stores_near(placed, Near(at=(31.19, 121.43)))
    assert [s.store_id for s in near_xuhui] == ["xuhui", "pudong", "xihu"]
    assert [s.store_id for s in svc.availability.stores_near(placed, Near(city="杭州"))] == ["xihu"]


def test_first_available_looks_only_near_the_customer(svc, placed, clock):
    found = svc.availability.first_available(placed, "maintenance", days=2, limit=50, near=Near(at=HANGZHOU))
    assert {st.store_id for st, _ in found} <= {"xihu", "pudong", "xuhui"}
    found = svc.availability.first_available(placed, "maintenance", days=2, limit=50, near=Near(city="杭州"))
    assert {st.store_id for st, _ in found} == {"xihu"}


def test_without_a_location_the_customers_last_store_city_is_used(svc, placed, clock):
    who = customer(svc, placed, "alice")
    svc.booking.book_online(who, request(at("2026-11-24", "10:00"), store_id="xihu", plate="浙A12345"), "k")
    found = svc.availability.first_available(placed, "maintenance", days=2, limit=50, customer_id=who.subject)
    assert {st.store_id for st, _ in found} == {"xihu"}


def test_at_most_ten_stores_are_looked_at_in_a_fifty_store_chain(svc, placed):
    for i in range(50):
        svc.ports.stores.put(demo_store(f"s{i:02d}", f"上海{i}店", chain_id=placed, city="上海",
                                        location=(31.0 + i / 100, 121.4), capacity_per_slot=3, walk_in_reserve=0.0,
                                        labour_hours={}))
    found = svc.availability.first_available(placed, "maintenance", days=1, limit=1000, near=Near(at=(31.0, 121.4)))
    assert len({st.store_id for st, _ in found}) == NEAREST
    assert {st.store_id for st, _ in found} == {f"s{i:02d}" for i in range(NEAREST)}


def test_a_stores_location_is_configured_as_lat_lng():
    store = store_from_json("c", "s", {"name": "店", "city": "上海", "district": "浦东新区",
                                       "location": {"lat": 31.23, "lng": 121.527}})
    assert (store.city, store.district, store.location) == ("上海", "浦东新区", (31.23, 121.527))
    with pytest.raises(ValidationError) as bad:
        store_from_json("c", "s", {"name": "店", "location": {"lat": 95, "lng": 121}})
    assert bad.value.field == "location.lat"
