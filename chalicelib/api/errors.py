"""The HTTP edge's one mapping from domain refusals to SPEC §8 error bodies, and JSON body parsing."""
from __future__ import annotations

import functools
import json
import logging
from typing import Any, Callable

from chalice import Blueprint, Response

from ..domain.errors import DomainError, ValidationError

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, field: str | None = None, **details: Any) -> Response:
    body = {"error": {"code": code, "message": message, "field": field, **details}}
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})


def _mapped(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DomainError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.field, **exc.details)
        except Exception:  # never Chalice's own 500 shape, never a stack trace
            log.exception("unhandled error")
            return error_response(500, "internal_error", "something went wrong on our side; please try again")

    return wrapper


class ApiBlueprint(Blueprint):
    """A Blueprint whose routes answer every refusal in the SPEC §8 error shape."""

    # a JSON body sent without its Content-Type (curl -d) still gets our parsing and our error shape,
    # rather than Chalice's own 415 body
    BODY_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"]

    def route(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        kwargs.setdefault("content_types", self.BODY_TYPES)
        register = super().route(path, **kwargs)
        return lambda view: register(_mapped(view))


def json_body(request: Any) -> dict[str, Any]:
    raw = request.raw_body or b""
    if not raw.strip():
        raise ValidationError("a JSON body is required", field=None, code="invalid_body")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("the body is not valid JSON", field=None, code="invalid_json") from None
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", field=None, code="invalid_body")
    return body


def query(request: Any) -> dict[str, str]:
    return dict(request.query_params or {})
