"""GET /openapi.json: an OpenAPI 3.1 document generated from the route registry (api/audience.py) and the body
schemas (api/schemas.py), the very schemas the edge checks bodies against (api/schema_check.py), so a route,
the document and the server cannot drift apart. Each JSON request body carries its example (api/examples.py),
which tests/e2e/test_openapi_examples.py sends to the running app."""
from __future__ import annotations

import re
from typing import Any

from ..services.floor.staff_ops import ACTIONS
from .audience import ROUTES, Audience, RouteSpec
from .examples import EXAMPLES
from .responses import RESPONSE_SCHEMAS, RESPONSES
from .schemas import ERROR, SCHEMAS
from .webhook_docs import webhook_items

_PARAM = re.compile(r"\{(\w+)\}")
_ERRORS = {"400": "a field or the body is refused", "401": "no valid token", "403": "not for this role",
           "404": "no such resource (or not yours)", "405": "wrong method", "409": "conflict (slot full, state)",
           "413": "body or query too large", "415": "body is not application/json", "429": "too many attempts"}
_SECURITY = {
    Audience.PUBLIC: [],
    Audience.BOARD: [{"bearer": []}, {"boardCookie": []}],
    Audience.WECHAT: [{"wechatSignature": []}],
}
# bodies that are not (only) JSON: WeChat pushes XML, or JSON from a mini-program configured for it
_BODY_TYPES = {"WeChatPush": ("text/xml", "application/json")}
_TEXT = {"schema": {"type": "string"}}
# answers that are not JSON: the console's and the board's pages and files, reports as CSV, a redirect, no body
_ANSWERS: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/staff/console"): {"200": {"description": "the console's HTML shell", "content": {"text/html": _TEXT}}},
    ("GET", "/staff/console/{asset}"): {"200": {"description": "a script or a style sheet",
                                                "content": {"text/javascript": _TEXT, "text/css": _TEXT}}},
    ("GET", "/staff/stores/{store_id}/board"): {"200": {"description": "the lobby board page",
                                                        "content": {"text/html": _TEXT}}},
    ("GET", "/staff/stores/{store_id}/board/pair"): {"303": {
        "description": "to the board, with its HttpOnly session cookie",
        "headers": {"Location": {"schema": {"type": "string"}}, "Set-Cookie": {"schema": {"type": "string"}}}}},
    ("DELETE", "/admin/staff/{username}"): {"204": {"description": "deleted; its open sessions end"}},
}
_ANSWERS[("GET", "/staff/bookings/{booking_id}/bill.csv")] = {  # docs/product-rules.md#the-bill
    "200": {"description": "the bill as CSV, UTF-8 with a BOM, Chinese headers", "content": {"text/csv": _TEXT}}}
_ANSWERS[("GET", "/staff/bookings/{booking_id}/bill.html")] = {  # docs/product-rules.md#the-bill
    "200": {"description": "the bill as a printable A4 page (结算单), Chinese", "content": {"text/html": _TEXT}}}
_CSV = {("GET", "/staff/stores/{store_id}/report"), ("GET", "/admin/report")}  # ?format=csv or Accept: text/csv
_HEADERS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("POST", "/mp/bookings"): [{"name": "Idempotency-Key", "in": "header", "required": True,
                                "description": "one per booking attempt, the same on its retries: a retry answers "
                                               "the booking it made (200) instead of booking twice",
                                "schema": {"type": "string", "minLength": 1, "maxLength": 128},
                                "example": "3f0c9a52-6d1e-4c3b-9a57-1b2f0c8d4e11"}],
}
_STAFF_INTENT = [{"name": "Idempotency-Key", "in": "header", "required": False,
                  "description": "one per intent of the person (a click), the same on its retries: a repeat writes "
                                 "nothing and answers the booking as the first write left it (docs/product-rules.md"
                                 "#staff-intents)",
                  "schema": {"type": "string", "minLength": 1, "maxLength": 128}}]
