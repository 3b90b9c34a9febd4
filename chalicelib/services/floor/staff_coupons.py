"""A coupon staff apply to a phone booking or a walk-in (docs/product-rules.md#coupons): it must be one of the
chain's, claimed by the customer the booking then goes to: the mini-program customer who took the number over,
else the one whose car it is on file and who verified the number given. The claim and its uses are checked in
the booking's own write (the unit of work's coupon item), as for a customer's own booking."""
from __future__ import annotations

from dataclasses import dataclass

from ...domain.booking.coupons import Coupon
from ...domain.booking.ports import CouponStore
from ...domain.errors import Conflict, NotFound
from ...domain.followup.ports import VehicleStore
from ...domain.people.customer import phone_customer_id
from ...domain.people.ports import CustomerStore
from ...domain.staff_requests import StaffBookingRequest


@dataclass(frozen=True)
class StaffCoupon:
    coupon: Coupon
    customer_id: str  # whose claim it uses: the booking goes to them


class StaffCoupons:
    def __init__(self, coupons: CouponStore | None, customers: CustomerStore | None, vehicles: VehicleStore) -> None:
        self._coupons, self._customers, self._vehicles = coupons, customers, vehicles

    def resolve(self, chain_id: str, req: StaffBookingRequest, owner: str | None = None) -> StaffCoupon | None:
        """None without a coupon; else the coupon (one GetItem) and whose claim it uses (`owner` when the booking
        already goes to a mini-program customer; else up to three GetItems). Refused (`coupon_used_up`) when no
        mini-program customer of that number or car can have claimed it."""
        if req.coupon_id is None:
            return None
        if self._coupons is None:
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        coupon = self._coupons.coupon(chain_id, req.coupon_id)
        claimant = owner or self._claimant(chain_id, req.customer.phone, req.vehicle.plate)
        if claimant is None:
            raise Conflict("no customer of this number claimed the coupon in the mini-program", field="coupon_id",
                           code="coupon_used_up")
        return StaffCoupon(coupon, claimant)

    def _claimant(self, chain_id: str, phone: str, plate: str) -> str | None:
        if self._customers is None:
            return None
        phone_id = phone_customer_id(chain_id, phone)
        known = self._customers.find(chain_id, phone_id)
        if known is not None and known.merged_into:
            return known.merged_into
        holder = self._vehicles.holder(chain_id, plate)
        if holder is None or holder == phone_id:
            return None
        found = self._customers.find(chain_id, holder)
        return holder if found is not None and found.phone == phone else None
