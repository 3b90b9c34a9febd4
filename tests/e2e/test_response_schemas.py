"""What the mini-program's routes answer matches the response schemas the document publishes (and the app's
types are generated from): a customer's whole day, every answer validated against GET /openapi.json."""
from __future__ import annotations

import json
from datetime import date

from chalice.test import Client
from jsonschema import Draft202012Validator

from app import app
from chalicelib.api.audience import ROUTES, Audience
from chalicelib.api.responses import RESPONSES
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, staff_login

JSON = {"Content-Type": "application/json"}


def _document():
    with Client(app) as c:
        return c.http.get("/openapi.json").json_body


class Answers:
    """Calls the API and checks each answer against the operation's documented success schema."""

    def __init__(self, client, doc):
        self.client, self.doc, self.checked = client, doc, set()

    def call(self, method, path, route, headers, body=None, status=200):
        r = getattr(self.client, method.lower())(path, headers=headers, **({"body": json.dumps(body)} if body else {}))
        assert r.status_code == status, (path, r.json_body)
        schema = self.doc["paths"][route][method.lower()]["responses"][str(status)]["content"]["application/json"]["schema"]
        errors = sorted(Draft202012Validator({**schema, "components": self.doc["components"]}).iter_errors(r.json_body),
                        key=str)
        assert not errors, (route, [f"{list(e.path)}: {e.message}" for e in errors[:5]])
        self.checked.add((method, route))
        return r.json_body


DEPOSIT_ROUTES = {("POST", "/mp/bookings/{booking_id}/deposit"), ("GET", "/mp/bookings/{booking_id}/deposit"),
                  # the balance's too (tests/e2e/test_balance_payment_api.py checks them)
                  ("POST", "/mp/bookings/{booking_id}/balance"), ("GET", "/mp/bookings/{booking_id}/balance"),
                  ("POST", "/staff/bookings/{booking_id}/balance/refund")}


def test_every_customer_route_declares_what_it_answers():
    customer = {key for key, spec in ROUTES.items() if spec.audience is Audience.CUSTOMER or key[1] == "/mp/login"}
    assert customer - set(RESPONSES) == set()


