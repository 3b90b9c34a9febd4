"""What every request passes through, whatever route it hits: the size limits, Chalice's own refusals (405,
415) rewritten into our error shape, and catch-all routes so an unknown path answers 404, not API Gateway's 403.

Deployed, API Gateway answers some refusals before the function runs (an unknown path under a known prefix, a
payload over 10 MB); its gateway responses are set to the same `{"error": {...}}` shape in the infrastructure.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chalice import Response

from .audience import Audience
from .blueprint import ApiBlueprint
from .errors import customer_language, error_response, localized

edge = ApiBlueprint(__name__)

MAX_BODY_BYTES = 64 * 1024  # the largest body any route takes is a store's configuration, a few KB
MAX_QUERY_CHARS = 4096
CATCH_ALL_DEPTH = 20
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]

# Chalice's error codes (its own {"Code", "Message"} body) -> ours
_CHALICE_CODES = {
    405: ("method_not_allowed", "this path does not take that method"),
    415: ("unsupported_media_type", "send the body as application/json (UTF-8)"),
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Error")).lower() or "error"


def _reshaped(response: Response) -> Response:
    body = response.body
    if not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return response
    code, message = _CHALICE_CODES.get(response.status_code, (_snake(str(body["Code"])), str(body["Message"])))
    reshaped = error_response(response.status_code, code, message)
    reshaped.headers.update({k: v for k, v in (response.headers or {}).items() if k.lower() == "allow"})
    return reshaped


def _too_large(request: Any) -> Response | None:
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        return error_response(413, "too_large", f"the body is larger than {MAX_BODY_BYTES // 1024} KB", "body")
    params = request.query_params or {}
    if sum(len(k) + len(v) for k, v in params.items()) > MAX_QUERY_CHARS:
        return error_response(413, "too_large", f"the query string is longer than {MAX_QUERY_CHARS} characters", "query")
    return None


@edge.middleware("http")
def one_error_shape(event: Any, get_response: Callable[[Any], Response]) -> Response:
    refused = _too_large(event)
    answer = refused if refused is not None else _reshaped(get_response(event))
    return localized(answer, customer_language(event))


def _unknown(**_: str) -> Response:
    return error_response(404, "not_found", "no such path", "path")


# /{p1}, /{p1}/{p2}, ...: the local gateway (and chalice.test) matches concrete routes first, since "{" sorts
# after every letter, so these only answer paths no route of ours has.
for _depth in range(1, CATCH_ALL_DEPTH + 1):
    _path = "".join(f"/{{p{i}}}" for i in range(1, _depth + 1))
    edge.route(_path, methods=_METHODS, audience=Audience.PUBLIC, hidden=True)(
        type(_unknown)(_unknown.__code__, _unknown.__globals__, f"unknown_path_{_depth}")
    )
