"""The JSON Schemas of the request bodies, by the name a route declares (`body=`), for GET /openapi.json.

They describe what domain/validation.py enforces (it stays the one place that refuses, naming the field);
tests/e2e/test_openapi.py checks every route against the document.
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
_ESTIMATE = _object({"labour_hours": {"type": "number", "minimum": 0.25, "maximum": 24},
                     "price": {"type": "number", "minimum": 0, "maximum": 1_000_000}})
_PARTS = _object({"expected": {"type": "string", "format": "date"},
                  "estimate_fen": {"type": "integer", "minimum": 0, "maximum": 100_000_000},
                  "deposit_fen": {"type": "integer", "minimum": 0, "maximum": 100_000_000}})

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
    "Reschedule": _object({"start": _INSTANT}, ("start",)),
    "Cancel": _object({"reason": {"type": "string", "maxLength": 200}}),
    "Feedback": _object({"score": {"type": "integer", "minimum": 1, "maximum": 5},
                         "comment": {"type": "string", "maxLength": 500}}, ("score",)),
    "Subscriptions": _object({"templates": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}},
                             ("templates",)),
    "StaffAction": _object({"note": {"type": "string", "maxLength": 200}, "advisor": _TEXT, "estimate": _ESTIMATE,
                            "mileage": {"type": "integer", "minimum": 0, "maximum": 2_000_000}}),
    "TaskDone": _object({"outcome": {"enum": ["reached", "no_answer", "rebooked", "declined", "other"]},
                         "note": {"type": "string", "maxLength": 500}}),
    "Store": {"type": "object", "description": "a store's configuration (domain/store_config.py)", "required": ["name"]},
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

ERROR = _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"},
                                   "field": {"type": ["string", "null"]}}, ("code", "message", "field"))}, ("error",))
