"""A customer of one chain, as the services see them."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..contact_preference import Preferred


@dataclass(frozen=True)
class Customer:
    chain_id: str
    customer_id: str
    openid: str | None
    unionid: str | None
    name: str | None
    phone: str | None
    preferred_channel: str | None
    subscriptions: dict[str, int]
    rebook_priority: bool
    oa_openid: str | None = None
    contact_hours: Preferred | None = None  # when they like to hear from us (store-local hours, days, rush hours)
    marketing: bool = False  # agreed to invitations (docs/product-rules.md#consent); service messages need no consent
    sms_opt_out: bool = False  # replied T/TD to an SMS invitation
    phone_verified_at: str | None = None  # the phone came from WeChat's phone-number API, not typed in
    merged_into: str | None = None  # a phone-only customer a WeChat customer took over (domain/people/linking.py)
    rebook_task: str | None = None  # "store_id|task_id": the rebooking call still open
    new_time_task: str | None = None  # "store_id|task_id": the call to agree a new time after an own cancellation

    def may_invite(self) -> bool:
        return self.marketing and not self.sms_opt_out


def customer_id_for(chain_id: str, identity: str) -> str:
    """Stable per chain and identity (an openid, or "phone:<mobile>"); neither appears in URLs or tokens."""
    return "c_" + hashlib.sha256(f"{chain_id}:{identity}".encode()).hexdigest()[:20]


def phone_customer_id(chain_id: str, phone: str) -> str:
    """Customers staff book by phone are known by their mobile number."""
    return customer_id_for(chain_id, f"phone:{phone}")
