"""The JSON Schemas of the request bodies, by the name a route declares (`body=`), for GET /openapi.json.

They describe what domain/validation.py enforces (it stays the one place that refuses, naming the field);
tests/e2e/test_openapi.py checks every route against the document. Money is always yuan: requests take a
number or a string with at most two decimals (`MoneyIn`), answers give a string with two (`Money`, in
api/responses.py); inside the service it is integer fen.
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
MONEY_IN = {"description": "yuan: a number with at most two decimals, or a string like \"710.00\"",
            "oneOf": [{"type": "number", "minimum": 0, "maximum": 1_000_000},
                      {"type": "string", "pattern": r"^\s*\d{1,7}(\.\d{1,2})?\s*$"}]}
_ESTIMATE = _object({"labour_hours": {"type": "number", "minimum": 0.25, "maximum": 24},
                     "price": {"$ref": "#/components/schemas/MoneyIn"}})
_PARTS = _object({"expected": {"type": "string", "format": "date"},
                  "estimate_fen": {"type": "integer", "minimum": 0, "maximum": 100_000_000},
                  "deposit_fen": {"type": "integer", "minimum": 0, "maximum": 100_000_000}})
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
                             "advisor": _TEXT, "estimate": _ESTIMATE, "waiting_for_parts": {"type": "boolean"},
                             "parts": _PARTS},
                            ("service_type", "customer", "vehicle")),
    "WalkIn": _object({"service_type": {"type": "string"}, "customer": _CUSTOMER, "vehicle": _VEHICLE,
                       "description": {"type": "string", "maxLength": 500},
                       "priority": {"enum": ["rework", "recall", "warranty", "emergency", "vip"]},
                       "advisor": _TEXT, "estimate": _ESTIMATE}, ("service_type", "customer", "vehicle")),
    "BoardPair": _object({"link": {**_TEXT, "maxLength": 2048, "description": "the code after the `#` of a pairing link"}},
                         ("link",)),
    "AdvisorChange": _object({"username": {**_TEXT, "maxLength": 41}}, ("username",)),
    "NewChain": _object({"chain_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,40}$"},
                         "name": {**_TEXT, "maxLength": 40}, "mp_appid": {**_TEXT, "maxLength": 32},
                         "mp_secret_ref": {**_TEXT, "maxLength": 200}, "oa_appid": {**_TEXT, "maxLength": 32},
                         "oa_secret_ref": {**_TEXT, "maxLength": 200},
                         "admin": _object({"username": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,40}$"},
                                           "password": _PASSWORD, "display_name": {**_TEXT, "maxLength": 20}},
                                          ("username", "password", "display_name"))},
                        ("chain_id", "name", "mp_appid", "mp_secret_ref", "admin")),
    "Reschedule": _object({"start": _INSTANT}, ("start",)),
    "PartsExpected": _object({"expected": {"type": "string", "format": "date"}}, ("expected",)),
    "Cancel": _object({"reason": {"type": "string", "maxLength": 200}}),
    "Feedback": _object({"score": {"type": "integer", "minimum": 1, "maximum": 5},
                         "comment": {"type": "string", "maxLength": 500}}, ("score",)),
    "ContactHours": _object({"contact_hours": {"type": ["array", "null"], "items": {"type": "string"},
                                               "minItems": 2, "maxItems": 2}}, ("contact_hours",)),
    "Consent": _object({"marketing": {"type": "boolean"}}, ("marketing",)),
    "Subscriptions": _object({"templates": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}},
                             ("templates",)),
    "StaffAction": _object({"note": {"type": "string", "maxLength": 200}, "advisor": _TEXT, "estimate": _ESTIMATE,
                            "mileage": {"type": "integer", "minimum": 0, "maximum": 2_000_000}}),
    "TaskDone": _object({"outcome": {"enum": ["reached", "no_answer", "rebooked", "declined", "other"]},
                         "note": {"type": "string", "maxLength": 500}}),
    "MoneyIn": MONEY_IN,
    "StoreConfig": {"type": "object", "description": "a store's configuration (domain/tenancy/store_config.py)",
                    "required": ["name"],
                    "properties": {"plan": {"type": "array", "maxItems": 50, "items": _SEGMENT},
                                   "price_list": {"type": "object", "additionalProperties": _PRICE_ITEM}}},
    "NewStaff": _object({"username": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,40}$"}, "password": _PASSWORD,
                         "display_name": {**_TEXT, "maxLength": 20},
                         "role": {"enum": ["chain_admin", "store_manager", "advisor"]},
                         "store_ids": {"type": "array", "items": {"type": "string"}}},
                        ("username", "password", "display_name", "role")),
    "StaffChange": {**_object({"role": {"enum": ["chain_admin", "store_manager", "advisor"]},
                               "store_ids": {"type": "array", "items": {"type": "string"}},
                               "disabled": {"type": "boolean"},
                               "days_off": {"type": "array", "items": {"type": "string"},
                                            "description": "weekdays (mon..sun) and dates (YYYY-MM-DD) off duty"}}),
                  "additionalProperties": False},
    "PasswordReset": _object({"password": _PASSWORD}, ("password",)),
    "StaffContact": {**_object({"phone": {**_PHONE, "type": ["string", "null"]},
                                "oa_openid": {"type": ["string", "null"], "maxLength": 64}}), "additionalProperties": False},
    "HolidaySchedule": {**_object({"holidays": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": 60},
                                   "workdays": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": 60}},
                                  ("holidays", "workdays")), "additionalProperties": False},
    "OwnPassword": _object({"old": _PASSWORD, "new": _PASSWORD}, ("old", "new")),
    "PhoneLink": _object({"code": {**_TEXT, "maxLength": 128, "description": "the mini-program's phone-number code"},
                          "plate": {**_TEXT, "maxLength": 12, "description": "a plate of the customer's car, when "
                                                                             "none is on file yet"}}, ("code",)),
    "WeChatPush": {"type": "object", "description": (
        "WeChat's push as WeChat sends it: XML <xml>…</xml> (official account; mini-program in XML mode) or JSON "
        "(mini-program in JSON mode); in safe mode only Encrypt (AES, the chain's key) and ToUserName. Query: "
        "signature, timestamp, nonce; safe mode adds encrypt_type=aes and msg_signature; a server check (GET) "
        "adds echostr."),
        "properties": {"ToUserName": {"type": "string"}, "FromUserName": {"type": "string"},
                       "CreateTime": {"type": ["string", "integer"]}, "MsgType": {"type": "string"},
                       "Event": {"type": "string"}, "Encrypt": {"type": "string"},
                       "List": {"type": "array", "items": _object({
                           "TemplateId": {"type": "string"}, "SubscribeStatusString": {"enum": ["accept", "reject"]},
                           "ErrorCode": {"type": ["string", "integer"]}, "ErrorStatus": {"type": "string"}})}}},
}

ERROR = _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"},
                                   "field": {"type": ["string", "null"]}}, ("code", "message", "field"))}, ("error",))
