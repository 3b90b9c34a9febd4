"""An invitation's coupon (docs/product-rules.md#invitation-coupons): the chain admin attaches a coupon to an
invitation kind (first service, maintenance due, lapse win-back); each customer the invitation goes to is given it
(a claim made for them, once), finds it in the mini-program under "为您准备的优惠", and names it when booking like
any coupon. The message never names it (SMS templates carry no coupons).

It reuses the campaigns' coupons: the coupon lives on an item of the campaigns table whose id is
`invitation-<kind>` and whose status is `invitation` (never scheduled, never sent, left out of the admin's campaign
list), so the booking's use, its limit, the give-back and the report are those of every coupon.

Pure: no I/O."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..booking.coupons import Coupon, coupon_from
from ..errors import ValidationError
from .campaigns import INVITATION, Campaign
from .invitations import ANSWERED_BY
from .maintenance import FIRST_SERVICE

# the invitation kinds that may carry a coupon, and the coupon's name when the admin gives none
NAMES: Mapping[str, str] = {FIRST_SERVICE: "首保邀请礼券", "maintenance_due": "保养邀请礼券", "lapse_invitation": "回厂礼券"}


def coupon_id(kind: str) -> str:
    return f"{INVITATION}-{kind}"


def define(kind: str, body: Mapping[str, Any]) -> Coupon:
    """The kind's coupon from the admin's {coupon: {amount_fen | percent, valid_from, valid_to, per_customer}, name?}:
    for the services that answer the invitation (a maintenance invitation's for a maintenance service, a lapse
    win-back's for any)."""
    if kind not in NAMES:
        raise ValidationError(f"kind is one of {', '.join(NAMES)}", field="kind")
    name = body.get("name", NAMES[kind])
    if not isinstance(name, str) or not name.strip() or len(name) > 30:
        raise ValidationError("name is a text of at most 30 characters", field="name")
    found = coupon_from(coupon_id(kind), name.strip(), body.get("coupon"))
    services = ANSWERED_BY.get(kind)
    return replace(found, service_types=tuple(sorted(services)) if services else (), invitation=kind)


def holder(chain_id: str, coupon: Coupon) -> Campaign:
    """The campaigns-table item that keeps the kind's coupon (status `invitation`: never sent)."""
    return Campaign(chain_id, coupon.coupon_id, coupon.name, coupon.service_types[0] if coupon.service_types else
                    "maintenance", (), coupon.valid_from, coupon.valid_to, "seasonal", "lapsed", status=INVITATION,
                    coupon=coupon)


def given(coupon: Coupon | None, today: date) -> bool:
    """Whether an invitation sent today gives its kind's coupon: one attached and not past its last day."""
    return coupon is not None and coupon.invitation is not None and today <= coupon.valid_to
