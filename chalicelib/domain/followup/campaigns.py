"""Campaigns (docs/product-rules.md#campaigns): a chain admin's seasonal offer or event for some of the chain's
stores over some dates, sent to an audience read from the indexes the invitations already keep — the cars
whose maintenance falls due during the campaign, the cars whose first service does, the customers whose
lapse stage comes during it — in the campaign's wording (seasonal work or an event), as marketing: only to
customers who agreed, in their contact hours, with the opt-out (the messaging rules see to that). An event
is announced at least two weeks before it starts.

Pure: the campaign, its checks and its messages; the audience's reading is the use case's."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from .. import codec
from ..booking.coupons import Coupon, coupon_from
from ..errors import Conflict, ValidationError
from ..messaging.outbox import OutboxRecord
from ..service_types import SERVICE_TYPES
from ..tenancy.store import Store

AUDIENCES: tuple[str, ...] = ("due_this_month", "first_service", "lapsed")
WORDINGS: Mapping[str, str] = {"seasonal": "campaign_seasonal", "event": "campaign_event"}  # -> message kind
EVENT_NOTICE = timedelta(days=14)  # an event is announced at least this long before it starts
MAX_DAYS = 62  # a campaign runs at most about two months
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
INVITATION = "invitation"  # the status of the item holding an invitation kind's coupon (invitation_coupons.py)
OFFERING = ("scheduled", "sent", INVITATION)  # whose coupons the mini-program may show


@dataclass(frozen=True)
class Campaign:
    chain_id: str
    campaign_id: str
    name: str
    service_type: str
    store_ids: tuple[str, ...]
    starts: date
    ends: date
    wording: str  # seasonal | event
    audience: str  # due_this_month | first_service | lapsed
    status: str = "draft"  # draft | scheduled | sent; invitation: an invitation kind's coupon, never sent
    send_at: datetime | None = None
    coupon: Coupon | None = None  # its booking incentive (docs/product-rules.md#coupons): never named in an SMS

    @property
    def message_kind(self) -> str:
        return WORDINGS[self.wording]

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = codec.builtins(self)
        found.update(starts=self.starts.isoformat(), ends=self.ends.isoformat(), store_ids=list(self.store_ids),
                     send_at=self.send_at.isoformat() if self.send_at else None,
                     coupon=self.coupon.to_json() if self.coupon else None)
        return found


@dataclass(frozen=True)
class Recipient:
    """One customer of the audience (the first of their cars found, when several are)."""

    customer_id: str
    store_id: str
    plate: str = ""
    name: str = ""
    due: date | None = None


def _text(body: Mapping[str, Any], name: str, limit: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValidationError(f"{name} is a text of at most {limit} characters", field=name)
    return value.strip()


def _day(body: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(body.get(name)))
    except ValueError:
        raise ValidationError(f"{name} is a date (YYYY-MM-DD)", field=name) from None


def _choice(body: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = body.get(name)
    if value not in allowed:
        raise ValidationError(f"{name} is one of {', '.join(allowed)}", field=name)
    return str(value)


def define(chain_id: str, body: Mapping[str, Any], stores: set[str], today: date) -> Campaign:
    """A new campaign (a draft) from the admin's definition; ValidationError naming what is wrong."""
    campaign_id = body.get("campaign_id")
    if not isinstance(campaign_id, str) or not _ID.match(campaign_id) or campaign_id.startswith(f"{INVITATION}-"):
        raise ValidationError("campaign_id is 1-40 of a-z, 0-9, _ and -, not starting invitation-", field="campaign_id")
    chosen = body.get("store_ids")
    if not isinstance(chosen, list) or not chosen or any(s not in stores for s in chosen):
        raise ValidationError("store_ids lists some of the chain's stores", field="store_ids")
    starts, ends = _day(body, "starts"), _day(body, "ends")
    if ends < starts or (ends - starts).days >= MAX_DAYS:
        raise ValidationError(f"ends is on or after starts, at most {MAX_DAYS} days on", field="ends")
    if ends < today:
        raise ValidationError("the campaign is over already", field="ends")
    name = _text(body, "name", 30)
    coupon = coupon_from(campaign_id, name, body["coupon"]) if body.get("coupon") is not None else None
    return Campaign(chain_id, campaign_id, name, _choice(body, "service_type", tuple(SERVICE_TYPES)),
                    tuple(dict.fromkeys(chosen)), starts, ends, _choice(body, "wording", tuple(WORDINGS)),
                    _choice(body, "audience", AUDIENCES), coupon=coupon)


def schedule(campaign: Campaign, send_at: datetime, now: datetime) -> Campaign:
    """When it goes: not in the past, not after it ends, and for an event at least two weeks before it starts."""
    if campaign.status == "sent":
        raise Conflict("the campaign has gone out already", field="campaign_id", code="campaign_sent")
    local = send_at.astimezone(now.tzinfo)
    if send_at < now:
        raise ValidationError("send_at is in the past", field="send_at")
    if local.date() > campaign.ends:
        raise ValidationError("send_at is after the campaign ends", field="send_at")
    if campaign.wording == "event" and local.date() > campaign.starts - EVENT_NOTICE:
        raise ValidationError("an event is announced at least two weeks before it starts", field="send_at",
                              latest=(campaign.starts - EVENT_NOTICE).isoformat())
    return replace(campaign, status="scheduled", send_at=send_at)


def message(campaign: Campaign, recipient: Recipient, store: Store) -> OutboxRecord:
    """The campaign's message to one customer: once per customer and campaign, whatever cars they have."""
    service = SERVICE_TYPES.get(campaign.service_type)
    return OutboxRecord(
        dedupe_key=f"{campaign.chain_id}#{recipient.customer_id}#{campaign.message_kind}#{campaign.campaign_id}",
        chain_id=campaign.chain_id, customer_id=recipient.customer_id, kind=campaign.message_kind,
        store_id=store.store_id,
        context={"customer_name": recipient.name, "store_name": store.name, "store_phone": store.phone,
                 "plate": recipient.plate, "service": service.name_zh if service else campaign.service_type,
                 "due": campaign.starts.isoformat(), "campaign_id": campaign.campaign_id},
    )
