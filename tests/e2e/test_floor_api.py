"""The store floor through HTTP on the embedded DynamoDB: a walk-in into a full slot (queued, then seated when
a place frees, the counters audited after every step), the queue with estimated waits, the advisor a booking
gets and staff changing it, the platform operator creating a chain, and the onboarding command line against the
configured tables."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from chalicelib import onboarding as onboarding_cli
from chalicelib.adapters.dynamo.staff import StaffRepository
from chalicelib.adapters.people.passwords import hash_password
from chalicelib.domain.people.staff import PLATFORM_CHAIN, Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.chain import Chain
from tests.conftest import at
from tests.e2e.test_staff_api import PHONE_BOOKING, act, book, call, staff_login
from tests.support.audit import drift

DAY = date(2026, 11, 23)
WALK_IN = {key: value for key, value in PHONE_BOOKING.items() if key not in ("start", "source")}


def clean(chain: str) -> None:
    found = drift(chain, "pudong", DAY)
    assert found and not any(found.values()), found  # every counter agrees, no slot over capacity


def plate(n: int) -> dict:
    return {**PHONE_BOOKING["vehicle"], "plate": f"沪B1000{n}"}


def test_a_walk_in_into_a_full_slot(client, people, clock):
    """Accepted into the queue holding no place (the counters stay right), seated when a place frees, counted as
    a walk-in in the day's report."""
    mgr = staff_login(client, people, "mgr")
    clock.set(at("2026-11-23", "09:50"))
    booked = [book(client, mgr, start="2026-11-23T10:00:00+08:00", vehicle=plate(i)) for i in range(3)]
    clock.set(at("2026-11-23", "10:05"))
    r = call(client, "POST", "/staff/stores/pudong/walk-ins", mgr, {**WALK_IN, "vehicle": plate(7)})
    assert r.status_code == 201, r.json_body
    walk_in = r.json_body
    assert (walk_in["seated"], walk_in["status"], walk_in["start"], walk_in["source"]) == (False, "pending", None, "walk_in")
    assert walk_in["walk_in_day"] == "2026-11-23"
    clean(people)
    queue = call(client, "GET", "/staff/stores/pudong/walk-ins", mgr).json_body
    assert [(w["booking_id"], w["position"], w["estimated_wait_minutes"]) for w in queue["walk_ins"]] == [
        (walk_in["booking_id"], 1, 25)]  # the 10:30 slot has places
    r = call(client, "POST", "/staff/stores/pudong/walk-ins/seat", mgr)
    assert r.status_code == 409 and r.json_body["error"]["code"] == "slot_full"
    assert act(client, mgr, booked[0]["booking_id"], "no-show").status_code == 200  # a place frees
    r = call(client, "POST", f"/staff/bookings/{walk_in['booking_id']}/seat", mgr)
    assert r.status_code == 200, r.json_body
    assert (r.json_body["status"], r.json_body["start"]) == ("arrived", "2026-11-23T10:00:00+08:00")
    clean(people)
    assert call(client, "GET", "/staff/stores/pudong/walk-ins", mgr).json_body["walk_ins"] == []
    report = call(client, "GET", "/staff/stores/pudong/report?from=2026-11-23", mgr).json_body
    assert report["totals"]["walk_ins"] == 1


def test_walk_in_input_is_checked_field_by_field(client, people, clock):
    mgr = staff_login(client, people, "mgr")
    clock.set(at("2026-11-23", "10:05"))
    r = call(client, "POST", "/staff/stores/pudong/walk-ins", mgr, {**WALK_IN, "vehicle": {"plate": "X"}})
    assert r.status_code == 400 and r.json_body["error"]["field"].startswith("vehicle")
    r = call(client, "POST", "/staff/stores/pudong/walk-ins", mgr, {**WALK_IN, "advisor": "li"})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "advisor"
    assert call(client, "GET", "/staff/stores/pudong/walk-ins?date=2026-13-01", mgr).status_code == 400


