"""PIPL: what the platform holds about a customer, as they may ask for it (GET /mp/me/data). Erasure
(DELETE /mp/me) is not built yet."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.ports import BookingStore, Clock, CustomerStore
from ..domain.principal import Principal

EXPORT_BOOKINGS = 200


class PersonalData:
    def __init__(self, customers: CustomerStore, bookings: BookingStore, clock: Clock) -> None:
        self._customers, self._bookings, self._clock = customers, bookings, clock

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
        }
