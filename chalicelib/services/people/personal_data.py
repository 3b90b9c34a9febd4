"""PIPL: what the platform holds about a customer, as they may ask for it (GET /mp/me/data), and erasing it
(DELETE /mp/me) while the stores keep their anonymous statistics (docs/product-rules.md#erasure)."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from ...domain.booking.booking import Booking
from ...domain.booking.ports import BookingStore, CouponStore
from ...domain.errors import NotFound
from ...domain.floor.tasks import task_prefix
from ...domain.people.customer import phone_customer_id
from ...domain.people.erasure import forget
from ...domain.people.ports import CustomerStore, ErasureStore
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ..booking.changes import BookingChanges

EXPORT_BOOKINGS = 200
ERASE_BOOKINGS = 1000  # far more than one person's service history; erasure is run again until none is left

log = logging.getLogger(__name__)


class PersonalData:
    def __init__(self, customers: CustomerStore, bookings: BookingStore, clock: Clock, *,
                 changes: BookingChanges, erasure: ErasureStore, coupons: CouponStore | None = None) -> None:
        self._customers, self._bookings, self._clock = customers, bookings, clock
        self._changes, self._erasure, self._coupons = changes, erasure, coupons

    def export(self, who: Principal) -> dict[str, Any]:
        me = self._customers.get(who.chain_id, who.subject)
        bookings = self._bookings.for_customer(who.chain_id, who.subject, limit=EXPORT_BOOKINGS)
        now: datetime = self._clock.now()
        return {
            "exported_at": now.isoformat(),
            "customer": {"customer_id": me.customer_id, "chain_id": me.chain_id, "name": me.name, "phone": me.phone,
                         "wechat_openid": me.openid, "wechat_unionid": me.unionid, "official_account_openid": me.oa_openid,
                         "preferred_channel": me.preferred_channel, "subscriptions": dict(me.subscriptions),
                         "rebook_priority": me.rebook_priority},
            "bookings": [b.to_json() for b in bookings],
            "coupon_claims": self._coupon_claims(who),
        }

    def _coupon_claims(self, who: Principal) -> list[dict[str, Any]]:
        """The coupons they claimed, each with how often they used it (docs/product-rules.md#coupons)."""
        uses = self._coupons.uses(who.chain_id, who.subject) if self._coupons is not None else {}
        return [{"coupon_id": coupon_id, "used": used} for coupon_id, used in sorted(uses.items())]

    def erase(self, who: Principal) -> dict[str, int]:
        """Everything personal about the caller, in an order that survives being stopped halfway: what points
        at a booking goes before the booking, which is the only way back to it; the customer record last."""
        chain_id, customer_id = who.chain_id, who.subject
        try:
            phone = self._customers.get(chain_id, customer_id).phone
        except NotFound:
            phone = None
        bookings = self._bookings.for_customer(chain_id, customer_id, limit=ERASE_BOOKINGS)
        phones = frozenset(p for p in {phone, *(b.customer_phone for b in bookings)} if p)
        plates = frozenset(b.plate for b in bookings if b.plate)
        counts = {"messages": self._erasure.forget_messages(chain_id, customer_id), "tasks": 0, "report_days": 0,
                  "cancelled": 0, "bookings": 0}
        for store_id in sorted({b.store_id for b in bookings}):
            counts["tasks"] += self._erasure.forget_tasks(chain_id, store_id, task_prefix(customer_id), self._clock.now())
        for booking in bookings:
            self._forget_around(booking, phones, plates, counts)
            after = self._changes.apply(booking.booking_id, lambda b, store: forget(b, store, self._clock.now()))
            counts["bookings"] += 1
            counts["cancelled"] += int(after.status != booking.status)
        counts["vehicles"] = self._erasure.forget_vehicles(chain_id, customer_id, plates)
        counts["coupon_claims"] = self._erasure.forget_coupon_claims(chain_id, customer_id)
        counts["customer"] = self._forget_taken_over(chain_id, customer_id, phone)
        self._customers.link_official_account(chain_id, customer_id, None)  # and the follower's record with it
        counts["customer"] += int(self._erasure.forget_customer(chain_id, customer_id))
        # the one-way customer id stays in the log: after a restore from backup, erasure is run again for it
        log.info("customer data erased", extra={"chain_id": chain_id, "erased_customer": customer_id, **counts})
        return counts

    def _forget_taken_over(self, chain_id: str, customer_id: str, phone: str | None) -> int:
        """The phone-only customer this customer took over by linking their phone (its name and number), before
        the customer record that leads to it."""
        taken = self._customers.find(chain_id, phone_customer_id(chain_id, phone)) if phone else None
        if taken is None or taken.merged_into != customer_id:
            return 0
        return int(self._erasure.forget_customer(chain_id, taken.customer_id))

    def _forget_around(self, booking: Booking, phones: frozenset[str], plates: frozenset[str],
                       counts: dict[str, int]) -> None:
        """The booking's call tasks and the stored reports that list it (the preparation digest of the day
        before, the day's own report)."""
        now = self._clock.now()
        counts["tasks"] += self._erasure.forget_tasks(booking.chain_id, booking.store_id, task_prefix(booking.booking_id), now)
        day: date = (booking.start or booking.created_at or now).date()
        counts["report_days"] += self._erasure.forget_in_reports(
            booking.chain_id, booking.store_id, (day - timedelta(days=1), day), phones, plates)
