"""QR check-in through HTTP: the store's code and its poster (from the WeChat stand-in, carrying the scene a
scan gives the page), an arrival proven by the phone's location or the lobby board's code, the booking checked
in with its advisor told at once, and a customer without a booking queued as a walk-in with an estimated wait."""
from __future__ import annotations

import base64
import json
import re
from dataclasses import replace

from chalicelib.adapters.dynamo.models import BookingModel, OutboxModel
from chalicelib.adapters.dynamo.staff import StaffRepository
from chalicelib.adapters.people.passwords import hash_password
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.chain import Chain
from devstack.wechat_codes import png_text
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, call, staff_login

PUDONG = (31.2304, 121.5270)
FAR = (31.1950, 121.4370)  # 徐家汇, about 9 km away
WALK_IN = {"service_type": "inspection", "customer": {"name": "刘洋", "phone": "13500135000"},
           "vehicle": {"plate": "沪E11223", "model": "Lavida", "mileage": 60000}}


def _at(point: tuple[float, float]) -> dict:
    return {"lat": point[0], "lng": point[1]}


def _setup(client, svc, chain, clock):
    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, location=PUDONG))
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    StaffRepository().create(StaffMember(chain, "wang", "王顾问", Role.ADVISOR, frozenset({"pudong"}),
                                         hash_password("wang-pass", iterations=1000), phone="13911112222"))
    customer = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "amy"}).json_body["token"]
    booking = {"store_id": "pudong", "start": "2026-11-23T11:00:00+08:00", "service_type": "maintenance",
               "customer": {"name": "周敏", "phone": "13600001234"},
               "vehicle": {"plate": "沪D24680", "model": "Camry", "mileage": 12000}}
    made = client.post("/mp/bookings", body=json.dumps(booking),
                       headers={"Content-Type": "application/json", "Authorization": f"Bearer {customer}",
                                "Idempotency-Key": "ci-1"})
    assert made.status_code == 201, made.json_body
    return staff_login(client, chain, "mgr"), customer, made.json_body


def test_a_scanned_store_code_checks_a_booked_customer_in_and_tells_the_advisor(client, svc, chain, clock, wechat):
    mgr, customer, booking = _setup(client, svc, chain, clock)
    assert booking["advisor_id"] == "wang"
    code = call(client, "GET", "/staff/stores/pudong/checkin-code", mgr).json_body
    assert re.fullmatch(r"[0-9a-z]{10}", code["scene"]) and code["page"] == "pages/checkin/index"
    assert call(client, "GET", "/staff/stores/pudong/checkin-code", mgr).json_body["scene"] == code["scene"]  # once
    poster = call(client, "GET", "/staff/stores/pudong/checkin-poster", mgr).json_body
    scanned = png_text(base64.b64decode(poster["image"]))  # what WeChat hands the page when the code is scanned
    assert scanned == {"scene": code["scene"], "page": "pages/checkin/index"}

    clock.set(at("2026-11-23", "10:45"))
    far = call(client, "POST", "/mp/checkin", customer, {"scene": scanned["scene"], "location": _at(FAR)})
    assert far.status_code == 403 and far.json_body["error"]["code"] == "not_at_store"  # a photo of the poster
    here = call(client, "POST", "/mp/checkin", customer,
                {"scene": scanned["scene"], "location": _at(PUDONG)})
    assert here.status_code == 200, here.json_body
    assert (here.json_body["status"], here.json_body["proof"]) == ("arrived", "location")
    assert here.json_body["booking"]["booking_id"] == booking["booking_id"]
    assert BookingModel.get(booking["booking_id"]).status == "arrived"
    notice = OutboxModel.get(f"{chain}#{booking['booking_id']}#staff_customer_arrived#wang")
    assert notice.kind == "staff_customer_arrived" and notice.customer_id == "staff:wang"
    assert notice.context.as_dict()["phone"] == "13911112222" and "周敏" in notice.context.as_dict()["title"]
    assert notice.status != "pending"  # tried at once, not left for the retry run
    again = call(client, "POST", "/mp/checkin", customer, {"scene": scanned["scene"],
                                                           "location": _at(PUDONG)})
    assert again.status_code == 200 and again.json_body["status"] == "arrived"  # twice changes nothing
    board = client.get("/staff/stores/pudong/board", headers={"Authorization": f"Bearer {mgr}"})
    assert "arrived" in board.body.decode() and "周" in board.body.decode()  # the board shows the arrival


def test_the_lobby_boards_code_proves_presence_and_a_customer_without_a_booking_joins_the_queue(client, svc, chain,
                                                                                              clock, wechat):
    mgr, _, _ = _setup(client, svc, chain, clock)
    scene = call(client, "GET", "/staff/stores/pudong/checkin-code", mgr).json_body["scene"]
    clock.set(at("2026-11-23", "09:10"))
    board = client.get("/staff/stores/pudong/board", headers={"Authorization": f"Bearer {mgr}"}).body.decode()
    lobby = re.search(r'id="checkin-code">[^<]*?(\d{4})<', board).group(1)
    other = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "ben"}).json_body["token"]
    wrong = "0000" if lobby != "0000" else "1111"
    refused = call(client, "POST", "/mp/checkin", other, {"scene": scene, "lobby_code": wrong})
    assert refused.status_code == 403 and refused.json_body["error"]["field"] == "lobby_code"
    nothing = call(client, "POST", "/mp/checkin", other, {"scene": scene, "lobby_code": lobby})
    assert nothing.status_code == 409 and nothing.json_body["error"]["code"] == "no_booking_today"
    queued = call(client, "POST", "/mp/checkin", other, {"scene": scene, "lobby_code": lobby, "walk_in": WALK_IN})
    assert queued.status_code == 200, queued.json_body
    body = queued.json_body
    assert (body["status"], body["proof"], body["ahead"]) == ("queued", "lobby_code", 0)
    assert isinstance(body["wait_minutes"], int) and body["booking"]["start"] is None
    waiting = call(client, "GET", "/staff/stores/pudong/walk-ins", mgr).json_body["walk_ins"]
    assert [w["booking_id"] for w in waiting] == [body["booking"]["booking_id"]]
    clock.set(at("2026-11-23", "09:21"))  # two periods on: the code it read no longer counts
    stale = call(client, "POST", "/mp/checkin", other, {"scene": scene, "lobby_code": lobby, "walk_in": WALK_IN})
    assert stale.status_code == 403


def test_a_code_of_another_chain_names_no_store(client, svc, chain, clock, wechat):
    mgr, _, _ = _setup(client, svc, chain, clock)
    scene = call(client, "GET", "/staff/stores/pudong/checkin-code", mgr).json_body["scene"]
    svc.ports.stores.put_chain(Chain(f"{chain}x", "别家集团", mp_appid="wxother", mp_secret_ref="/appt/test/mp-secret"))
    outsider = call(client, "POST", "/mp/login", body={"chain_id": f"{chain}x", "code": "amy"}).json_body["token"]
    r = call(client, "POST", "/mp/checkin", outsider, {"scene": scene, "lobby_code": "0000"})
    assert r.status_code == 404 and r.json_body["error"]["field"] == "scene"  # another chain's store: not found
    unknown = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "cat"}).json_body["token"]
    r = call(client, "POST", "/mp/checkin", unknown, {"scene": "zzzzzzzzzz", "lobby_code": "0000"})
    assert r.status_code == 404 and r.json_body["error"]["field"] == "scene"
