"""The staff workspace through HTTP: roles and isolation, phone/walk-in/priority bookings, the lifecycle,
the parts waitlist, admin onboarding (call tasks: test_task_api.py)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from chalicelib.adapters.dynamo.models import CustomerModel, SlotCounterModel, VehicleModel
from chalicelib.adapters.dynamo.staff import StaffRepository
from chalicelib.adapters.people.passwords import hash_password
from chalicelib.domain.booking.lifecycle import TRANSITIONS, Status
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from tests.conftest import at
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"
STAFF = {
    "boss": (Role.CHAIN_ADMIN, set()),
    "mgr": (Role.STORE_MANAGER, {"pudong"}),
    "wang": (Role.ADVISOR, {"pudong"}),
    "li": (Role.ADVISOR, {"xuhui"}),
}


def add_staff(chain_id: str, username: str, role: Role, stores: set[str], password: str | None = None) -> None:
    StaffRepository().create(StaffMember(
        chain_id, username, f"{username}顾问", role, frozenset(stores),
        hash_password(password or f"{username}-pass", iterations=1000),
    ))


def call(client, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    kwargs = {"headers": headers}
    if body is not None or method == "POST":
        kwargs["body"] = json.dumps(body) if body is not None else ""
    return getattr(client, method.lower())(path, **kwargs)


def staff_login(client, chain, username, password=None):
    body = {"chain_id": chain, "username": username, "password": password or f"{username}-pass"}
    r = call(client, "POST", "/staff/login", body=body)
    assert r.status_code == 200, r.json_body
    return r.json_body["token"]


def pair_board(client, url):
    """Pair a lobby screen as its page does: the code of the link's #fragment, posted in a body. The session."""
    path, code = url.split("#", 1)
    r = call(client, "POST", path, body={"link": code})
    assert r.status_code == 200, r.json_body
    return r.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]


def book(client, token, store="pudong", **overrides):
    r = call(client, "POST", f"/staff/stores/{store}/bookings", token, {**PHONE_BOOKING, **overrides})
    assert r.status_code == 201, r.json_body
    return r.json_body


def act(client, token, booking_id, action, body=None):
    return call(client, "POST", f"/staff/bookings/{booking_id}/{action}", token, body)


def test_login_answers_role_and_stores(client, people):
    r = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "wang", "password": "wang-pass"})
    assert r.json_body["role"] == "advisor" and r.json_body["stores"] == ["pudong"]


def test_failed_logins_slow_down_the_source_without_locking_the_account(client, people, clock):
    """Five free attempts per account and source, then one per growing window (429), never a hard lock."""
    wrong = {"chain_id": people, "username": "wang", "password": "nope"}
    for _ in range(5):
        r = call(client, "POST", "/staff/login", body=wrong)
        assert r.status_code == 401 and r.json_body["error"]["code"] == "bad_credentials"
    r = call(client, "POST", "/staff/login", body=wrong)  # the 6th claims the first window
    assert r.status_code == 401, r.json_body
    r = call(client, "POST", "/staff/login", body=wrong)
    assert r.status_code == 429 and r.json_body["error"]["code"] == "too_many_attempts"
    assert r.json_body["error"]["retry_after"] >= 1
    clock.advance(minutes=16)
    assert staff_login(client, people, "wang")
    for _ in range(5):  # a success starts the count again
        assert call(client, "POST", "/staff/login", body=wrong).status_code == 401


def test_unknown_user_is_the_same_refusal_as_a_wrong_password(client, people):
    r = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "ghost", "password": "x"})
    assert r.status_code == 401 and r.json_body["error"]["code"] == "bad_credentials"


def test_phone_booking_through_to_completion(client, people, svc, clock):
    token = staff_login(client, people, "wang")
    booking = book(client, token)
    assert booking["status"] == "pending" and booking["source"] == "phone"
    bid = booking["booking_id"]
    r = act(client, token, bid, "confirm", {"advisor": "wang", "estimate": {"labour_hours": 2.5, "price": 680}})
    assert r.status_code == 200 and r.json_body["status"] == "confirmed"
    assert (r.json_body["advisor"], r.json_body["labour_hours"], r.json_body["price_estimate"]) == ("wang顾问", 2.5, "680.00")
    r = act(client, token, bid, "check-in").json_body["error"]  # a day early: only on the booking's day
    assert (r["code"], r["field"]) == ("not_booking_day", "start")
    clock.set(at(DAY, "09:50"))
    token = staff_login(client, people, "wang")  # a new day, a new sign-in
    for action, status in (("check-in", "arrived"), ("start", "in_service"), ("complete", "completed")):
        r = act(client, token, bid, action, {"mileage": 52100} if action == "complete" else None)
        assert r.status_code == 200, r.json_body
        assert r.json_body["status"] == status
    stored = svc.ports.bookings.get(bid)
    # check-in records the promised hand-back time (docs/product-rules.md#promised-time)
    assert [e.kind for e in stored.events] == ["booked", "confirmed", "arrived", "promised", "in_service", "completed"]
    assert all(e.by == "staff:wang" for e in stored.events)
    customer = CustomerModel.get(people, stored.customer_id)
    assert customer.last_visit == DAY and customer.name == "张伟"
    vehicle = VehicleModel.get(people, "沪A12345")
    assert (vehicle.mileage, vehicle.last_service_mileage, vehicle.last_service_date) == (52100, 52100, DAY)


