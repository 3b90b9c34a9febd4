"""The authorization matrix, derived from the routes' declared audiences (chalicelib/api/audience.py).

Every non-public route is called as each caller who must not reach it; each answer is 401, 403 or 404 with
the error body and nothing else. A new route is covered by being declared; a route Chalice serves without a
declaration fails `test_every_route_declares_its_audience`.
"""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from app import app
from chalicelib.adapters.people.auth import TokenService
from chalicelib.api.audience import ROUTES, Audience, RouteSpec
from chalicelib.api.examples import EXAMPLES
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import PLATFORM_CHAIN, Role
from tests.conftest import JWT_SECRET
from tests.e2e.test_floor_api import add_operator
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff, book, call, pair_board, staff_login

STAFF_AUDIENCES = (Audience.STAFF, Audience.CHAIN_ADMIN, Audience.BOARD, Audience.OPERATOR)
BODY = {**PHONE_BOOKING, "reason": "x", "score": 5, "templates": {"reminder": 1}, "note": "x"}
GUARDED = [spec for spec in ROUTES.values() if spec.audience is not Audience.PUBLIC]



def test_every_route_declares_its_audience():
    served = {(method, path) for path, methods in app.routes.items() for method in methods}
    assert served - set(ROUTES) == set(), "routes without a declared audience"
    assert {spec.audience for spec in ROUTES.values()} >= {Audience.PUBLIC, Audience.CUSTOMER, Audience.STAFF}


def _callers(spec: RouteSpec) -> list[str]:
    """The callers this route must turn away, given its audience and the resources its path names."""
    callers = ["anonymous", "forged", "expired"] + (["board_screen"] if spec.audience is not Audience.BOARD else [])
    owns = "{booking_id}" in spec.path or "{store_id}" in spec.path
    if spec.audience is Audience.CUSTOMER:
        callers += ["staff_on_customer_route"] + (["other_customer"] if "{booking_id}" in spec.path else [])
    elif spec.audience in STAFF_AUDIENCES:
        callers += ["customer_on_staff_route", "disabled_staff", "deleted_staff"]
        callers += ["other_store_staff", "other_chain_staff"] if owns and spec.audience is not Audience.CHAIN_ADMIN else []
        if spec.audience in (Audience.CHAIN_ADMIN, Audience.OPERATOR) or (spec.roles and "advisor" not in spec.roles):
            callers += ["advisor_on_admin_route"]
        if spec.audience is not Audience.BOARD:  # the workshop and parts desks reach only routes naming them
            callers += [f"{desk}_desk" for desk in ("workshop", "parts") if desk not in spec.roles]
        if spec.audience is Audience.OPERATOR:
            callers += ["advisor_on_admin_route", "chain_admin_on_operator_route"]  # no chain's staff
        elif spec.audience is Audience.CHAIN_ADMIN or (owns and spec.audience is not Audience.BOARD):
            callers += ["operator_on_chain_route"]  # a platform operator reaches no chain's stores or settings
    else:  # local, and WeChat's push (its signature, never a token): no staff or customer token opens it
        callers += ["customer_on_staff_route", "advisor_on_admin_route"]
    return callers


CELLS = [(spec, caller) for spec in GUARDED for caller in _callers(spec)]


