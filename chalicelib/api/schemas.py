"""The JSON Schemas of the request bodies, by the name a route declares (`body=`), and of the answers that
carry money and slots, by route (`RESPONSES`), for GET /openapi.json.

They describe what domain/validation.py enforces (it stays the one place that refuses, naming the field);
tests/e2e/test_openapi.py checks every route against the document, and sampled answers against their schema.
Money is always yuan: answers give a string with two decimals ("710.00", `Money`), requests take a number
or such a string (`MoneyIn`); inside the service it is integer fen.
"""
from __future__ import annotations

from typing import Any

_TEXT = {"type": "string", "minLength": 1}
_INSTANT = {"type": "string", "format": "date-time", "description": "ISO-8601 with its UTC offset, years 2000-2100"}
_PHONE = {"type": "string", "description": "mainland mobile; +86/0086, separators and full-width digits accepted"}
_PASSWORD = {"type": "string", "minLength": 1, "maxLength": 128}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


_CUSTOMER = _object({"name": {**_TEXT, "maxLength": 20}, "phone": _PHONE, "honorific": {"enum": ["先生", "女士"]}},
                    ("name", "phone"))
_VEHICLE = _object({"plate": {**_TEXT, "maxLength": 12}, "model": {**_TEXT, "maxLength": 40},
                    "mileage": {"type": "integer", "minimum": 0, "maximum": 2_000_000},
                    "purchase_date": {"type": "string", "format": "date"},
                    "last_service_date": {"type": "string", "format": "date"},
                    "last_service_mileage": {"type": "integer", "minimum": 0, "maximum": 2_000_000}},
                   ("plate", "model", "mileage"))
MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$", "description": "yuan with two decimals, e.g. \"710.00\""}
MONEY_IN = {"description": "yuan: a number with at most two decimals, or a string like \"710.00\"",
            "oneOf": [{"type": "number", "minimum": 0, "maximum": 1_000_000},
                      {"type": "string", "pattern": r"^\s*\d{1,7}(\.\d{1,2})?\s*$"}]}
_ESTIMATE = _object({"labour_hours": {"type": "number", "minimum": 0.25, "maximum": 24},
                     "price": {"$ref": "#/components/schemas/MoneyIn"}})
_HHMM = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
_SEGMENT = _object({"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,31}$"},
                    "name": {**_TEXT, "maxLength": 20},
                    "days": {"type": "array", "minItems": 1,
                             "items": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}},
                    "from": {**_HHMM, "description": "absent: start of day"},
                    "to": {**_HHMM, "description": "absent: end of day"},
                    "tier": {"enum": ["recommended", "normal", "busy"]},
                    "quota": {"type": "integer", "minimum": 0, "description": "bookings a day; absent: no quota"},
                    "discount": {"type": "number", "minimum": 0, "maximum": 0.5,
                                 "description": "recommended segments only; absent: the store's recommended_discount"}},
                   ("id", "name", "days", "tier"))
_PRICE_ITEM = _object({"labour_hours": {"type": "number", "minimum": 0, "maximum": 100},
                       "hourly_rate": {"$ref": "#/components/schemas/MoneyIn"},
                       "parts": {"$ref": "#/components/schemas/MoneyIn"}}, ("labour_hours", "hourly_rate"))

SCHEMAS: dict[str, dict[str, Any]] = {
    "MpLogin": _object({"chain_id": {**_TEXT, "maxLength": 64}, "code": {**_TEXT, "maxLength": 128}}, ("chain_id", "code")),
    "StaffLogin": _object({"chain_id": {**_TEXT, "maxLength": 64}, "username": {**_TEXT, "maxLength": 64},
                           "password": _PASSWORD}, ("chain_id", "username", "password")),
    "BookingRequest": _object({"store_id": {**_TEXT, "maxLength": 64}, "start": _INSTANT,
                               "service_type": {"type": "string"}, "customer": _CUSTOMER, "vehicle": _VEHICLE,
                               "description": {"type": "string", "maxLength": 500},
                               "preferred_channel": {"enum": ["wechat", "sms", "phone"]}},
                              ("store_id", "start", "service_type", "customer", "vehicle")),
    "StaffBooking": _object({"start": _INSTANT, "service_type": {"type": "string"},
                             "source": {"enum": ["phone", "walk_in", "proactive"]}, "customer": _CUSTOMER,
                             "vehicle": _VEHICLE, "description": {"type": "string", "maxLength": 500},
                             "priority": {"enum": ["rework", "recall", "warranty", "emergency", "vip"]},
                             "advisor": _TEXT, "estimate": _ESTIMATE, "waiting_for_parts": {"type": "boolean"}},
                            ("service_type", "customer", "vehicle")),
    "Reschedule": _object({"start": _INSTANT}, ("start",)),
    "Cancel": _object({"reason": {"type": "string", "maxLength": 200}}),
    "Feedback": _object({"score": {"type": "integer", "minimum": 1, "maximum": 5},
                         "comment": {"type": "string", "maxLength": 500}}, ("score",)),
    "Subscriptions": _object({"templates": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}},
                             ("templates",)),
    "StaffAction": _object({"note": {"type": "string", "maxLength": 200}, "advisor": _TEXT, "estimate": _ESTIMATE,
                            "mileage": {"type": "integer", "minimum": 0, "maximum": 2_000_000}}),
    "TaskDone": _object({"note": {"type": "string", "maxLength": 500}}),
    "Store": {"type": "object", "description": "a store's configuration (domain/store_config.py)", "required": ["name"],
              "properties": {"plan": {"type": "array", "maxItems": 50, "items": _SEGMENT},
                             "price_list": {"type": "object", "additionalProperties": _PRICE_ITEM}}},
    "NewStaff": _object({"username": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,40}$"}, "password": _PASSWORD,
                         "display_name": {**_TEXT, "maxLength": 20},
                         "role": {"enum": ["chain_admin", "store_manager", "advisor"]},
                         "store_ids": {"type": "array", "items": {"type": "string"}}},
                        ("username", "password", "display_name", "role")),
    "StaffChange": {**_object({"role": {"enum": ["chain_admin", "store_manager", "advisor"]},
                               "store_ids": {"type": "array", "items": {"type": "string"}},
                               "disabled": {"type": "boolean"}}), "additionalProperties": False},
    "PasswordReset": _object({"password": _PASSWORD}, ("password",)),
    "OwnPassword": _object({"old": _PASSWORD, "new": _PASSWORD}, ("old", "new")),
}