def test_a_customers_day_answers_as_documented(svc, chain, clock, client):
    api = Answers(client, _document())
    login = api.call("POST", "/mp/login", "/mp/login", JSON, {"chain_id": chain, "code": "amy"})
    me = {**JSON, "Authorization": f"Bearer {login['token']}"}
    api.call("GET", "/mp/stores", "/mp/stores", me)
    api.call("GET", "/mp/stores?lat=31.22&lng=121.54", "/mp/stores", me)
    api.call("GET", "/mp/stores/pudong/slots?date=2026-11-24", "/mp/stores/{store_id}/slots", me)
    api.call("GET", "/mp/first-available?service_type=maintenance", "/mp/first-available", me)
    api.call("POST", "/mp/subscriptions", "/mp/subscriptions", me, {"templates": {"reminder": 1}})
    request = {"store_id": "pudong", "start": "2026-11-24T09:00:00+08:00", "service_type": "maintenance",
               "customer": {"name": "周敏", "phone": "13600001234"},
               "vehicle": {"plate": "沪D24680", "model": "Camry", "mileage": 12000}}
    made = api.call("POST", "/mp/bookings", "/mp/bookings", {**me, "Idempotency-Key": "a1"}, request, status=201)
    api.call("POST", "/mp/bookings", "/mp/bookings", {**me, "Idempotency-Key": "a1"}, request)  # a replay
    one = f"/mp/bookings/{made['booking_id']}"
    api.call("GET", "/mp/bookings", "/mp/bookings", me)
    api.call("GET", one, "/mp/bookings/{booking_id}", me)
    api.call("POST", f"{one}/acknowledge", "/mp/bookings/{booking_id}/acknowledge", me)
    api.call("POST", f"{one}/reschedule", "/mp/bookings/{booking_id}/reschedule", me,
             {"start": "2026-11-24T10:00:00+08:00"})
    api.call("POST", f"{one}/cancel", "/mp/bookings/{booking_id}/cancel", me, {"reason": "改天再来"})
    today = {**request, "start": "2026-11-23T09:00:00+08:00"}
    other = api.call("POST", "/mp/bookings", "/mp/bookings", {**me, "Idempotency-Key": "a2"}, today, status=201)
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    clock.set(at("2026-11-23", "08:55"))
    scene = svc.arrivals.store_code(mgr, "pudong").code  # the store's QR code, scanned at reception
    lobby = svc.arrivals.lobby_code(chain, "pudong")
    api.call("POST", "/mp/checkin", "/mp/checkin", me, {"scene": scene, "lobby_code": lobby})
    svc.staff_ops.act(mgr, other["booking_id"], "start")
    # extra work found during the job, read and agreed in the mini-program (docs/product-rules.md#extra-work)
    from chalicelib.domain.floor.extra_work import extra_input
    svc.extra_work.propose(mgr, other["booking_id"], extra_input({"what": "更换雨刮片", "why": "老化", "price_fen": 12000}))
    extra = f"/mp/bookings/{other['booking_id']}/extra-work"
    api.call("GET", extra, "/mp/bookings/{booking_id}/extra-work", me)
    api.call("POST", f"{extra}/x1", "/mp/bookings/{booking_id}/extra-work/{item_id}", me, {"decision": "approve"})
    svc.staff_ops.act(mgr, other["booking_id"], "complete")
    # the bill (docs/product-rules.md#the-bill): the customer's, the front desk's, and the final amounts set
    bill = f"/staff/bookings/{other['booking_id']}/bill"
    api.call("PUT", f"/mp/bookings/{other['booking_id']}/invoice", "/mp/bookings/{booking_id}/invoice", me,
             {"kind": "personal", "title": "张伟"})
    api.call("GET", f"/mp/bookings/{other['booking_id']}/bill", "/mp/bookings/{booking_id}/bill", me)
    desk = {**JSON, "Authorization": f"Bearer {staff_login(client, chain, 'mgr')}"}
    api.call("GET", bill, "/staff/bookings/{booking_id}/bill", desk)
    api.call("PUT", bill, "/staff/bookings/{booking_id}/bill", {**desk, "Idempotency-Key": "b1"},
             {"labour": "400.00", "parts": 285.5})
    api.call("POST", f"/mp/bookings/{other['booking_id']}/feedback", "/mp/bookings/{booking_id}/feedback", me,
             {"score": 5, "comment": "很好"})
    api.call("GET", "/mp/me/preferences", "/mp/me/preferences", me)
    api.call("PATCH", "/mp/me/preferences", "/mp/me/preferences", me, {"contact_hours": ["09:00", "20:00"]})
    api.call("GET", "/mp/me/consent", "/mp/me/consent", me)
    api.call("PUT", "/mp/me/consent", "/mp/me/consent", me, {"marketing": True})
    api.call("POST", "/mp/phone", "/mp/phone", me, {"code": "phone-13600001234", "plate": "沪D24680"})
    # a campaign's coupon (docs/product-rules.md#coupons), shown and claimed
    from chalicelib.domain.booking.coupons import Coupon
    from chalicelib.domain.followup.campaigns import Campaign
    svc.ports.campaigns.create(Campaign(
        chain, "winter", "冬季检查", "maintenance", ("pudong",), date(2026, 12, 1), date(2026, 12, 31), "seasonal",
        "due_this_month", "scheduled", clock.now(), Coupon("winter", "冬季检查", date(2026, 12, 1), date(2026, 12, 31),
                                                           amount_fen=5000)))
    api.call("GET", "/mp/coupons", "/mp/coupons", me)
    api.call("POST", "/mp/coupons/winter/claim", "/mp/coupons/{coupon_id}/claim", me)
    api.call("GET", "/mp/me/data", "/mp/me/data", me)
    api.call("DELETE", "/mp/me", "/mp/me", me)
    # every documented answer was seen; the deposit's need WeChat Pay (tests/e2e/test_deposit_api.py checks them)
    assert api.checked == set(RESPONSES) - DEPOSIT_ROUTES
