"""Booking incentives (docs/product-rules.md#coupons): a coupon takes an amount or a percentage off a booking's
labour, is valid for the appointment days between two dates, and a customer may use it a set number of times.
A campaign carries it; the customer claims it in the mini-program (it is never named in an SMS) and names it
when booking; the booking keeps the coupon and the fen it took off, and its price estimate shows it.

A use is counted in the same write as the booking (the unit of work's `coupon` item, conditioned on the
customer's claim and their uses so far), so two bookings at once never use one coupon past its limit.
Pure: no I/O."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import money
from ..errors import Conflict, ValidationError
from .quote import Quote

MAX_PER_CUSTOMER = 10


@dataclass(frozen=True)
class Coupon:
    coupon_id: str  # the campaign's id
    name: str
    valid_from: date
    valid_to: date
    amount_fen: int | None = None  # off labour, or
    percent: int | None = None  # percent off labour (1-100)
    per_customer: int = 1
    service_types: tuple[str, ...] = ()  # the services it is for; none: any service
    invitation: str | None = None  # the invitation kind it comes with: given to each customer invited, not claimed

    def off(self, labour_due: int) -> int:
        """The fen it takes off labour already discounted by the slot (never more than that labour)."""
        if self.amount_fen is not None:
            return min(self.amount_fen, labour_due)
        return labour_due - money.discounted(labour_due, (self.percent or 0) / 100)

    def to_json(self) -> dict[str, Any]:
        return {"coupon_id": self.coupon_id, "name": self.name, "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat(), "amount_fen": self.amount_fen, "percent": self.percent,
                "per_customer": self.per_customer, "service_types": list(self.service_types),
                "invitation": self.invitation}


@dataclass(frozen=True)
class CouponUse:
    """What a booking made with a coupon writes: one more use of the customer's claim, up to the limit; what a
    cancelled one writes (`give_back`): one use fewer, in the cancellation's own write."""

    coupon_id: str
    limit: int
    give_back: bool = False


def given_back(coupon_id: str | None) -> CouponUse | None:
    """The use a cancelled booking made with `coupon_id` gives back (none without a coupon)."""
    return CouponUse(coupon_id, MAX_PER_CUSTOMER, give_back=True) if coupon_id else None


def coupon_from(coupon_id: str, name: str, raw: Any) -> Coupon:
    """A campaign's coupon from the admin's definition: {amount_fen | percent, valid_from, valid_to,
    per_customer}; ValidationError naming the field."""
    if not isinstance(raw, Mapping):
        raise ValidationError("coupon is {amount_fen or percent, valid_from, valid_to, per_customer}", field="coupon")
    amount, percent = raw.get("amount_fen"), raw.get("percent")
    if (amount is None) == (percent is None):
        raise ValidationError("a coupon takes either amount_fen or percent off labour", field="coupon.amount_fen")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= 1_000_000):
        raise ValidationError("amount_fen is a whole number of fen, at most 1,000,000", field="coupon.amount_fen")
    if percent is not None and (not isinstance(percent, int) or isinstance(percent, bool) or not 0 < percent <= 100):
        raise ValidationError("percent is a whole number from 1 to 100", field="coupon.percent")
    try:
        first, last = date.fromisoformat(str(raw.get("valid_from"))), date.fromisoformat(str(raw.get("valid_to")))
    except ValueError:
        raise ValidationError("valid_from and valid_to are dates (YYYY-MM-DD)", field="coupon.valid_from") from None
    if last < first:
        raise ValidationError("valid_to is on or after valid_from", field="coupon.valid_to")
    limit = raw.get("per_customer", 1)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_PER_CUSTOMER:
        raise ValidationError(f"per_customer is from 1 to {MAX_PER_CUSTOMER}", field="coupon.per_customer")
    return Coupon(coupon_id, name, first, last, amount, percent, limit)


def apply(coupon: Coupon, found: Quote | None, day: date, service_type: str | None = None) -> int:
    """The fen the coupon takes off a booking of `day` quoted `found` (for `service_type`); Conflict when it cannot
    be used."""
    if coupon.service_types and service_type not in coupon.service_types:
        raise Conflict(f"the coupon is for {', '.join(coupon.service_types)}", field="coupon_id",
                       code="coupon_not_valid")
    if not coupon.valid_from <= day <= coupon.valid_to:
        raise Conflict(f"the coupon is valid for appointments from {coupon.valid_from} to {coupon.valid_to}",
                       field="coupon_id", code="coupon_not_valid")
    if found is None:
        raise Conflict("the coupon needs a listed price for this service", field="coupon_id", code="coupon_not_valid")
    return coupon.off(found.labour_due)
