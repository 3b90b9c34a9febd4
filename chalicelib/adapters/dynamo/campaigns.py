"""A chain's campaigns on DynamoDB (domain/followup/ports.py:CampaignStore)."""
from __future__ import annotations

import json
from datetime import date, datetime

from ...domain.booking.coupons import Coupon
from ...domain.errors import NotFound
from ...domain.followup.campaigns import OFFERING, Campaign
from .conditional import applied
from .keys import utc_iso
from .models.followup import SCHEDULED, CampaignModel, CouponUseModel


def _coupon(text: str | None) -> Coupon | None:
    if not text:
        return None
    raw = json.loads(text)
    return Coupon(raw["coupon_id"], raw["name"], date.fromisoformat(raw["valid_from"]), date.fromisoformat(raw["valid_to"]),
                  raw.get("amount_fen"), raw.get("percent"), int(raw.get("per_customer", 1)),
                  tuple(raw.get("service_types") or ()), raw.get("invitation"))


def _from_model(m: CampaignModel) -> Campaign:
    return Campaign(m.chain_id, m.campaign_id, m.name, m.service_type, tuple(m.store_ids or ()),
                    date.fromisoformat(m.starts), date.fromisoformat(m.ends), m.wording, m.audience, m.status,
                    datetime.fromisoformat(m.send_at) if m.send_at else None, _coupon(m.coupon))


def _model(c: Campaign) -> CampaignModel:
    return CampaignModel(c.chain_id, c.campaign_id, name=c.name, service_type=c.service_type,
                         store_ids=list(c.store_ids), starts=c.starts.isoformat(), ends=c.ends.isoformat(),
                         wording=c.wording, audience=c.audience, status=c.status,
                         send_at=utc_iso(c.send_at) if c.send_at else None,
                         sched_key=SCHEDULED if c.status == "scheduled" else None,
                         coupon=json.dumps(c.coupon.to_json(), ensure_ascii=False) if c.coupon else None)


class CampaignRepository:
    def __init__(self, page_size: int | None = None) -> None:
        self._page_size = page_size

    def create(self, campaign: Campaign) -> bool:
        return applied(lambda: _model(campaign).save(condition=CampaignModel.campaign_id.does_not_exist()))

    def get(self, chain_id: str, campaign_id: str) -> Campaign:
        try:
            return _from_model(CampaignModel.get(chain_id, campaign_id, consistent_read=True))
        except CampaignModel.DoesNotExist:
            raise NotFound("no such campaign", field="campaign_id", code="campaign_not_found") from None

    def of_chain(self, chain_id: str) -> list[Campaign]:
        return [_from_model(m) for m in CampaignModel.query(chain_id, page_size=self._page_size)]

    def save(self, campaign: Campaign) -> None:
        _model(campaign).save()

    def coupon(self, chain_id: str, coupon_id: str) -> Coupon:
        try:
            found = _from_model(CampaignModel.get(chain_id, coupon_id)).coupon
        except CampaignModel.DoesNotExist:
            found = None
        if found is None:
            raise NotFound("no such coupon", field="coupon_id", code="coupon_not_found")
        return found

    def offered(self, chain_id: str) -> list[Coupon]:
        return [c.coupon for c in self.of_chain(chain_id) if c.coupon and c.status in OFFERING]

    def claim(self, chain_id: str, coupon_id: str, customer_id: str, now: datetime) -> bool:
        item = CouponUseModel(chain_id, f"{customer_id}#{coupon_id}", uses=0, claimed_at=now.isoformat())
        return applied(lambda: item.save(condition=CouponUseModel.claim.does_not_exist()))

    def uses(self, chain_id: str, customer_id: str) -> dict[str, int]:
        items = CouponUseModel.query(chain_id, CouponUseModel.claim.startswith(f"{customer_id}#"), consistent_read=True)
        return {m.claim.split("#", 1)[1]: int(m.uses) for m in items}

    def scheduled(self, until: datetime) -> list[Campaign]:
        items = CampaignModel.scheduled.query(SCHEDULED, CampaignModel.send_at <= utc_iso(until),
                                              page_size=self._page_size)
        return [_from_model(m) for m in items]