def test_bookings_carry_their_advisor_and_staff_change_it(client, people):
    mgr = staff_login(client, people, "mgr")
    booking = book(client, mgr)
    assert (booking["advisor_id"], booking["advisor"]) == ("wang", "wang顾问")  # pudong's only advisor on duty
    plan = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-24", mgr).json_body["bookings"]
    assert plan[0]["advisor_id"] == "wang"
    r = call(client, "POST", f"/staff/bookings/{booking['booking_id']}/advisor", mgr, {"username": "mgr"})
    assert r.status_code == 200 and r.json_body["advisor_id"] == "mgr"
    assert r.json_body["events"][-1]["kind"] == "advisor_changed"
    r = call(client, "POST", f"/staff/bookings/{booking['booking_id']}/advisor", mgr, {"username": "li"})
    assert r.status_code == 400 and r.json_body["error"]["code"] == "unknown_advisor"
    r = call(client, "POST", f"/staff/bookings/{booking['booking_id']}/advisor", mgr, {})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "username"
    alice = call(client, "POST", "/mp/login", body={"chain_id": people, "code": "alice"}).json_body["token"]
    mine = client.post("/mp/bookings", headers={"Content-Type": "application/json", "Idempotency-Key": "k1",
                                                "Authorization": f"Bearer {alice}"}, body=json.dumps({
        "store_id": "pudong", "start": "2026-11-24T11:00:00+08:00", "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}}))
    assert mine.status_code == 201 and mine.json_body["advisor"] == "wang顾问"


def test_a_chain_admin_sets_an_advisors_days_off_and_bookings_that_day_pass_them_over(client, people):
    boss, mgr, wang = (staff_login(client, people, u) for u in ("boss", "mgr", "wang"))
    r = call(client, "PATCH", "/admin/staff/wang", boss, {"days_off": ["tue", "2026-12-25"]})
    assert r.status_code == 200 and r.json_body["days_off"] == ["2026-12-25", "tue"]
    assert call(client, "GET", "/staff/stores/pudong/bookings", wang).status_code == 200  # the session stays
    assert book(client, mgr)["advisor_id"] is None  # 2026-11-24 is a Tuesday: pudong has no advisor on duty
    assert book(client, mgr, start="2026-11-25T10:00:00+08:00")["advisor_id"] == "wang"
    r = call(client, "PATCH", "/admin/staff/wang", boss, {"days_off": ["someday"]})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "days_off"


def add_operator(svc) -> None:
    svc.ports.stores.put_chain(Chain(PLATFORM_CHAIN, "平台运营", mp_appid="-", mp_secret_ref="/appt/test/mp-secret"))
    StaffRepository().create(StaffMember(PLATFORM_CHAIN, "operator", "平台运营", Role.OPERATOR, frozenset(),
                                         hash_password("operator-pass", iterations=1000)))


def test_the_platform_operator_creates_a_chain_whose_admin_then_signs_in(client, people, svc):
    add_operator(svc)
    operator = staff_login(client, PLATFORM_CHAIN, "operator", "operator-pass")
    body = {"chain_id": "east-auto", "name": "东方汽车", "mp_appid": "wxeast", "mp_secret": "0123456789abcdef" * 2,
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    r = call(client, "POST", "/operator/chains", operator, body)
    assert r.status_code == 201 and r.json_body["admin"] == {"username": "chief", "display_name": "总管",
                                                             "role": "chain_admin"}
    chief = staff_login(client, "east-auto", "chief", "chief-pass")
    assert call(client, "GET", "/admin/staff", chief).json_body["staff"][0]["username"] == "chief"
    r = call(client, "POST", "/operator/chains", operator, body)
    assert r.status_code == 409 and r.json_body["error"]["code"] == "chain_exists"
    r = call(client, "POST", "/operator/chains", operator, {**body, "chain_id": "Bad Id"})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "chain_id"
    r = call(client, "POST", "/operator/chains", operator, {**body, "chain_id": "west", "admin": None})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "admin"
    assert call(client, "POST", "/operator/chains", chief, {**body, "chain_id": "west"}).status_code == 403
    # no chain's stores: the front desk's routes are for its roles (the operator is turned away before any store)
    assert call(client, "GET", "/staff/stores/pudong/bookings", operator).status_code == 403


def test_the_onboarding_command_line_runs_against_the_configured_tables(svc, tmp_path, monkeypatch):
    demo = json.loads((Path(__file__).parents[2] / "devstack" / "onboarding" / "demo.json").read_text(encoding="utf-8"))
    demo["staff"] = demo["staff"][:1]
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("DEMO_MANAGER_PASSWORD", "manager-pass")
    out = io.StringIO()
    assert onboarding_cli.main([str(path), "--dry-run"], out) == 0
    assert "would create chain demo" in out.getvalue()
    assert svc.ports.stores.of_chain("demo") == []
    assert onboarding_cli.main([str(path)], out) == 0
    assert [s.capacity_per_slot for s in svc.ports.stores.of_chain("demo")] == [4, 4]
    again = io.StringIO()
    assert onboarding_cli.main([str(path)], again) == 0 and again.getvalue().splitlines()[-1] == "no changes"
    path.write_text("{not json", encoding="utf-8")
    assert onboarding_cli.main([str(path)], io.StringIO()) == 2
