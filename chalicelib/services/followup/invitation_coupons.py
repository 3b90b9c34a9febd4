"""The chain admin's invitation coupons (docs/product-rules.md#invitation-coupons): a coupon attached to an
invitation kind, kept on the campaigns table (domain/followup/invitation_coupons.py); the lapse run gives it to each
customer an invitation of that kind goes to (services/followup/lapse.py)."""
from __future__ import annotations

from typing import Any

from ...domain.followup import invitation_coupons
from ...domain.followup.campaigns import INVITATION
from ...domain.followup.ports import CampaignStore
from ...domain.people.staff import Role, StaffAccess


class InvitationCoupons:
    def __init__(self, campaigns: CampaignStore) -> None:
        self._campaigns = campaigns

    def attach(self, who: StaffAccess, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """Attach (or change) the kind's coupon: invitations sent from now on give it; customers given it before keep
        it on its new terms (a valid_to in the past stops the giving)."""
        who.ensure_role(Role.CHAIN_ADMIN)
        coupon = invitation_coupons.define(kind, body)
        self._campaigns.save(invitation_coupons.holder(who.chain_id, coupon))
        return coupon.to_json()

    def of_chain(self, who: StaffAccess) -> dict[str, Any]:
        """The coupons the chain's invitation kinds carry (one Query of the chain's campaigns)."""
        who.ensure_role(Role.CHAIN_ADMIN)
        held = [c.coupon for c in self._campaigns.of_chain(who.chain_id) if c.status == INVITATION and c.coupon]
        return {"invitation_coupons": [c.to_json() for c in held]}