@pytest.fixture
def world(client, chain, svc):
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    for username, role, stores in (("wang", Role.ADVISOR, {"pudong"}), ("li", Role.ADVISOR, {"xuhui"}),
                                   ("boss", Role.CHAIN_ADMIN, set()), ("gone", Role.CHAIN_ADMIN, set()),
                                   ("off", Role.CHAIN_ADMIN, set()), ("chen", Role.WORKSHOP, {"pudong"}),
                                   ("zhou", Role.PARTS, {"pudong"})):
        add_staff(chain, username, role, stores)
    svc.ports.stores.put_chain(Chain("rival", "对手集团", mp_appid="wxrival", mp_secret_ref="/appt/test/mp-secret"))
    svc.ports.stores.put(demo_store("rpudong", "对手浦东", chain_id="rival"))  # ids are per chain; theirs differ
    add_staff("rival", "boss", Role.CHAIN_ADMIN, set())
    wang = staff_login(client, chain, "wang")
    booking_id = book(client, wang)["booking_id"]
    alice = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "alice"}).json_body["token"]
    mallory = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "mallory"}).json_body["token"]
    forger = TokenService("not-our-secret-0123456789abcdefghijk", timedelta(hours=1))
    ours = TokenService(JWT_SECRET, timedelta(hours=24))
    admin = Principal("boss", chain, Role.CHAIN_ADMIN.value, ())
    link = call(client, "POST", "/staff/stores/pudong/board-token", staff_login(client, chain, "boss")).json_body["url"]
    board = pair_board(client, link)  # the screen's session
    add_operator(svc)
    gone, off = staff_login(client, chain, "gone"), staff_login(client, chain, "off")
    boss = staff_login(client, chain, "boss")
    assert call(client, "DELETE", "/admin/staff/gone", boss).status_code == 204
    assert call(client, "PATCH", "/admin/staff/off", boss, {"disabled": True}).status_code == 200
    tokens = {
        "disabled_staff": off,  # a chain admin's token, so only the account's state stands in the way
        "deleted_staff": gone,
        "anonymous": None,
        "forged": forger.issue(admin, svc.clock.now()),
        "expired": ours.issue(admin, svc.clock.now() - timedelta(days=2)),
        "board_screen": board,
        "staff_on_customer_route": wang,
        "other_customer": mallory,
        "customer_on_staff_route": alice,
        "other_store_staff": staff_login(client, chain, "li"),
        "other_chain_staff": staff_login(client, "rival", "boss"),
        "advisor_on_admin_route": wang,
        "workshop_desk": staff_login(client, chain, "chen"),  # of the booking's own store
        "parts_desk": staff_login(client, chain, "zhou"),
        "chain_admin_on_operator_route": boss,
        "operator_on_chain_route": staff_login(client, PLATFORM_CHAIN, "operator", "operator-pass"),
    }
    # alice's own booking, so "other customer" is mallory reaching for it
    alice_booking = client.post("/mp/bookings", headers={"Content-Type": "application/json", "Idempotency-Key": "k1",
                                                          "Authorization": f"Bearer {alice}"}, body=json.dumps({
        "store_id": "pudong", "start": "2026-11-24T11:00:00+08:00", "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}}))
    assert alice_booking.status_code == 201, alice_booking.body
    return {"tokens": tokens, "staff_booking": booking_id, "customer_booking": alice_booking.json_body["booking_id"],
            "chain": chain}


def _path(spec: RouteSpec, world: dict) -> str:
    booking = world["customer_booking"] if spec.audience is Audience.CUSTOMER else world["staff_booking"]
    values = {"store_id": "pudong", "booking_id": booking, "action": "confirm", "task_id": "t1", "name": "reminders",
              "item_id": "x1",
              "username": "wang", "chain_id": world["chain"], "year": "2027",
              "campaign_id": "winter-check", "coupon_id": "winter-check", "kind": "maintenance_due",
              "endpoint_id": "we_0", "event_id": "ev_0", "import_id": "im_0", "customer_id": "c_0"}

    path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], spec.path)
    params = "?date=2026-11-24&from=2026-11-24&to=2026-11-24&service_type=maintenance&days=3"
    return path + (params if spec.method == "GET" else "")


def _body(spec: RouteSpec) -> dict | None:
    """The route's documented example (a body it does not take is refused before any resource is looked at)."""
    if spec.method == "GET":
        return None
    if spec.raw_body:
        return BODY
    return EXAMPLES[spec.body] if spec.body else None


def test_every_guarded_route_turns_away_every_caller_it_is_not_for(client, world):
    checked = 0
    for spec, caller in CELLS:
        token = world["tokens"][caller]
        r = call(client, spec.method, _path(spec, world), token, _body(spec))
        where = f"{spec.method} {spec.path} as {caller}: {r.status_code} {r.body[:200]!r}"
        assert r.status_code in (401, 403, 404), where
        assert set(json.loads(r.body)) == {"error"}, where
        checked += 1
    assert checked == len(CELLS) > 100
    print(f"authorization matrix: {checked} cells over {len(GUARDED)} routes")
