"""What staff type to book for a customer (phone, walk-in, proactive) and to act on a booking, each refusal
naming the field it is about; the checks of single values are validation.py's."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import money
from .errors import ValidationError
from .service_types import PRIORITY_REASONS
from .validation import (
    CustomerInput,
    VehicleInput,
    customer_details,
    instant,
    mileage,
    number,
    require,
    section,
    service_type,
    text,
    vehicle_details,
)

STAFF_SOURCES = ("phone", "walk_in", "proactive")


@dataclass(frozen=True)
class Estimate:
    labour_hours: float | None = None
    price: int | None = None  # fen; sent in yuan (docs/product-rules.md#money)


@dataclass(frozen=True)
class StaffBookingRequest:
    service_type: str
    customer: CustomerInput
    vehicle: VehicleInput
    source: str
    start: datetime | None = None  # None: a walk-in (now) or a booking waiting for parts
    description: str | None = None
    priority: str | None = None
    advisor: str | None = None
    estimate: Estimate = Estimate()
    waiting_for_parts: bool = False
    coupon_id: str | None = None  # a coupon the customer claimed (docs/product-rules.md#coupons)



def estimate(body: Mapping[str, Any]) -> Estimate:
    raw = body.get("estimate")
    if raw is None:
        return Estimate()
    if not isinstance(raw, dict):
        raise ValidationError("estimate must be an object with labour_hours and/or price", field="estimate")
    hours = raw.get("labour_hours")
    price = raw.get("price")
    return Estimate(
        labour_hours=number(hours, "estimate.labour_hours", low=0.25, high=24) if hours is not None else None,
        price=money.fen_from_yuan(price, "estimate.price") if price is not None else None,
    )


def staff_booking_request(body: Any) -> StaffBookingRequest:
    """A phone, walk-in or proactive booking taken by staff; priority reasons may use the walk-in reserve."""
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", field=None, code="invalid_body")
    source = body.get("source", "phone")
    if not isinstance(source, str) or source not in STAFF_SOURCES:
        raise ValidationError(f"source must be one of {', '.join(STAFF_SOURCES)}", field="source")
    waiting = body.get("waiting_for_parts", False)
    if not isinstance(waiting, bool):
        raise ValidationError("waiting_for_parts must be true or false", field="waiting_for_parts")
    start = None
    if source != "walk_in" and not waiting:
        start = instant(require(body, "start"), "start")
    priority = body.get("priority")
    if priority is not None and (not isinstance(priority, str) or priority not in PRIORITY_REASONS):
        raise ValidationError(f"priority must be one of {', '.join(PRIORITY_REASONS)}", field="priority")
    advisor = body.get("advisor")
    if advisor is not None and (not isinstance(advisor, str) or not advisor.strip()):
        raise ValidationError("advisor must be a staff username", field="advisor")
    return StaffBookingRequest(
        service_type=service_type(require(body, "service_type")),
        customer=customer_details(section(body, "customer")),
        vehicle=vehicle_details(section(body, "vehicle")),
        source=source,
        start=start,
        description=text(body, "description", max_len=500, required=False),
        priority=priority,
        advisor=advisor.strip() if advisor else None,
        estimate=estimate(body),
        waiting_for_parts=waiting,
        coupon_id=text(body, "coupon_id", max_len=64, required=False),
    )


@dataclass(frozen=True)
class StaffActionInput:
    """What staff may send with a booking action: a note, the advisor, the estimate, the odometer."""

    note: str | None = None
    advisor: str | None = None
    estimate: Estimate = Estimate()
    mileage: int | None = None
    promised: datetime | None = None  # check-in: the hand-back time given (docs/product-rules.md#promised-time)


def staff_action(body: Mapping[str, Any]) -> StaffActionInput:
    advisor = body.get("advisor")
    raw_mileage = body.get("mileage")
    return StaffActionInput(
        note=text(body, "note", max_len=200, required=False),
        advisor=text(body, "advisor", max_len=64) if advisor is not None else None,
        estimate=estimate(body),
        mileage=mileage(raw_mileage) if raw_mileage is not None else None,
        promised=instant(body["promised"], "promised") if body.get("promised") is not None else None,
    )
