"""The JSON Schemas of the request bodies, by the name a route declares (`body=`): what the server checks
before a view runs (api/schema_check.py) and what GET /openapi.json documents, one and the same.

Every object is closed (`additionalProperties: false`): a field a route does not know is refused, naming it.
Rules a schema cannot say (a plate's or a phone's form, whether a slot is free) stay with the domain, which
refuses naming the field too. Money is always yuan: requests take a number or a string with at most two
decimals (`MoneyIn`), answers give a string with two (`Money`, in api/responses.py); inside it is integer fen.
"""
from __future__ import annotations

from typing import Any

from ..domain.booking.events import EVENT_TYPES
from ..domain.floor.tasks import OUTCOMES
from ..domain.messaging.messages import MESSAGE_KINDS
from ..domain.people.staff import STAFF_ROLES
from ..domain.service_types import PRIORITY_REASONS, SERVICE_TYPES, LabourCategory
from ..domain.tenancy.plan_config import MAX_SEGMENTS
from ..domain.tenancy.store import REPORT_KINDS, WEEKDAYS
from ..domain.tenancy.store_config import SLOT_LENGTHS
from ..domain.tenancy.wechat_setup import SETTINGS as WECHAT_SETTINGS
from ..domain.validation import MAX_MILEAGE_KM
from ..services.people.customers import MAX_GRANTS_PER_CALL
from ..services.people.staff_access import MIN_PASSWORD


def _text(max_len: int, **more: Any) -> dict[str, Any]:
    """Text that must not be empty or blank (blank text is missing text: `required`)."""
    return {"type": "string", "minLength": 1, "maxLength": max_len, "pattern": r"\S", **more}


def _free(max_len: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_len}


def _int(low: int, high: int, **more: Any) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high, **more}


def _num(low: float, high: float, **more: Any) -> dict[str, Any]:
    return {"type": "number", "minimum": low, "maximum": high, **more}


def _list(items: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **more}


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False,
            **more}


_INSTANT = {"type": "string", "format": "date-time", "maxLength": 40,
            "description": "ISO-8601 with its UTC offset, years 2000-2100"}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_HHMM = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
_WINDOW = {"type": ["array", "null"], "items": _HHMM, "minItems": 2, "maxItems": 2}
_PHONE = {"type": "string", "description": "mainland mobile; +86/0086, separators and full-width digits accepted"}
_PLATE = _text(20, description="a Chinese plate, e.g. 沪A12345 or 沪AD12345; separators and lower case accepted")
_PASSWORD = _text(128)
_NEW_PASSWORD = {"type": "string", "minLength": MIN_PASSWORD, "maxLength": 128, "description": "kept as typed"}
_USERNAME = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,40}$"}
_KM = _int(0, MAX_MILEAGE_KM)
_SERVICE = {"enum": list(SERVICE_TYPES)}
_PRIORITY = {"enum": list(PRIORITY_REASONS)}
_ROLE = {"enum": [r.value for r in STAFF_ROLES]}
_STORE_IDS = _list({"type": "string"})
_DAY_OFF = {"type": "string", "pattern": f"^({'|'.join(WEEKDAYS)}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})$"}

_CUSTOMER = _object({"name": _text(20), "phone": _PHONE, "honorific": {"enum": ["先生", "女士"]}}, ("name", "phone"))
_VEHICLE_FIELDS = {"plate": _PLATE, "model": _text(40), "mileage": _KM,
                   "purchase_date": {**_DATE, "description": "a new car: its first service is invited"}}
_VEHICLE = _object({**_VEHICLE_FIELDS, "last_service_date": _DATE, "last_service_mileage": _KM},
                   ("plate", "model", "mileage"))
_STAFF_VEHICLE = _object(_VEHICLE_FIELDS, ("plate", "model", "mileage"))
MONEY_IN = {"description": "yuan: a number with at most two decimals, or a string like \"710.00\"",
            "oneOf": [_num(0, 1_000_000), {"type": "string", "pattern": r"^\s*\d{1,7}(\.\d{1,2})?\s*$"}]}
