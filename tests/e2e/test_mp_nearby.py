"""GET /mp/stores?lat=&lng= (or ?city=) and GET /mp/first-available with a location, over HTTP."""
from __future__ import annotations

from dataclasses import replace

from tests.e2e.test_mp_api import get, login

PUDONG = (31.2304, 121.5270)
XUHUI = (31.1950, 121.4370)


def place(svc, chain):
    stores = svc.ports.stores
    stores.put(replace(stores.get(chain, "pudong"), city="上海", district="浦东新区", location=PUDONG))
    stores.put(replace(stores.get(chain, "xuhui"), city="上海", district="徐汇区", location=XUHUI))
    stores.clear_cache()


def test_stores_near_a_location_come_nearest_first_with_city_district_and_location(client, chain, svc):
    place(svc, chain)
    token = login(client, chain, "alice")
    r = get(client, "/mp/stores?lat=31.19&lng=121.43", token)
    assert r.status_code == 200
    listed = r.json_body["stores"]
    assert [s["store_id"] for s in listed] == ["xuhui", "pudong"]
    assert listed[0]["city"] == "上海" and listed[0]["district"] == "徐汇区"
    assert listed[0]["location"] == {"lat": XUHUI[0], "lng": XUHUI[1]}
    assert [s["store_id"] for s in get(client, "/mp/stores?city=杭州", token).json_body["stores"]] == []
    bad = get(client, "/mp/stores?lat=north&lng=121.4", token)
    assert bad.status_code == 400 and bad.json_body["error"]["field"] == "lat"


def test_first_available_near_a_location(client, chain, svc):
    place(svc, chain)
    token = login(client, chain, "alice")
    r = get(client, "/mp/first-available?service_type=maintenance&days=2&limit=3&lat=31.23&lng=121.52", token)
    assert r.status_code == 200 and len(r.json_body["slots"]) == 3
    bad = get(client, "/mp/first-available?lat=31.2", token)
    assert bad.status_code == 400 and bad.json_body["error"]["field"] == "lng"
