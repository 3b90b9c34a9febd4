"""Test helpers that need only the ports: a signed-in customer, an online booking request, a phone booking.
Shared by the service layer (fakes), the integration tests (DynamoDB) and the HTTP tests."""
from __future__ import annotations

from chalicelib.domain import validation
from chalicelib.domain.people.principal import Principal

# A phone booking as staff take it (the body of POST /staff/stores/{store_id}/bookings).
PHONE_BOOKING = {
    "start": "2026-11-24T10:00:00+08:00",
    "service_type": "repair",
    "source": "phone",
    "customer": {"name": "张伟", "phone": "13800138000", "honorific": "先生"},
    "vehicle": {"plate": "沪A12345", "model": "Mazda 6", "mileage": 52000},
    "description": "刹车异响",
}


def customer(svc, chain_id: str, name: str) -> Principal:
    """A signed-in customer (the same record login creates)."""
    customer_id = svc.ports.customers.sign_in(chain_id, f"openid-{name}", None, svc.clock.now())
    return Principal(customer_id, chain_id, "customer")


def request(start, store_id: str = "pudong", plate: str = "沪A12345", service_type: str = "maintenance", **extra):
    return validation.booking_request({
        "store_id": store_id,
        "start": start.isoformat(),
        "service_type": service_type,
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": plate, "model": "Mazda 6", "mileage": 35000},
        **extra,
    })


def with_demo_plan(svc, chain_id: str, store_id: str = "pudong", **changes):
    """Give a test store the demo stores' plan (a busy Monday morning and Saturday, a recommended midweek
    afternoon at 15 % off labour, with quotas), and any other settings; returns the store."""
    from dataclasses import replace

    from devstack.seed import DEMO_PLAN

    store = replace(svc.ports.stores.get(chain_id, store_id), plan=DEMO_PLAN, **changes)
    svc.ports.stores.put(store)
    return store