_HEADERS.update({route: _STAFF_INTENT for route in (
    ("POST", "/staff/stores/{store_id}/bookings"), ("POST", "/staff/stores/{store_id}/walk-ins"),
    ("POST", "/staff/stores/{store_id}/walk-ins/seat"), ("POST", "/staff/bookings/{booking_id}/seat"),
    ("POST", "/staff/bookings/{booking_id}/advisor"), ("POST", "/staff/bookings/{booking_id}/reschedule"),
    ("POST", "/staff/bookings/{booking_id}/parts-expected"), ("POST", "/staff/bookings/{booking_id}/{action}"),
    ("POST", "/staff/bookings/{booking_id}/arrival"),
    ("POST", "/staff/bookings/{booking_id}/progress-check"), ("POST", "/staff/bookings/{booking_id}/delay"),
    ("POST", "/staff/bookings/{booking_id}/extra-work"), ("POST", "/staff/bookings/{booking_id}/extra-work/{item_id}"),
    ("POST", "/staff/stores/{store_id}/tasks/{task_id}/done"), ("PUT", "/staff/bookings/{booking_id}/bill"))})
_HEADERS.update({route: [{**_STAFF_INTENT[0], "description": "one per promise made (a click), the same on its retries: "
                                                              "a repeat opens nothing and answers the task it opened"}]
                 for route in (("POST", "/staff/bookings/{booking_id}/call-back"),
                               ("POST", "/staff/stores/{store_id}/customers/{customer_id}/call-back"))})
_PATH_SCHEMAS = {"action": {"enum": list(ACTIONS)}}
_OPTIONAL_BODIES = {"Cancel", "StaffAction", "TaskDone", "WebhookRotate", "ProgressCheck"}  # their routes take no body as {}


def _success(spec: RouteSpec) -> dict[str, Any]:
    """The declared answer (api/responses.py), else an object; a created booking may also be a replay (200)."""
    if (spec.method, spec.path) in _ANSWERS:
        return _ANSWERS[(spec.method, spec.path)]
    status, name = RESPONSES.get((spec.method, spec.path), ("200", ""))
    schema = {"$ref": f"#/components/schemas/{name}"} if name else {"type": "object"}
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if (spec.method, spec.path) in _CSV:
        content["text/csv"] = _TEXT
    answers = {status: {"description": "done", "content": content}}
    if status == "201":
        answers["200"] = {"description": "the same Idempotency-Key again: the booking it made",
                          "content": {"application/json": {"schema": schema}}}
    return answers


def _operation(spec: RouteSpec) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": f"{spec.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', spec.path.lower()).strip('_')}",
        "summary": spec.summary or spec.view.replace("_", " "),
        "tags": [spec.audience.value],
        "x-audience": spec.audience.value,
        "security": _SECURITY.get(spec.audience, [{"bearer": []}]),
        "parameters": [{"name": name, "in": "path", "required": True,
                        "schema": _PATH_SCHEMAS.get(name, {"type": "string"})}
                       for name in _PARAM.findall(spec.path)] + _HEADERS.get((spec.method, spec.path), []),
        "responses": {**_success(spec), **{code: {"$ref": "#/components/responses/Error"} for code in _ERRORS}},
    }
    if spec.roles:
        op["x-roles"] = list(spec.roles)
    if spec.audience is Audience.WECHAT:
        op["responses"]["200"] = {"description": "success, or the echostr of a server check",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}}
    if spec.body and not (spec.audience is Audience.WECHAT and spec.method == "GET"):
        op["requestBody"] = {"required": spec.body not in _OPTIONAL_BODIES, "content": {
            media: {"schema": {"$ref": f"#/components/schemas/{spec.body}"},
                    **({"example": EXAMPLES[spec.body]} if spec.body in EXAMPLES else {})}
            for media in _BODY_TYPES.get(spec.body, ("application/json",))}}
    return op


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for spec in sorted(ROUTES.values(), key=lambda s: (s.path, s.method)):
        if not spec.hidden:
            paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec)
    return {
        "openapi": "3.1.0",
        "info": {"title": "4S service appointments", "version": "1"},
        "paths": paths,
        "webhooks": webhook_items(),
        "components": {
            "schemas": {**SCHEMAS, **RESPONSE_SCHEMAS, "Error": ERROR},
            "responses": {"Error": {"description": "; ".join(f"{k}: {v}" for k, v in _ERRORS.items()),
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                                "boardCookie": {"type": "apiKey", "in": "cookie", "name": "board_session"},
                                "wechatSignature": {"type": "apiKey", "in": "query", "name": "signature",
                                                    "description": "sha1 of the chain's server token, timestamp "
                                                                   "and nonce (safe mode: msg_signature too)"}},
        },
    }
