"""The JSON Schemas of what the mini-program's routes answer, for GET /openapi.json.

The mini-program's request and response types are generated from these (miniprogram/scripts/
openapi-types.js), and tests/e2e/test_response_schemas.py checks every answer of a customer's day against
them, so neither the document nor the app can drift from what the routes really send. Objects stay open
(new fields are additions); the fields listed are the ones a client may rely on.
"""
from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_INSTANT = {"type": "string", "format": "date-time"}
_OPT_INSTANT = {"type": ["string", "null"], "format": "date-time"}
_NUM = {"type": "number"}
_OPT_NUM = {"type": ["number", "null"]}
_INT = {"type": "integer"}
_OPT_INT = {"type": ["integer", "null"]}
_STATUS = {"enum": ["pending", "confirmed", "arrived", "in_service", "completed", "cancelled", "no_show"]}
_TIER = {"enum": ["recommended", "normal", "busy"]}
# money in answers: yuan as a string with two decimals ("710.00"), or null when there is no estimate
_MONEY = {"anyOf": [{"$ref": "#/components/schemas/Money"}, {"type": "null"}]}


def _object(properties: dict[str, Any], required: tuple[str, ...] | None = None) -> dict[str, Any]:
    """All listed fields required unless said otherwise."""
    return {"type": "object", "properties": properties,
            "required": list(properties if required is None else required)}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(field: str, item: str) -> dict[str, Any]:
    return _object({field: {"type": "array", "items": _ref(item)}})


