"""In-memory campaigns and their coupons' claims (the fakes of domain/followup/ports.py:CampaignStore and
domain/booking/ports.py:CouponStore); the claims live in the shared state, where a booking's use is counted."""
from __future__ import annotations

import threading
from datetime import datetime

from ...domain.booking.coupons import Coupon
from ...domain.errors import NotFound
from ...domain.followup.campaigns import OFFERING, Campaign
from .state import MemoryState


class MemoryCampaigns:
    def __init__(self, state: MemoryState | None = None) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], Campaign] = {}
        self._state = state or MemoryState()

    def coupon(self, chain_id: str, coupon_id: str) -> Coupon:
        with self._lock:
            found = self._items.get((chain_id, coupon_id))
        if found is None or found.coupon is None:
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        return found.coupon

    def offered(self, chain_id: str) -> list[Coupon]:
        return [c.coupon for c in self.of_chain(chain_id) if c.coupon and c.status in OFFERING]

    def claim(self, chain_id: str, coupon_id: str, customer_id: str, now: datetime) -> bool:
        with self._state.lock:
            key = (chain_id, coupon_id, customer_id)
            if key in self._state.coupon_uses:
                return False
            self._state.coupon_uses[key] = 0
            return True

    def uses(self, chain_id: str, customer_id: str) -> dict[str, int]:
        with self._state.lock:
            return {coupon: n for (chain, coupon, customer), n in self._state.coupon_uses.items()
                    if (chain, customer) == (chain_id, customer_id)}

    def create(self, campaign: Campaign) -> bool:
        with self._lock:
            key = (campaign.chain_id, campaign.campaign_id)
            if key in self._items:
                return False
            self._items[key] = campaign
            return True

    def get(self, chain_id: str, campaign_id: str) -> Campaign:
        with self._lock:
            found = self._items.get((chain_id, campaign_id))
        if found is None:
            raise NotFound("no such campaign", field="campaign_id", code="campaign_not_found")
        return found

    def of_chain(self, chain_id: str) -> list[Campaign]:
        with self._lock:
            return sorted((c for (chain, _), c in self._items.items() if chain == chain_id), key=lambda c: c.campaign_id)

    def save(self, campaign: Campaign) -> None:
        with self._lock:
            self._items[(campaign.chain_id, campaign.campaign_id)] = campaign

    def scheduled(self, until: datetime) -> list[Campaign]:
        with self._lock:
            found = [c for c in self._items.values() if c.status == "scheduled" and c.send_at and c.send_at <= until]
        return sorted(found, key=lambda c: (c.send_at or until, c.chain_id, c.campaign_id))
