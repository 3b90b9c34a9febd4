"""The coupons a customer sees and claims in the mini-program (docs/product-rules.md#coupons): those of the
chain's scheduled or sent campaigns still valid, each with whether they claimed it and how often they used it,
and those an invitation gave them (`for_you`: given with the invitation, never claimed by the customer).
Using one is the booking's (services/booking/booking.py)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from ...domain.booking.coupons import Coupon
from ...domain.booking.ports import CouponStore
from ...domain.errors import Conflict, NotFound
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog

EXPIRED_SHOWN = timedelta(days=30)  # a claimed coupon stays listed, marked expired, this long after its last day


class CouponDesk:
    def __init__(self, stores: StoreCatalog, coupons: CouponStore, clock: Clock) -> None:
        self._stores, self._coupons, self._clock = stores, coupons, clock

    def _today(self, chain_id: str) -> Any:
        stores = self._stores.of_chain(chain_id)
        now = self._clock.now()
        return (now.astimezone(stores[0].tz) if stores else now).date()

    def mine(self, who: Principal) -> dict[str, Any]:
        """The chain's coupons still valid, with this customer's claim, and those they claimed that expired in the
        last 30 days (marked expired): one Query each of campaigns and claims."""
        today = self._today(who.chain_id)
        uses = self._coupons.uses(who.chain_id, who.subject)
        shown = [c for c in self._coupons.offered(who.chain_id) if (c.invitation is None or c.coupon_id in uses)
                 and (c.valid_to >= today or (c.coupon_id in uses and c.valid_to + EXPIRED_SHOWN >= today))]
        return {"coupons": [self._row(c, uses, c.valid_to < today) for c in shown]}

    @staticmethod
    def _row(coupon: Coupon, uses: dict[str, int], expired: bool = False) -> dict[str, Any]:
        claimed = coupon.coupon_id in uses
        used = uses.get(coupon.coupon_id, 0)
        return {**coupon.to_json(), "claimed": claimed, "used": used, "expired": expired,
                "for_you": coupon.invitation is not None,
                "usable": claimed and used < coupon.per_customer and not expired}

    def claim(self, who: Principal, coupon_id: str) -> dict[str, Any]:
        """Claim a coupon on offer (once; claiming again changes nothing)."""
        offered = {c.coupon_id: c for c in self._coupons.offered(who.chain_id)}
        coupon = offered.get(coupon_id)
        if coupon is None or coupon.invitation is not None:  # an invitation's is given, not claimed
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        if coupon.valid_to < self._today(who.chain_id):
            raise Conflict("the coupon has expired", field="coupon_id", code="coupon_not_valid")
        self._coupons.claim(who.chain_id, coupon_id, who.subject, self._clock.now())
        return self._row(coupon, self._coupons.uses(who.chain_id, who.subject))
