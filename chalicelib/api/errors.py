"""Domain refusals → HTTP status and the error body `{"error": {code, message, field}}`, in one place."""
from __future__ import annotations

import logging
from typing import Any

from chalice import Response

from ..domain import errors
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