_MONEY = {"$ref": "#/components/schemas/MoneyIn"}
_ESTIMATE = _object({"labour_hours": _num(0.25, 24), "price": _MONEY})
_PARTS = _object({"expected": _DATE, "estimate_fen": _int(0, 100_000_000), "deposit_fen": _int(0, 100_000_000)})
_SEGMENT = _object({"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,31}$"},
                    "name": _text(20),
                    "days": _list({"enum": list(WEEKDAYS)}, minItems=1),
                    "from": {**_HHMM, "description": "absent: start of day"},
                    "to": {**_HHMM, "description": "absent: end of day"},
                    "tier": {"enum": ["recommended", "normal", "busy"]},
                    "quota": _int(0, 10_000, description="bookings a day; absent: no quota"),
                    "discount": _num(0, 0.5, description="recommended segments only; absent: the store's "
                                                         "recommended_discount")},
                   ("id", "name", "days", "tier"))
_PRICE_ITEM = _object({"labour_hours": _num(0, 100), "hourly_rate": _MONEY, "parts": _MONEY},
                      ("labour_hours", "hourly_rate"))
_SHARE = _num(0, 1)
STORE_CONFIG = _object({
    "name": _text(40),
    "timezone": {"type": "string", "description": "an IANA zone; absent: Asia/Shanghai"},
    "address": _free(200), "phone": _free(30), "city": _free(40), "district": _free(40), "parking": _free(60),
    "location": _object({"lat": _num(-90, 90), "lng": _num(-180, 180)}, ("lat", "lng"),
                        description="GCJ-02, as WeChat's location APIs give it"),
    "hours": _object({day: {**_WINDOW, "description": "[opens, closes]; null: closed"} for day in WEEKDAYS},
                     description="absent: 08:30-17:30 every day; a weekday left out is closed"),
    "closed_dates": _list(_DATE), "open_dates": _list(_DATE, description="open even on a public holiday"),
    "closes_on_public_holidays": {"type": "boolean"},
    "slot_minutes": {"type": "integer", "enum": list(SLOT_LENGTHS)},
    "capacity_per_slot": _int(1, 100),
    "walk_in_reserve": {**_SHARE, "description": "share of each slot never offered online"},
    "lead_time_minutes": _int(0, 7 * 24 * 60), "horizon_days": _int(1, 180), "grace_minutes": _int(0, 60),
    "customer_cutoff_minutes": _int(0, 7 * 24 * 60),
    "recommended_discount": _num(0, 0.5), "recommended_below": _SHARE,
    "busy_from": {**_SHARE, "description": "not below recommended_below"},
    "labour_hours": _object({c.value: _num(0, 1000) for c in LabourCategory}, description="hours per day"),
    "reminder_offsets_minutes": _list(_int(1, 7 * 24 * 60), description="minutes before the start"),
    "quiet_hours": {**_WINDOW, "description": "no customer message inside; absent: 21:00-08:30, null: none"},
    "report_delivery": _object({"kinds": _list({"enum": list(REPORT_KINDS)}),
                                "recipients": _list(_text(41), maxItems=20,
                                                    description="usernames; none: the store's managers")}),
    "plan": _list(_SEGMENT, maxItems=MAX_SEGMENTS),
    "price_list": _object({kind: _PRICE_ITEM for kind in SERVICE_TYPES}),
}, ("name",), description="a store's configuration; every setting but the name has the product's default")
NO_BODY = _object({}, description="a route that takes no body takes no field either")

