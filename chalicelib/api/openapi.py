"""GET /openapi.json: an OpenAPI 3.1 document generated from the route registry (api/audience.py) and the body
schemas (api/schemas.py), so a route and the document cannot drift apart."""
from __future__ import annotations

import re
from typing import Any

from .audience import ROUTES, Audience, RouteSpec
from .responses import RESPONSE_SCHEMAS, RESPONSES
from .schemas import ERROR, SCHEMAS

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


def _success(spec: RouteSpec) -> dict[str, Any]:
    """The declared answer (api/responses.py), else an object; a created booking may also be a replay (200)."""
    status, name = RESPONSES.get((spec.method, spec.path), ("200", ""))
    schema = {"$ref": f"#/components/schemas/{name}"} if name else {"type": "object"}
    answers = {status: {"description": "done", "content": {"application/json": {"schema": schema}}}}
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
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                       for name in _PARAM.findall(spec.path)],
        "responses": {**_success(spec), **{code: {"$ref": "#/components/responses/Error"} for code in _ERRORS}},
    }
    if spec.roles:
        op["x-roles"] = list(spec.roles)
    if spec.audience is Audience.WECHAT:
        op["responses"]["200"] = {"description": "success, or the echostr of a server check",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}}
    if spec.body and not (spec.audience is Audience.WECHAT and spec.method == "GET"):
        op["requestBody"] = {"required": True, "content": {
            media: {"schema": {"$ref": f"#/components/schemas/{spec.body}"}}
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
