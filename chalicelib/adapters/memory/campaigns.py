"""In-memory campaigns (the fake of domain/followup/ports.py:CampaignStore)."""
from __future__ import annotations

import threading
from datetime import datetime

from ...domain.errors import NotFound
from ...domain.followup.campaigns import Campaign


class MemoryCampaigns:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], Campaign] = {}

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