STATES_BY_PATH = {
    Status.PENDING: [],
    Status.CONFIRMED: ["confirm"],
    Status.ARRIVED: ["check-in"],
    Status.IN_SERVICE: ["check-in", "start"],
    Status.COMPLETED: ["check-in", "start", "complete"],
    Status.CANCELLED: ["cancel"],
    Status.NO_SHOW: ["no-show"],
}
URL_ACTION = {"confirm": "confirm", "check_in": "check-in", "start": "start", "complete": "complete",
              "cancel": "cancel", "no_show": "no-show"}


@pytest.mark.parametrize("state", list(STATES_BY_PATH), ids=[s.value for s in STATES_BY_PATH])
def test_every_illegal_transition_is_409_with_the_current_state(client, people, state, clock):
    clock.set(at(DAY, "09:50"))  # the booking's day: check-in is allowed
    token = staff_login(client, people, "mgr")
    bid = book(client, token)["booking_id"]
    for action in STATES_BY_PATH[state]:
        assert act(client, token, bid, action).status_code == 200
    illegal = [a for a, (sources, _) in TRANSITIONS.items() if state not in sources]
    assert illegal
    for action in illegal:
        r = act(client, token, bid, URL_ACTION[action])
        assert r.status_code == 409, (state, action)
        assert r.json_body["error"]["code"] == "illegal_transition"
        assert r.json_body["error"]["current_status"] == state.value


def test_unknown_action_is_404(client, people):
    token = staff_login(client, people, "mgr")
    bid = book(client, token)["booking_id"]
    r = act(client, token, bid, "teleport")
    assert r.status_code == 404 and r.json_body["error"]["field"] == "action"


def test_advisor_of_one_store_cannot_reach_another(client, people):
    wang, li = staff_login(client, people, "wang"), staff_login(client, people, "li")
    bid = book(client, wang)["booking_id"]
    assert act(client, li, bid, "confirm").status_code == 404
    assert call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", li).status_code == 404
    assert call(client, "GET", "/staff/stores/pudong/tasks", li).status_code == 404
    r = call(client, "POST", "/staff/stores/pudong/bookings", li, PHONE_BOOKING)
    assert r.status_code == 404 and r.json_body["error"]["field"] == "store_id"
    assert [s["store_id"] for s in call(client, "GET", "/staff/stores", li).json_body["stores"]] == ["xuhui"]


def test_chain_admin_reaches_every_store(client, people):
    boss = staff_login(client, people, "boss")
    assert book(client, boss, store="xuhui")["store_id"] == "xuhui"
    assert {s["store_id"] for s in call(client, "GET", "/staff/stores", boss).json_body["stores"]} == {"pudong", "xuhui"}


def test_another_chains_staff_see_nothing(client, people, svc):
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    svc.ports.stores.put_chain(Chain("rival", "对手集团", mp_appid="wxrival", mp_secret_ref="/appt/test/mp-secret"))
    svc.ports.stores.put(demo_store("pudong", "对手浦东", chain_id="rival"))
    add_staff("rival", "boss", Role.CHAIN_ADMIN, set())
    ours = staff_login(client, people, "wang")
    theirs = staff_login(client, "rival", "boss")
    bid = book(client, ours)["booking_id"]
    assert act(client, theirs, bid, "confirm").status_code == 404
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", theirs).json_body
    assert plan["bookings"] == []  # their own pudong store, which is empty


def test_customer_tokens_are_refused_on_staff_routes(client, people):
    customer = call(client, "POST", "/mp/login", body={"chain_id": people, "code": "alice"}).json_body["token"]
    for method, path in (("GET", f"/staff/stores/pudong/bookings?date={DAY}"), ("GET", "/staff/stores/pudong/tasks"),
                         ("POST", "/staff/stores/pudong/bookings"), ("GET", "/staff/stores/pudong/board")):
        r = call(client, method, path, customer, PHONE_BOOKING if method == "POST" else None)
        assert r.status_code in (401, 403), path
    staff = staff_login(client, people, "wang")
    assert call(client, "GET", "/mp/bookings", staff).status_code == 403


