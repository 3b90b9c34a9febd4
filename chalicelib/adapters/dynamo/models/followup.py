"""A chain's campaigns (docs/product-rules.md#campaigns), with a sparse index of the scheduled ones."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

SCHEDULED = "scheduled"  # the one value of sched_key: every scheduled campaign, by send time


class ScheduledIndex(GlobalSecondaryIndex):
    """Sparse: a scheduled campaign carries sched_key until it has gone out (a handful at any time)."""

    class Meta:
        index_name = "scheduled_campaigns"
        projection = AllProjection()

    sched_key = UnicodeAttribute(hash_key=True)
    send_at = UnicodeAttribute(range_key=True)


class CampaignModel(Model):
    """Key: chain_id + campaign_id."""

    class Meta:
        table_name = "campaigns"

    chain_id = UnicodeAttribute(hash_key=True)
    campaign_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    service_type = UnicodeAttribute()
    store_ids = ListAttribute(of=UnicodeAttribute)
    starts = UnicodeAttribute()
    ends = UnicodeAttribute()
    wording = UnicodeAttribute()
    audience = UnicodeAttribute()
    status = UnicodeAttribute()
    send_at = UnicodeAttribute(null=True)  # UTC ISO
    sched_key = UnicodeAttribute(null=True)
    coupon = UnicodeAttribute(null=True)  # JSON: its booking incentive (docs/product-rules.md#coupons)
    scheduled = ScheduledIndex()


class CouponUseModel(Model):
    """A customer's claim of a coupon and how often they used it. Key: chain_id + "<customer_id>#<coupon_id>".
    A booking with the coupon adds one use in its own transaction, conditioned on the claim and the limit."""

    class Meta:
        table_name = "coupon-uses"

    chain_id = UnicodeAttribute(hash_key=True)
    claim = UnicodeAttribute(range_key=True)
    uses = NumberAttribute()
    claimed_at = UnicodeAttribute()
