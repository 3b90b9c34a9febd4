"""Domain refusals → HTTP status and the SPEC §8 error body, in one place."""
from __future__ import annotations

import logging
from typing import Any

from chalice import Response

from ..domain.errors import DomainError
from .encoding import json_response

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, field: str | None = None, **details: Any) -> Response:
    return json_response({"error": {"code": code, "message": message, "field": field, **details}}, status)


def from_exception(exc: Exception) -> Response:
    if isinstance(exc, DomainError):
        return error_response(exc.status, exc.code, exc.message, exc.field, **exc.details)
    log.exception("unhandled error")  # never Chalice's own 500 shape, never a stack trace to the client
    return error_response(500, "internal_error", "something went wrong on our side; please try again")
