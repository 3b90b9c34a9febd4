"""/mp/... : the customers' WeChat mini-program."""
from __future__ import annotations

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from ..services.booking.availability import Near
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response, optional_json_body, query

mp = ApiBlueprint(__name__)


@mp.route("/mp/login", methods=["POST"], body="MpLogin", audience=Audience.PUBLIC)
def login() -> dict:
    body = json_body(mp.current_request)
    chain_id = validation.text(body, "chain_id", max_len=64)
    code = validation.text(body, "code", max_len=128)
    token, customer_id = services().customer_access.login(chain_id, code)
    return {"token": token, "customer_id": customer_id}


def _near(params: dict) -> Near | None:
    """?lat=&lng= (GCJ-02) or ?city=; neither: None."""
    if params.get("lat") is not None or params.get("lng") is not None:
        coords = []
        for name, bound in (("lat", 90), ("lng", 180)):
            try:
                coords.append(validation.number(float(params.get(name, "")), name, low=-bound, high=bound))
            except ValueError:
                raise ValidationError(f"{name} must be a number", field=name) from None
        return Near(at=(coords[0], coords[1]))
    return Near(city=params["city"]) if params.get("city") else None


@mp.route("/mp/stores", methods=["GET"], audience=Audience.CUSTOMER)
def stores() -> dict:
    who = access.customer(mp.current_request)
    near = _near(query(mp.current_request))
    listed = services().availability.stores_near(who.chain_id, near) if near else services().customer_access.stores(who)
    return {
        "stores": [
            {
                "store_id": s.store_id,
                "name": s.name,
                "address": s.address,
                "phone": s.phone,
                "timezone": s.timezone,
                "slot_minutes": s.slot_minutes,
                "hours": {d: [h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")] for d, h in s.hours.items()},
                "city": s.city,
                "district": s.district,
                "location": {"lat": s.location[0], "lng": s.location[1]} if s.location else None,
            }
            for s in listed
        ]
    }


@mp.route("/mp/stores/{store_id}/slots", methods=["GET"], audience=Audience.CUSTOMER)
def slots(store_id: str) -> dict:
    who = access.customer(mp.current_request)
    params = query(mp.current_request)
    day = validation.day(params.get("date"), "date")
    kind = params.get("service_type")
    if kind is not None:
        validation.service_type(kind)
    result = services().availability.day(who.chain_id, store_id, day, kind)
    return {
        "store_id": store_id,
        "date": day.isoformat(),
        "closed": result.closed,
        "slots": [s.to_json() for s in result.slots],
    }


@mp.route("/mp/first-available", methods=["GET"], audience=Audience.CUSTOMER)
def first_available() -> dict:
    who = access.customer(mp.current_request)
    params = query(mp.current_request)
    kind = params.get("service_type")
    if kind is not None:
        validation.service_type(kind)
    days = validation.whole_number(params.get("days"), "days", low=1, high=31, default=7)
    limit = validation.whole_number(params.get("limit"), "limit", low=1, high=50, default=10)
    found = services().availability.first_available(who.chain_id, kind, days, limit, near=_near(params),
                                                    customer_id=who.subject)
    return {"slots": [{"store_id": st.store_id, "store_name": st.name, **v.to_json()} for st, v in found]}


@mp.route("/mp/bookings", methods=["POST"], body="BookingRequest", audience=Audience.CUSTOMER)
def create_booking():
    request = mp.current_request
    who = access.customer(request)
    key = (request.headers.get("idempotency-key") or "").strip()
    if not key or len(key) > 128:
        raise ValidationError(
            "send an Idempotency-Key header (1-128 characters) so a retried request cannot book twice",
            field="Idempotency-Key",
            code="required",
        )
    body = json_body(request)
    booking_request = validation.booking_request(body)
    coupon_id = body.get("coupon_id") if isinstance(body, dict) else None  # docs/product-rules.md#coupons
    if coupon_id is not None and not isinstance(coupon_id, str):
        raise ValidationError("coupon_id is a coupon's id", field="coupon_id")
    booking, created = services().booking.book_online(who, booking_request, key, coupon_id)
    return json_response(booking.to_json(), 201 if created else 200)


@mp.route("/mp/bookings", methods=["GET"], audience=Audience.CUSTOMER)
def list_bookings() -> dict:
    who = access.customer(mp.current_request)
    return {"bookings": [b.to_json() for b in services().booking.list_own(who)]}


@mp.route("/mp/bookings/{booking_id}", methods=["GET"], audience=Audience.CUSTOMER)
def get_booking(booking_id: str) -> dict:
    who = access.customer(mp.current_request)
    return services().booking.own(who, booking_id).to_json()


@mp.route("/mp/bookings/{booking_id}/cancel", methods=["POST"], body="Cancel", audience=Audience.CUSTOMER)
def cancel_booking(booking_id: str) -> dict:
    request = mp.current_request
    who = access.customer(request)
    body = optional_json_body(request)
    reason = validation.text(body, "reason", max_len=200, required=False)
    return services().booking.cancel_own(who, booking_id, reason).to_json()


@mp.route("/mp/bookings/{booking_id}/reschedule", methods=["POST"], body="Reschedule", audience=Audience.CUSTOMER)
def reschedule_booking(booking_id: str) -> dict:
    request = mp.current_request
    who = access.customer(request)
    body = json_body(request)
    start = validation.instant(validation.require(body, "start"), "start")
    return services().booking.reschedule_own(who, booking_id, start).to_json()


@mp.route("/mp/bookings/{booking_id}/acknowledge", methods=["POST"], audience=Audience.CUSTOMER)
def acknowledge_booking(booking_id: str) -> dict:
    who = access.customer(mp.current_request)
    return services().booking.acknowledge_own(who, booking_id).to_json()


@mp.route("/mp/subscriptions", methods=["POST"], body="Subscriptions", audience=Audience.CUSTOMER)
def subscriptions() -> dict:
    request = mp.current_request
    who = access.customer(request)
    body = json_body(request)
    return {"subscriptions": services().customer_access.grant_subscriptions(who, validation.require(body, "templates"))}


@mp.route("/mp/bookings/{booking_id}/feedback", methods=["POST"], body="Feedback", audience=Audience.CUSTOMER)
def feedback(booking_id: str) -> dict:
    request = mp.current_request
    who = access.customer(request)
    body = json_body(request)
    score = validation.whole_number(validation.require(body, "score"), "score", low=1, high=5)
    comment = validation.text(body, "comment", max_len=500, required=False)
    return services().booking.feedback_own(who, booking_id, score, comment).to_json()


@mp.route("/mp/me/data", methods=["GET"], audience=Audience.CUSTOMER)
def my_data() -> dict:
    """Everything the platform holds about the calling customer (PIPL export)."""
    who = access.customer(mp.current_request)
    return services().personal_data.export(who)


@mp.route("/mp/me", methods=["DELETE"], audience=Audience.CUSTOMER)
def erase_me() -> dict:
    """Erase the calling customer's personal data (PIPL); open bookings are cancelled, statistics stay."""
    who = access.customer(mp.current_request)
    return {"erased": services().personal_data.erase(who)}


@mp.route("/mp/phone", methods=["POST"], body="PhoneLink", audience=Audience.CUSTOMER)
def link_phone() -> dict:
    """Verify the customer's phone through WeChat and take over the bookings staff made for it (plate must match)"""
    request = mp.current_request
    who = access.customer(request)
    body = json_body(request)
    code = validation.text(body, "code", max_len=128)
    plate = body.get("plate")
    return services().phone_link.link(who, code, validation.plate(plate) if plate is not None else None).to_json()


@mp.route("/mp/bookings/{booking_id}/deposit", methods=["POST"], audience=Audience.CUSTOMER)
def pay_deposit(booking_id: str) -> dict:
    """The booking's deposit order at WeChat Pay (made once) and the parameters of wx.requestPayment."""
    who = access.customer(mp.current_request)
    return services().deposits.pay_own(who, booking_id)


@mp.route("/mp/bookings/{booking_id}/deposit", methods=["GET"], audience=Audience.CUSTOMER)
def deposit(booking_id: str) -> dict:
    """The booking's deposit, WeChat Pay asked now (after wx.requestPayment returns)."""
    who = access.customer(mp.current_request)
    return services().deposits.refresh_own(who, booking_id)