def test_priority_bookings_may_use_the_walk_in_reserve(client, people, svc):
    from dataclasses import replace

    store = svc.ports.stores.get(people, "pudong")
    svc.ports.stores.put(replace(store, capacity_per_slot=4, walk_in_reserve=0.25))
    token = staff_login(client, people, "mgr")
    for i in range(3):
        book(client, token, vehicle={**PHONE_BOOKING["vehicle"], "plate": f"沪B1000{i}"})
    r = call(client, "POST", "/staff/stores/pudong/bookings", token,
             {**PHONE_BOOKING, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪C10000"}})
    assert r.status_code == 409 and r.json_body["error"]["code"] == "slot_full"
    recall = book(client, token, priority="recall", vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪C10000"})
    assert recall["priority"] == "recall"
    r = call(client, "POST", "/staff/stores/pudong/bookings", token,
             {**PHONE_BOOKING, "priority": "vip", "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪C10001"}})
    assert r.status_code == 409
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", token).json_body["bookings"]
    assert plan[0]["priority"] == "recall"  # priority first within the slot
    assert svc.ports.bookings.day_load(people, "pudong", date(2026, 11, 24)).taken == {"10:00": 4}


def test_walk_in_takes_the_current_slot_and_is_arrived(client, people, clock, svc):
    clock.set(at("2026-11-23", "10:12"))
    token = staff_login(client, people, "wang")
    walk_in = book(client, token, source="walk_in", start=None)
    assert walk_in["status"] == "arrived" and walk_in["start"] == "2026-11-23T10:00:00+08:00"
    assert [e["kind"] for e in walk_in["events"]] == ["booked", "arrived", "promised"]  # #promised-time
    clock.set(at("2026-11-23", "20:00"))
    r = call(client, "POST", "/staff/stores/pudong/bookings", token, {**PHONE_BOOKING, "source": "walk_in"})
    assert r.status_code == 400 and r.json_body["error"]["code"] == "store_closed"


def test_a_phone_booking_with_a_price_is_confirmed_on_the_call(client, people):
    token = staff_login(client, people, "wang")
    b = book(client, token, estimate={"labour_hours": 1.5, "price": 399}, advisor="wang")
    assert b["status"] == "confirmed" and b["price_estimate"] == b["price"] == "399.00" and b["advisor"] == "wang顾问"


def test_staff_may_book_inside_the_lead_time_but_not_the_past(client, people, clock):
    token = staff_login(client, people, "wang")
    assert book(client, token, start="2026-11-23T08:30:00+08:00")["status"] == "pending"  # 30 min from now
    clock.set(at("2026-11-23", "12:00"))
    r = call(client, "POST", "/staff/stores/pudong/bookings", token, {**PHONE_BOOKING, "start": "2026-11-23T09:00:00+08:00"})
    assert r.status_code == 400 and r.json_body["error"]["code"] == "in_the_past"


@pytest.mark.parametrize("patch, field", [
    ({"source": "fax"}, "source"), ({"priority": "friend"}, "priority"), ({"advisor": "li"}, "advisor"),
    ({"estimate": {"price": -1}}, "estimate.price"), ({"customer": {"name": "张"}}, "customer.phone"),
    ({"start": None}, "start"), ({"vehicle": {"plate": "沪A1", "model": "x", "mileage": 1}}, "vehicle.plate"),
])
def test_staff_booking_refusals_name_the_field(client, people, svc, patch, field):
    token = staff_login(client, people, "wang")
    body = {**PHONE_BOOKING, **patch}
    if body.get("start") is None:
        body.pop("start")
    r = call(client, "POST", "/staff/stores/pudong/bookings", token, body)
    assert r.status_code == 400 and r.json_body["error"]["field"] == field
    assert svc.ports.bookings.day_load(people, "pudong", date(2026, 11, 24)).taken == {}


def test_day_plan_flags_pending_bookings_past_the_confirmation_sla(client, people, clock):
    token = staff_login(client, people, "wang")
    late = book(client, token)["booking_id"]
    confirmed = book(client, token, vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪B22222"})["booking_id"]
    act(client, token, confirmed, "confirm")
    clock.advance(hours=2, minutes=1)  # booked at 08:00, before opening: the 2 store-hours end at 10:30
    assert call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", token).json_body["pending_past_sla"] == []
    clock.advance(minutes=30)
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", token).json_body
    assert plan["pending_past_sla"] == [late]
    flags = {b["booking_id"]: b["sla_overdue"] for b in plan["bookings"]}
    assert flags == {late: True, confirmed: False}


def test_parts_waitlist_holds_no_slot_until_the_parts_arrive(client, people, svc):
    token = staff_login(client, people, "wang")
    waiting = book(client, token, waiting_for_parts=True, start=None, service_type="repair")
    assert waiting["start"] is None and waiting["parts_status"] == "waiting"
    assert SlotCounterModel.count(f"{people}#pudong#2026-11-24") == 0
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", token).json_body
    assert [b["booking_id"] for b in plan["waiting_for_parts"]] == [waiting["booking_id"]]
    r = act(client, token, waiting["booking_id"], "check-in")
    assert r.status_code == 409 and r.json_body["error"]["code"] == "no_slot_yet"
    r = call(client, "POST", f"/staff/bookings/{waiting['booking_id']}/reschedule", token, {"start": f"{DAY}T11:00:00+08:00"})
    assert r.status_code == 409 and r.json_body["error"]["code"] == "parts_not_arrived"

    arrived = act(client, token, waiting["booking_id"], "parts-arrived")
    assert arrived.status_code == 200
    assert arrived.json_body["parts_status"] == "arrived" and arrived.json_body["priority"] == "parts"
    assert arrived.json_body["offered_slots"] and arrived.json_body["offered_slots"][0]["start"] == "2026-11-23T09:00:00+08:00"
    assert CustomerModel.get(people, svc.ports.bookings.get(waiting["booking_id"]).customer_id).rebook_priority is True

    r = call(client, "POST", f"/staff/bookings/{waiting['booking_id']}/reschedule", token, {"start": f"{DAY}T11:00:00+08:00"})
    assert r.status_code == 200, r.json_body
    assert r.json_body["start"] == f"{DAY}T11:00:00+08:00" and r.json_body["parts_status"] == "scheduled"
    assert svc.ports.bookings.day_load(people, "pudong", date(2026, 11, 24)).taken == {"11:00": 1}
    assert call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", token).json_body["waiting_for_parts"] == []
    again = act(client, token, waiting["booking_id"], "parts-arrived")
    assert again.status_code == 409 and again.json_body["error"]["code"] == "parts_not_waiting"


def test_no_show_gives_the_customer_rebooking_priority_and_frees_the_place(client, people, svc):
    token = staff_login(client, people, "wang")
    b = book(client, token)
    assert act(client, token, b["booking_id"], "no-show").json_body["status"] == "no_show"
    assert CustomerModel.get(people, svc.ports.bookings.get(b["booking_id"]).customer_id).rebook_priority is True
    assert svc.ports.bookings.day_load(people, "pudong", date(2026, 11, 24)).taken == {"10:00": 0}


def test_chain_admin_onboards_a_store_and_its_staff(client, people):
    boss = staff_login(client, people, "boss")
    store = {"name": "上海闵行店", "timezone": "Asia/Shanghai", "hours": {"mon": ["09:00", "18:00"], "sat": ["09:00", "12:00"]},
             "capacity_per_slot": 2, "slot_minutes": 60, "labour_hours": {"pm": 8}}
    r = call(client, "PUT", "/admin/stores/minhang", boss, store)
    assert r.status_code == 200, r.json_body
    r = call(client, "POST", "/admin/staff", boss, {"username": "zhao", "password": "zhao-pass-1", "display_name": "赵顾问",
                                                    "role": "advisor", "store_ids": ["minhang"]})
    assert r.status_code == 201
    zhao = staff_login(client, people, "zhao", "zhao-pass-1")
    b = book(client, zhao, store="minhang", start="2026-11-30T10:00:00+08:00")  # a Monday, 60-minute slots
    assert b["end"] == "2026-11-30T11:00:00+08:00"
    r = call(client, "POST", "/staff/stores/minhang/bookings", zhao, {**PHONE_BOOKING, "start": "2026-11-24T10:00:00+08:00"})
    assert r.status_code == 400 and r.json_body["error"]["code"] == "store_closed"  # closed on Tuesdays


@pytest.mark.parametrize("body, field", [
    ({"name": "店", "timezone": "Mars/Base"}, "timezone"), ({"name": "店", "hours": {"mon": ["18:00", "09:00"]}}, "hours.mon"),
    ({"name": "店", "slot_minutes": 7}, "slot_minutes"), ({"name": "店", "walk_in_reserve": 2}, "walk_in_reserve"),
    ({}, "name"), ({"name": "店", "labour_hours": {"paint": 3}}, "labour_hours.paint"),
])
def test_store_settings_refusals(client, people, body, field):
    boss = staff_login(client, people, "boss")
    r = call(client, "PUT", "/admin/stores/newstore", boss, body)
    assert r.status_code == 400 and r.json_body["error"]["field"] == field


def test_only_chain_admins_onboard(client, people):
    mgr = staff_login(client, people, "mgr")
    r = call(client, "PUT", "/admin/stores/pudong", mgr, {"name": "x"})
    assert r.status_code == 403 and r.json_body["error"]["code"] == "role_not_allowed"
    member = {"username": "x1", "password": "12345678", "display_name": "x", "role": "advisor", "store_ids": ["pudong"]}
    r = call(client, "POST", "/admin/staff", mgr, member)
    assert r.status_code == 403