_NULLABLE_TEXT = {"type": ["string", "null"]}
_TIER = {"enum": ["recommended", "normal", "busy"]}
_DISCOUNT = {"type": "number", "minimum": 0, "maximum": 0.5,
             "description": "share taken off labour (0.15: labour at 85 %, 工时费8.5折); 0 outside recommended slots"}
_ESTIMATE_OUT = {"oneOf": [{"$ref": "#/components/schemas/Money"}, {"type": "null"}],
                 "description": "labour hours × hourly rate with the discount on labour, plus parts; null: not listed"}
SLOT = _object({"start": _INSTANT, "end": _INSTANT, "available": {"type": "integer", "minimum": 0}, "tier": _TIER,
                "segment": {**_NULLABLE_TEXT, "description": "the store plan's segment name; null outside every segment"},
                "discount": _DISCOUNT, "price_estimate": _ESTIMATE_OUT},
               ("start", "end", "available", "tier", "segment", "discount", "price_estimate"))
BOOKING = _object({"booking_id": _TEXT, "store_id": _TEXT, "status": {"type": "string"},
                   "start": {"type": ["string", "null"]}, "end": {"type": ["string", "null"]},
                   "service_type": {"type": "string"}, "tier": {"type": "string"}, "discount": _DISCOUNT,
                   "segment": _NULLABLE_TEXT,
                   "price_estimate": {**_ESTIMATE_OUT, "description": "quoted when booked or moved, or the advisor's"},
                   "price": {**_ESTIMATE_OUT, "deprecated": True, "description": "the same as price_estimate"},
                   "customer": {"type": "object"}, "vehicle": {"type": "object"}, "events": {"type": "array"}},
                  ("booking_id", "store_id", "status", "start", "end", "service_type", "tier", "discount", "segment",
                   "price_estimate", "customer", "vehicle", "events"))
_REF = {name: {"$ref": f"#/components/schemas/{name}"} for name in ("Slot", "Booking")}
RESPONSE_SCHEMAS: dict[str, dict[str, Any]] = {
    "Money": MONEY, "MoneyIn": MONEY_IN, "Slot": SLOT, "Booking": BOOKING,
    "DaySlots": _object({"store_id": _TEXT, "date": {"type": "string", "format": "date"}, "closed": _NULLABLE_TEXT,
                         "slots": {"type": "array", "items": _REF["Slot"]}}, ("store_id", "date", "slots")),
    "FirstAvailable": _object({"slots": {"type": "array", "items": {"allOf": [
        _REF["Slot"], _object({"store_id": _TEXT, "store_name": _TEXT}, ("store_id", "store_name"))]}}}, ("slots",)),
    "Bookings": _object({"bookings": {"type": "array", "items": _REF["Booking"]}}, ("bookings",)),
}
# (method, path) -> the schema of its 200/201 answer; routes not named here answer {"type": "object"}
RESPONSES: dict[tuple[str, str], str] = {
    ("GET", "/mp/stores/{store_id}/slots"): "DaySlots",
    ("GET", "/mp/first-available"): "FirstAvailable",
    ("POST", "/mp/bookings"): "Booking",
    ("GET", "/mp/bookings"): "Bookings",
    ("GET", "/mp/bookings/{booking_id}"): "Booking",
    ("POST", "/mp/bookings/{booking_id}/reschedule"): "Booking",
    ("POST", "/staff/stores/{store_id}/bookings"): "Booking",
    ("POST", "/staff/bookings/{booking_id}/reschedule"): "Booking",
    ("POST", "/staff/bookings/{booking_id}/{action}"): "Booking",
}
CREATED = frozenset({("POST", "/mp/bookings"), ("POST", "/staff/stores/{store_id}/bookings")})  # answer 201

ERROR = _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"},
                                   "field": {"type": ["string", "null"]}}, ("code", "message", "field"))}, ("error",))
