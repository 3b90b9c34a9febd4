from __future__ import annotations

from chalicelib.domain import validation
from chalicelib.domain.principal import Principal


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
