"""Domain refusals → HTTP status and the error body `{"error": {code, message, field}}`, in one place."""
from __future__ import annotations

import json
import logging
from typing import Any

from chalice import Response

from ..domain import errors
from ..domain.messaging import catalogue
from .encoding import UnsupportedMediaType, json_response

log = logging.getLogger(__name__)

# The first class in this order that a refusal is an instance of gives its status.
STATUS: tuple[tuple[type[errors.DomainError], int], ...] = (
    (UnsupportedMediaType, 415),
    (errors.ValidationError, 400),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.TooManyAttempts, 429),
    (errors.UpstreamUnavailable, 503),
    (errors.NotConfigured, 503),
)


def status_of(exc: errors.DomainError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 400)


def error_response(status: int, code: str, message: str, field: str | None = None, **details: Any) -> Response:
    return json_response({"error": {"code": code, "message": message, "field": field, **details}}, status)


def from_exception(exc: Exception) -> Response:
    if isinstance(exc, errors.DomainError):
        return error_response(status_of(exc), exc.code, exc.message, exc.field, **exc.details)
    log.exception("unhandled error")  # never Chalice's own 500 shape, never a stack trace to the client
    return error_response(500, "internal_error", "something went wrong on our side; please try again")


# Customers and store staff read refusals in Chinese unless they ask for English; admin and operator routes
# answer in English.
CUSTOMER_PREFIX = "/mp"
STAFF_PREFIX = "/staff"
GENERIC = "error.bad_request"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _without_stage(path: str, stage: Any) -> str:
    """An HTTP API's named stage is in the event's path ("/api/mp/..."; decision 0041), a REST API's is not."""
    prefix = f"/{stage}"
    return path[len(prefix):] if stage and stage != "$default" and path.startswith(prefix + "/") else path


def customer_language(request: Any) -> str | None:
    """zh or en for a request on a customer or staff route (from Accept-Language, zh by default); None elsewhere."""
    # API Gateway gives the concrete path as event["path"], the local gateway as requestContext["path"]; the
    # resource path ("/{p1}/{p2}" for an unknown path) is the last resort
    path = _without_stage(str(request.to_original_event().get("path") or (request.context or {}).get("path")
                              or request.path or ""), (request.context or {}).get("stage"))
    if not (_under(path, CUSTOMER_PREFIX) or _under(path, STAFF_PREFIX)):
        return None
    first = (request.headers.get("accept-language") or "").split(",")[0].split(";")[0].strip()
    return catalogue.language(first)


def refusal_text(code: str, lang: str) -> str:
    """The catalogue's wording of a refusal code in a language (the generic one for a code it lacks)."""
    kind = f"error.{code}"
    return catalogue.text(kind if catalogue.has(kind) else GENERIC, lang)


def localized(response: Response, lang: str | None) -> Response:
    """A customer route's refusal with its message in the customer's language; the code and field stay."""
    if lang is None or response.status_code < 400:
        return response
    body = response.body
    try:
        parsed = json.loads(body) if isinstance(body, str | bytes) else body
    except ValueError:
        return response
    error = parsed.get("error") if isinstance(parsed, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return response
    if lang != "en" or not error.get("message"):
        error["message"] = refusal_text(error["code"], lang)
    answer = json_response(parsed, response.status_code)
    answer.headers.update({k: v for k, v in (response.headers or {}).items() if k.lower() != "content-type"})
    answer.headers["Content-Language"] = "en" if lang == "en" else "zh-CN"
    return answer