LATLNG = _object({"lat": _NUM, "lng": _NUM})
RESPONSE_SCHEMAS: dict[str, dict[str, Any]] = {
    "Money": {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": 'yuan with two decimals, e.g. "710.00"'},
    "LoginResponse": _object({"token": _STR, "customer_id": _STR}),
    "Store": _object({
        "store_id": _STR, "name": _STR, "address": _STR, "phone": _STR, "timezone": _STR, "slot_minutes": _INT,
        "hours": {"type": "object", "additionalProperties": {"type": "array", "items": _STR, "minItems": 2, "maxItems": 2}},
        "city": _OPT_STR, "district": _OPT_STR, "location": {"anyOf": [LATLNG, {"type": "null"}]},
    }, ("store_id", "name", "address", "phone", "timezone", "slot_minutes", "hours")),
    "StoresResponse": _list_of("stores", "Store"),
    "Slot": _object({"start": _INSTANT, "end": _INSTANT, "available": _INT, "tier": _TIER,
                     "segment": {**_OPT_STR, "description": "the store plan's segment name; null outside every segment"},
                     "discount": {**_OPT_NUM, "description": "share off labour (0.15: labour at 85 %); 0 unless recommended"},
                     "price_estimate": {**_MONEY, "description": "labour × (1 − discount) + parts for the service asked "
                                                                 "about; null: none asked about, or not on the price list"},
                     "labour_estimate": {**_MONEY, "description": "its labour × (1 − discount): what a coupon takes "
                                                                  "its part of; null as price_estimate"},
                     "store_id": _STR, "store_name": _STR},
                    ("start", "end", "available", "tier", "segment", "discount", "price_estimate")),
    "SlotsResponse": _object({"store_id": _STR, "date": {"type": "string", "format": "date"}, "closed": _OPT_STR,
                              "slots": {"type": "array", "items": _ref("Slot")}}),
    "FirstAvailableResponse": _list_of("slots", "Slot"),
    "BookingEvent": _object({"at": _INSTANT, "kind": _STR, "by": _STR, "note": _STR}, ("at", "kind", "by")),
    "Booking": _object({
        "booking_id": _STR, "store_id": _STR, "status": _STATUS, "start": _OPT_INSTANT, "end": _OPT_INSTANT,
        "service_type": _STR, "tier": _OPT_STR, "discount": _OPT_NUM, "priority": _OPT_STR, "advisor": _OPT_STR,
        "segment": _OPT_STR, "price_estimate": {**_MONEY, "description": "quoted when booked or moved, or the advisor's"},
        "price": {**_MONEY, "deprecated": True, "description": "the same as price_estimate"},
        "source": _STR, "description": _OPT_STR, "parts_status": _OPT_STR, "labour_hours": _NUM,
        "acknowledged_at": _OPT_INSTANT,
        "coupon": {"anyOf": [_object({"coupon_id": _STR, "off": _ref("Money")}, ("coupon_id", "off")), {"type": "null"}],
                   "description": "the coupon it was booked with and what it took off (docs/product-rules.md#coupons)"},
        "customer": _object({"name": _STR, "phone": _STR}),
        "vehicle": _object({"plate": _STR, "model": _STR, "mileage": _INT}),
        "events": {"type": "array", "items": _ref("BookingEvent")},
        "deposit": {"anyOf": [_ref("Deposit"), {"type": "null"}],
                    "description": "its deposit paid by WeChat Pay; null: none ordered (decision 0062)"},
        "balance_payment": {"anyOf": [_ref("BalancePaid"), {"type": "null"}],
                            "description": "its bill's balance paid in the mini-program; null: none ordered "
                                           "(decision 0077)"},
        "promised": {"anyOf": [_ref("Promise"), {"type": "null"}],
                     "description": "the hand-back time promised at check-in (docs/product-rules.md#promised-time)"},
        "extra_work": {"type": "array", "items": _ref("ExtraItem")},
        "parts": {"anyOf": [_object({"expected": _OPT_STR, "estimate_fen": _OPT_INT,
                                     "deposit_fen": _OPT_INT}), {"type": "null"}],
                  "description": "a parts booking's expected date, estimate and deposit (docs/product-rules.md#parts-deposit)"},
    }, ("booking_id", "store_id", "status", "start", "end", "service_type", "tier", "discount", "segment",
        "price_estimate", "customer", "vehicle", "events")),
    "Deposit": _object({
        "state": {"enum": ["ordered", "paid", "closed", "refunding", "refunded"]},
        "amount_fen": _INT, "due_by": {**_INSTANT, "description": "unpaid by then, the parts request is cancelled"},
        "paid_fen": _INT, "refund_fen": {**_INT, "description": "the refund asked"},
        "refunded_fen": {**_INT, "description": "the refund WeChat Pay confirmed"}}),
    "DepositPayment": _object({
        "deposit": _ref("Deposit"),
        "payment": {**_object({name: _STR for name in ("appId", "timeStamp", "nonceStr", "package", "signType",
                                                       "paySign")}),
                    "description": "the parameters of wx.requestPayment, as they are"}}),
    "DepositResponse": _object({"deposit": {"anyOf": [_ref("Deposit"), {"type": "null"}]}}),
    "BalancePaid": _object({
        "state": {"enum": ["ordered", "paid", "closed", "refunding", "refunded"]},
        "amount_fen": {**_INT, "description": "the final bill's balance when it was ordered"},
        "due_by": {**_INSTANT, "description": "unpaid by then, WeChat Pay takes it no more"},
        "paid_fen": _INT, "paid_at": _OPT_INSTANT,
        "transaction_id": {**_OPT_STR, "description": "WeChat Pay's, once paid"},
        "refund_fen": {**_INT, "description": "the refund the store asked"},
        "refunded_fen": {**_INT, "description": "the refund WeChat Pay confirmed"}}),
    "BalancePayment": _object({
        "balance_payment": _ref("BalancePaid"),
        "payment": {**_object({name: _STR for name in ("appId", "timeStamp", "nonceStr", "package", "signType",
                                                       "paySign")}),
                    "description": "the parameters of wx.requestPayment, as they are"}}),
    "BalancePaymentResponse": _object({"balance_payment": {"anyOf": [_ref("BalancePaid"), {"type": "null"}]}}),
    "Promise": _object({"at": _INSTANT, "first": _INSTANT, "delays": _INT, "reason": _OPT_STR, "check_from": _INSTANT,
                        "check_by": _INSTANT, "checked_at": _OPT_INSTANT}),
    "ExtraItem": _object({"item_id": _STR, "what": _STR, "why": _STR, "labour_hours": _NUM, "parts": _STR,
                          "price": _ref("Money"), "price_fen": _INT, "minutes": _INT,
                          "status": {"enum": ["proposed", "approved", "declined"]}, "proposed_at": _INSTANT,
                          "decided_at": _OPT_INSTANT, "by_phone": {"type": "boolean"}, "said": _OPT_STR,
                          "told_at": _OPT_INSTANT}),
    "ExtraWorkResponse": _list_of("items", "ExtraItem"),
    "BillLine": _object({"kind": {"enum": ["labour", "discount", "parts", "extra_work", "coupon", "deposit",
                                           "balance_paid"]},
                         "what": _STR, "item_id": _OPT_STR, "fen": _INT, "amount": _ref("Money")}),
    "Bill": _object({"booking_id": _STR, "stage": {"enum": ["estimate", "final"]}, "priced": {"type": "boolean"},
                     "lines": {"type": "array", "items": _ref("BillLine")}, "charged_fen": _INT,
                     "charged": _ref("Money"), "balance_fen": _INT, "balance": _ref("Money"), "refund_fen": _INT,
                     "refund": _ref("Money"),
                     "invoice": {"type": ["object", "null"], "description": "the customer's invoice request",
                                 "properties": {"kind": {"enum": ["personal", "company"]}, "title": _STR,
                                                "tax_id": _OPT_STR, "email": _OPT_STR}},
                     "balance_mode": {"enum": ["cashier", "mini_program", None],
                                      "description": "where the chain takes the balance: at the store's cashier, "
                                                     "or paid in the mini-program (decision 0077)"},
                     "balance_payment": {"anyOf": [_ref("BalancePaid"), {"type": "null"}]}}),
    "BookingsResponse": _list_of("bookings", "Booking"),
    "SubscriptionsResponse": _object({"subscriptions": {"type": "object", "additionalProperties": _INT}}),
    "MyData": _object({"exported_at": _INSTANT, "customer": {"type": "object"},
                       "bookings": {"type": "array", "items": _ref("Booking")},
                       "coupon_claims": {"type": "array", "items": _object({"coupon_id": _STR, "used": _INT})}}),
    "PhoneLinked": _object({"phone": _STR, "verified": {"type": "boolean"}, "linked": {"type": "boolean"},
                            "outcome": {"enum": ["merged", "no_phone_customer", "plate_mismatch",
                                                 "other_wechat_customer"]},
                            "moved": _object({"bookings": _INT, "vehicles": _INT})}),
    "Preferences": _object({"contact_hours": {"type": ["array", "null"], "items": _STR}, "marketing": {"type": "boolean"},
                            "contact_days": {"enum": ["any", "weekdays", "rest_days"]},
                            "rush_hours": {"type": "array", "items": {"type": "array", "items": _STR}}}),
    "ConsentResponse": _object({"marketing": {"type": "boolean"}}),
    "Coupon": _object({"coupon_id": _STR, "name": _STR, "valid_from": _STR, "valid_to": _STR,
                       "amount_fen": {"type": ["integer", "null"]}, "percent": {"type": ["integer", "null"]},
                       "per_customer": _INT, "claimed": {"type": "boolean"}, "used": _INT,
                       "usable": {"type": "boolean"}, "expired": {"type": "boolean"},
                       "service_types": {"type": "array", "items": _STR, "description": "the services it is for; "
                                                                                        "empty: any"},
                       "invitation": _OPT_STR, "for_you": {"type": "boolean", "description": "given with an "
                                                                                             "invitation"}}),
    "CouponsResponse": _list_of("coupons", "Coupon"),
    "CheckInResponse": _object({"status": {"enum": ["arrived", "queued"]}, "proof": {"enum": ["location", "lobby_code"]},
                                "booking": _ref("Booking"), "wait_minutes": {"type": ["integer", "null"]},
                                "ahead": {"type": ["integer", "null"]}}),
    "Erased": _object({"erased": _object({name: _INT for name in (
        "messages", "tasks", "report_days", "cancelled", "bookings", "vehicles", "customer")})}),
}

# (method, path) -> (status, schema name): what a successful call answers
RESPONSES: dict[tuple[str, str], tuple[str, str]] = {
    ("POST", "/mp/login"): ("200", "LoginResponse"),
    ("GET", "/mp/stores"): ("200", "StoresResponse"),
    ("GET", "/mp/stores/{store_id}/slots"): ("200", "SlotsResponse"),
    ("GET", "/mp/first-available"): ("200", "FirstAvailableResponse"),
    ("POST", "/mp/bookings"): ("201", "Booking"),
    ("GET", "/mp/bookings"): ("200", "BookingsResponse"),
    ("GET", "/mp/bookings/{booking_id}"): ("200", "Booking"),
    ("POST", "/mp/bookings/{booking_id}/cancel"): ("200", "Booking"),
    ("POST", "/mp/bookings/{booking_id}/reschedule"): ("200", "Booking"),
    ("POST", "/mp/bookings/{booking_id}/acknowledge"): ("200", "Booking"),
    ("POST", "/mp/bookings/{booking_id}/feedback"): ("200", "Booking"),
    ("POST", "/mp/bookings/{booking_id}/deposit"): ("200", "DepositPayment"),
    ("GET", "/mp/bookings/{booking_id}/deposit"): ("200", "DepositResponse"),
    ("POST", "/mp/bookings/{booking_id}/balance"): ("200", "BalancePayment"),
    ("GET", "/mp/bookings/{booking_id}/balance"): ("200", "BalancePaymentResponse"),
    ("POST", "/staff/bookings/{booking_id}/balance/refund"): ("200", "Bill"),
    ("POST", "/mp/subscriptions"): ("200", "SubscriptionsResponse"),
    ("GET", "/mp/me/data"): ("200", "MyData"),
    ("POST", "/mp/phone"): ("200", "PhoneLinked"),
    ("DELETE", "/mp/me"): ("200", "Erased"),
    ("GET", "/mp/me/preferences"): ("200", "Preferences"),
    ("PATCH", "/mp/me/preferences"): ("200", "Preferences"),
    ("GET", "/mp/me/consent"): ("200", "ConsentResponse"),
    ("PUT", "/mp/me/consent"): ("200", "ConsentResponse"),
    ("GET", "/mp/coupons"): ("200", "CouponsResponse"),  # docs/product-rules.md#coupons
    ("POST", "/mp/coupons/{coupon_id}/claim"): ("200", "Coupon"),
    ("POST", "/mp/checkin"): ("200", "CheckInResponse"),
    ("GET", "/mp/bookings/{booking_id}/extra-work"): ("200", "ExtraWorkResponse"),  # docs/product-rules.md#extra-work
    ("POST", "/mp/bookings/{booking_id}/extra-work/{item_id}"): ("200", "Booking"),
    ("GET", "/staff/bookings/{booking_id}/bill"): ("200", "Bill"),  # docs/product-rules.md#the-bill
    ("PUT", "/staff/bookings/{booking_id}/bill"): ("200", "Bill"),
    ("GET", "/mp/bookings/{booking_id}/bill"): ("200", "Bill"),
    ("PUT", "/mp/bookings/{booking_id}/invoice"): ("200", "Bill"),
}