SCHEMAS: dict[str, dict[str, Any]] = {
    "MpLogin": _object({"chain_id": _text(64), "code": _text(128)}, ("chain_id", "code")),
    "StaffLogin": _object({"chain_id": _text(64), "username": _text(64), "password": _PASSWORD},
                          ("chain_id", "username", "password")),
    "BookingRequest": _object({"store_id": _text(64), "start": _INSTANT, "service_type": _SERVICE,
                               "customer": _CUSTOMER, "vehicle": _VEHICLE, "description": _free(500),
                               "preferred_channel": {"enum": ["wechat", "sms", "phone"]},
                               "coupon_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$",
                                             "description": "a coupon the customer claimed (docs/product-rules.md#coupons)"}},
                              ("store_id", "start", "service_type", "customer", "vehicle")),
    "StaffBooking": _object({"start": {**_INSTANT, "type": ["string", "null"],
                                       "description": "required unless source is walk_in or the booking is "
                                                      "waiting for parts (then absent or null)"},
                             "service_type": _SERVICE, "source": {"enum": ["phone", "walk_in", "proactive"]},
                             "customer": _CUSTOMER, "vehicle": _STAFF_VEHICLE, "description": _free(500),
                             "priority": _PRIORITY, "advisor": _text(64), "estimate": _ESTIMATE,
                             "waiting_for_parts": {"type": "boolean"}, "parts": _PARTS, "coupon_id": _text(64)},
                            ("service_type", "customer", "vehicle")),
    "WalkIn": _object({"service_type": _SERVICE, "customer": _CUSTOMER, "vehicle": _STAFF_VEHICLE,
                       "description": _free(500), "priority": _PRIORITY, "advisor": _text(64), "estimate": _ESTIMATE,
                       "coupon_id": _text(64)},
                      ("service_type", "customer", "vehicle")),
    "BoardPair": _object({"link": _text(2048, description="the code after the `#` of a pairing link")}, ("link",)),
    "AdvisorChange": _object({"username": _text(41)}, ("username",)),
    "NewChain": _object({"chain_id": _USERNAME, "name": _text(40), "mp_appid": _text(32), "mp_secret_ref": _text(200),
                         "oa_appid": _text(32), "oa_secret_ref": _text(200), "mp_secret": _text(64),
                         "oa_secret": _text(64),
                         "admin": _object({"username": _USERNAME, "password": _NEW_PASSWORD, "display_name": _text(20)},
                                          ("username", "password", "display_name"))},
                        ("chain_id", "name", "mp_appid", "admin")),
    "WeChatSetup": _object({name: _text(64) for name in WECHAT_SETTINGS}, minProperties=1,
                           description="what is given is set, the rest stays; secrets are written, never answered"),
    "BalancePaymentSetting": _object({"balance_payment": {"enum": ["cashier", "mini_program"]}}, ("balance_payment",),
                                     description="cashier: the store settles in its own dealer system (the default); "
                                                 "mini_program: the customer pays the final bill's balance by WeChat "
                                                 "Pay (decision 0077)"),
    "WeComSetup": _object({"corp_id": _text(18), "agent_id": _text(10), "secret": _text(43)}, minProperties=1,
                          description="the chain's WeCom app; what is given is set, the secret written, never answered"),
    "StaffWeCom": _object({"userid": {"type": ["string", "null"], "maxLength": 64},
                           "notices": {"type": ["array", "null"], "items": _text(16), "maxItems": 8,
                                       "description": "arrivals, bookings, sla, tasks, digest; null: every one"}}),
    "CheckIn": _object({"scene": _text(32, description="the scene the store's mini-program code opened the page with"),
                        "location": _object({"lat": _num(-90, 90), "lng": _num(-180, 180)}, ("lat", "lng"),
                                            description="the phone's location (GCJ-02), near the store"),
                        "lobby_code": _text(8, description="or the code the lobby screen shows"),
                        "walk_in": _object({"service_type": _SERVICE, "customer": _CUSTOMER, "vehicle": _STAFF_VEHICLE,
                                            "description": _free(500)}, ("service_type", "customer", "vehicle"),
                                           description="without a booking today: joins the walk-in queue")},
                       ("scene",)),
    "Reschedule": _object({"start": _INSTANT}, ("start",)),
    "PartsExpected": _object({"expected": _DATE}, ("expected",)),
    "ExpectedArrival": _object({"expected": _INSTANT}, ("expected",)),
    "PartsCheck": _object({"state": {"enum": ["ready", "short"]}, "note": _free(200), "expected": _DATE}, ("state",)),
    "ProgressCheck": _object({"note": _free(200)}),
    "Delay": _object({"reason": _text(60), "promised": _INSTANT}, ("reason", "promised")),
    "ExtraWork": _object({"what": _text(60), "why": _free(200), "labour_hours": {"type": "number", "minimum": 0,
                                                                                  "maximum": 200},
                          "parts": _free(200), "price_fen": {"type": "integer", "minimum": 1, "maximum": 10_000_000},
                          "minutes": {"type": "integer", "minimum": 0, "maximum": 20160}}, ("what", "why", "price_fen")),
    "PhoneAnswer": _object({"decision": {"enum": ["approve", "decline"]}, "said": _free(200), "told_at": _INSTANT},
                           ("decision", "said")),
    "ExtraAnswer": _object({"decision": {"enum": ["approve", "decline"]}}, ("decision",)),
    "BillFinal": _object({"labour": MONEY_IN, "parts": MONEY_IN}, ("labour", "parts")),
    "InvoiceRequest": _object({"kind": {"enum": ["personal", "company"]}, "title": _text(100, description="抬头"),
                               "tax_id": {"type": "string", "pattern": "^[0-9A-Z]{18}$",
                                          "description": "统一社会信用代码: a company's only"},
                               "email": _free(254)}, ("kind", "title")),
    "CustomerFile": _object({"address": {"type": ["string", "null"], "maxLength": 200},
                             "notes": {"type": ["string", "null"], "maxLength": 1000},
                             "leftovers": {"type": ["string", "null"], "maxLength": 1000}}, minProperties=1),
    "CallBack": _object({"within_minutes": _int(1, 1440, description="the promise: call back within so many minutes"),
                         "note": _free(500)}, ("within_minutes",)),
    "Cancel": _object({"reason": _free(200)}),
    "Feedback": _object({"score": _int(1, 5), "comment": _free(500)}, ("score",)),
    "ContactHours": _object({"contact_hours": {**_WINDOW, "description": "store-local; null: any time outside "
                                                                         "the quiet hours"},
                             "contact_days": {"enum": ["any", "weekdays", "rest_days"]},
                             "rush_hours": {"type": "array", "maxItems": 3,
                                            "items": {**_WINDOW, "type": "array"},
                                            "description": "store-local windows to avoid, e.g. [[\"07:30\", \"09:00\"]]"}},
                            ("contact_hours",)),
    "Consent": _object({"marketing": {"type": "boolean"}}, ("marketing",)),
    "NewCampaign": _object({"campaign_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,39}$"},
                            "name": _text(30), "service_type": _text(20),
                            "store_ids": {"type": "array", "items": _text(41), "minItems": 1, "maxItems": 200},
                            "starts": _DATE, "ends": _DATE, "wording": {"enum": ["seasonal", "event"]},
                            "audience": {"enum": ["due_this_month", "first_service", "lapsed"]},
                            "coupon": _object({"amount_fen": _int(1, 1_000_000), "percent": _int(1, 100),
                                               "valid_from": _DATE, "valid_to": _DATE, "per_customer": _int(1, 10)},
                                              ("valid_from", "valid_to"),
                                              description="amount_fen or percent off labour (docs/product-rules.md#coupons)")},
                           ("campaign_id", "name", "service_type", "store_ids", "starts", "ends", "wording",
                            "audience")),
    "CampaignSchedule": _object({"send_at": _INSTANT}, ("send_at",)),
    "InvitationCoupon": _object({"name": _text(30),
                                 "coupon": _object({"amount_fen": _int(1, 1_000_000), "percent": _int(1, 100),
                                                    "valid_from": _DATE, "valid_to": _DATE, "per_customer": _int(1, 10)},
                                                   ("valid_from", "valid_to"),
                                                   description="amount_fen or percent off labour "
                                                               "(docs/product-rules.md#invitation-coupons)")},
                                ("coupon",)),
    "Subscriptions": _object({"templates": _object({kind: _int(1, MAX_GRANTS_PER_CALL) for kind in MESSAGE_KINDS},
                                                   minProperties=1, description="message kind -> grants")},
                             ("templates",)),
    "StaffAction": _object({"note": _free(200), "advisor": _text(64), "estimate": _ESTIMATE, "mileage": _KM,
                            "promised": _INSTANT}),
    "TaskDone": _object({"outcome": {"enum": list(OUTCOMES)}, "note": _free(500)}),
    "MoneyIn": MONEY_IN,
    "StoreConfig": STORE_CONFIG,
    "NewStaff": _object({"username": _USERNAME, "password": _NEW_PASSWORD, "display_name": _text(20), "role": _ROLE,
                         "store_ids": _STORE_IDS}, ("username", "password", "display_name", "role")),
    "StaffChange": _object({"role": _ROLE, "store_ids": _STORE_IDS, "disabled": {"type": "boolean"},
                            "days_off": _list(_DAY_OFF, description="weekdays (mon..sun) and dates (YYYY-MM-DD) off duty")}),
    "PasswordReset": _object({"password": _NEW_PASSWORD}, ("password",)),
    "StaffContact": _object({"phone": {**_PHONE, "type": ["string", "null"]},
                             "oa_openid": {"type": ["string", "null"], "maxLength": 64}}),
    "HolidaySchedule": _object({"holidays": _list(_DATE, maxItems=60), "workdays": _list(_DATE, maxItems=60)},
                               ("holidays", "workdays")),
    "OwnPassword": _object({"old": _PASSWORD, "new": _NEW_PASSWORD}, ("old", "new")),
    "PhoneLink": _object({"code": _text(128, description="the mini-program's phone-number code"),
                          "plate": {**_PLATE, "description": "a plate of the customer's car, when none is on file yet"}},
                         ("code",)),
    "WebhookEndpoint": _object({"url": {"type": "string", "minLength": 8, "maxLength": 2048,
                                        "description": "https:// with a public host name (deployed stages)"},
                                "events": _list({"enum": list(EVENT_TYPES)}, minItems=1, maxItems=len(EVENT_TYPES)),
                                "description": _free(200)}, ("url", "events")),
    "WebhookRotate": _object({"overlap_hours": _num(0, 168, description="how long the previous secret still "
                                                                        "signs (default 24)")}),
    "DmsImport": _object({"store_id": _text(64, description="where the imported cars are on file"),
                          "filename": _text(200, description=".xlsx or .csv (UTF-8 or GB18030); .xls is refused")},
                         ("store_id", "filename")),
    "DmsRecord": _object({"store_id": _text(64), "vin": _free(17), "plate": _PLATE, "model": _free(60),
                          "purchase_date": _DATE, "name": _free(20), "phone": _PHONE, "service_date": _DATE,
                          "mileage": _int(0, MAX_MILEAGE_KM), "jobs": _free(200)}, ("store_id", "plate", "phone")),
    "WeChatPush": {"type": "object", "description": (
        "WeChat's push as WeChat sends it: XML <xml>…</xml> (official account; mini-program in XML mode) or JSON "
        "(mini-program in JSON mode); in safe mode only Encrypt (AES, the chain's key) and ToUserName. Query: "
        "signature, timestamp, nonce; safe mode adds encrypt_type=aes and msg_signature; a server check (GET) "
        "adds echostr."),
        "properties": {"ToUserName": {"type": "string"}, "FromUserName": {"type": "string"},
                       "CreateTime": {"type": ["string", "integer"]}, "MsgType": {"type": "string"},
                       "Event": {"type": "string"}, "Encrypt": {"type": "string"},
                       "List": {"type": "array", "items": {"type": "object", "properties": {
                           "TemplateId": {"type": "string"}, "SubscribeStatusString": {"enum": ["accept", "reject"]},
                           "ErrorCode": {"type": ["string", "integer"]}, "ErrorStatus": {"type": "string"}}}}}},
    "WeChatPayNotice": {"type": "object", "description": (
        "WeChat Pay's notification (API v3) as WeChat Pay sends it, with the headers Wechatpay-Timestamp, "
        "Wechatpay-Nonce, Wechatpay-Signature, Wechatpay-Serial (the chain's WeChat Pay public-key id) and "
        "Wechatpay-Signature-Type; the resource is AES-256-GCM encrypted with the chain's APIv3 key."),
        "properties": {"id": {"type": "string"}, "create_time": {"type": "string"}, "event_type": {"type": "string"},
                       "resource_type": {"type": "string"}, "summary": {"type": "string"},
                       "resource": {"type": "object", "properties": {
                           "algorithm": {"type": "string"}, "ciphertext": {"type": "string"},
                           "associated_data": {"type": "string"}, "nonce": {"type": "string"},
                           "original_type": {"type": "string"}}}}},
}

_OPEN_STR = {"type": "string"}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message", "field"],
    "properties": {"code": _OPEN_STR, "message": _OPEN_STR, "field": {"type": ["string", "null"]}}}}}
