"""PIPL and coupons (docs/product-rules.md#coupons, #erasure): a customer's coupon claims are theirs, so the export
lists them (each coupon with how often it was used) and erasure deletes them with the customer; the campaign and
its coupon stay, and nothing left names the customer."""
from __future__ import annotations

import json

from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.e2e.test_erasure import ERIN, _book, _everything, _login
from tests.service.helpers import add_staff
from tests.service.test_coupons import WINTER


def _offer_winter(svc, chain, clock) -> None:
    admin = add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())
    clock.set(at("2026-11-20", "10:00"))
    svc.campaigns.define(admin, WINTER)
    svc.campaigns.schedule(admin, "winter-check", at("2026-12-01", "10:00"))
    clock.set(at("2026-12-02", "09:00"))


def test_coupon_claims_are_exported_and_erased_with_the_customer(svc, chain, clock, client, tables):
    _offer_winter(svc, chain, clock)
    erin = _login(client, chain, "erin")
    assert client.post("/mp/coupons/winter-check/claim", headers=erin).status_code == 200
    r = client.post("/mp/bookings", headers={**erin, "Idempotency-Key": "e1"}, body=json.dumps({
        "store_id": "pudong", "start": "2026-12-10T10:00:00+08:00", "service_type": "maintenance",
        "coupon_id": "winter-check", "customer": {"name": ERIN["name"], "phone": ERIN["phone"]},
        "vehicle": {"plate": ERIN["plate"], "model": "Mazda 6", "mileage": 35000}}))
    assert r.status_code == 201, r.json_body

    data = client.get("/mp/me/data", headers=erin).json_body
    assert data["coupon_claims"] == [{"coupon_id": "winter-check", "used": 1}]
    customer_id = data["customer"]["customer_id"]
    assert f"{customer_id}#winter-check" in _everything(tables)

    erased = client.delete("/mp/me", headers=erin).json_body["erased"]
    assert erased["coupon_claims"] == 1
    assert customer_id not in _everything(tables)
    assert svc.ports.campaigns.coupon(chain, "winter-check").coupon_id == "winter-check"  # the coupon itself stays


def test_a_customer_without_claims_exports_none_and_erasure_runs_again(svc, chain, clock, client):
    _offer_winter(svc, chain, clock)
    erin = _login(client, chain, "erin")
    _book(client, erin, "2026-12-10T10:00:00+08:00", ERIN, "e1")
    assert client.get("/mp/me/data", headers=erin).json_body["coupon_claims"] == []
    assert client.delete("/mp/me", headers=erin).json_body["erased"]["coupon_claims"] == 0
    assert client.delete("/mp/me", headers=erin).json_body["erased"]["coupon_claims"] == 0
