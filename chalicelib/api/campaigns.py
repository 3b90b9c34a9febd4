"""/admin/campaigns... : a chain admin defines, previews and schedules a campaign; /staff/stores/{id}/due-cars:
a store's cars due this month (docs/product-rules.md#campaigns); /mp/coupons: a customer's coupons, claimed
here and named when booking (docs/product-rules.md#coupons); /admin/invitation-coupons: the coupon an invitation
kind gives (docs/product-rules.md#invitation-coupons)."""
from __future__ import annotations

from datetime import date, datetime

from chalice import Response

from ..container import services
from ..domain.errors import ValidationError
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response, query

campaign_admin = ApiBlueprint(__name__)


@campaign_admin.route("/admin/campaigns", methods=["POST"], body="NewCampaign", audience=Audience.CHAIN_ADMIN)
def define_campaign() -> Response:
    """Define a campaign (a draft): stores, dates, wording, audience."""
    request = campaign_admin.current_request
    found = services().campaigns.define(access.staff(request), json_body(request))
    return json_response(found.to_json(), 201)


@campaign_admin.route("/admin/campaigns", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def list_campaigns() -> dict:
    """The chain's campaigns."""
    return {"campaigns": [c.to_json() for c in services().campaigns.of_chain(access.staff(campaign_admin.current_request))]}


@campaign_admin.route("/admin/campaigns/{campaign_id}/audience", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def campaign_audience(campaign_id: str) -> dict:
    """How many customers the campaign reaches, per store, and how many agreed to marketing."""
    return services().campaigns.preview(access.staff(campaign_admin.current_request), campaign_id)


@campaign_admin.route("/admin/campaigns/{campaign_id}/schedule", methods=["POST"], body="CampaignSchedule",
                 audience=Audience.CHAIN_ADMIN)
def schedule_campaign(campaign_id: str) -> dict:
    """When the campaign goes out (an event at least two weeks before it starts)."""
    request = campaign_admin.current_request
    raw = json_body(request).get("send_at")
    try:
        send_at = datetime.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError("send_at is a time with its offset", field="send_at") from None
    if send_at.tzinfo is None:
        raise ValidationError("send_at is a time with its offset", field="send_at")
    return services().campaigns.schedule(access.staff(request), campaign_id, send_at).to_json()


@campaign_admin.route("/staff/stores/{store_id}/due-cars", methods=["GET"], audience=Audience.STAFF)
def due_cars(store_id: str) -> dict:
    """The store's cars whose maintenance or first service falls due this month (?month=YYYY-MM-DD: that
    day's month), with their holders, to call."""
    request = campaign_admin.current_request
    raw = query(request).get("month")
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ValidationError("month is a date (YYYY-MM-DD)", field="month") from None
    return services().campaigns.due_cars(access.staff(request), store_id, day)


@campaign_admin.route("/mp/coupons", methods=["GET"], audience=Audience.CUSTOMER)
def my_coupons() -> dict:
    """The chain's coupons still valid, with whether I claimed each and how often I used it."""
    return services().coupons.mine(access.customer(campaign_admin.current_request))


@campaign_admin.route("/mp/coupons/{coupon_id}/claim", methods=["POST"], audience=Audience.CUSTOMER)
def claim_coupon(coupon_id: str) -> dict:
    """Claim a coupon on offer; name it as coupon_id when booking."""
    return services().coupons.claim(access.customer(campaign_admin.current_request), coupon_id)


@campaign_admin.route("/admin/invitation-coupons/{kind}", methods=["PUT"], body="InvitationCoupon",
                      audience=Audience.CHAIN_ADMIN)
def attach_invitation_coupon(kind: str) -> dict:
    """Attach a coupon to an invitation kind (first_service_due, maintenance_due, lapse_invitation): each customer
    invited from now on is given it."""
    request = campaign_admin.current_request
    return services().invitation_coupons.attach(access.staff(request), kind, json_body(request))


@campaign_admin.route("/admin/invitation-coupons", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def invitation_coupons() -> dict:
    """The coupons the chain's invitation kinds give."""
    return services().invitation_coupons.of_chain(access.staff(campaign_admin.current_request))
