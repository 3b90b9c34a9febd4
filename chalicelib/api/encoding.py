"""JSON in and out of the HTTP edge: bodies parsed with field-naming refusals, answers in readable UTF-8."""
from __future__ import annotations

import json
from typing import Any

from chalice import Response

from ..domain.errors import ValidationError


def json_response(body: Any, status: int = 200) -> Response:
    """UTF-8 JSON (张先生, not \\u5f20\\u5148\\u751f): what the mini-program and staff screens read."""
    return Response(
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )


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


def optional_json_body(request: Any) -> dict[str, Any]:
    return json_body(request) if (request.raw_body or b"").strip() else {}


def query(request: Any) -> dict[str, str]:
    return dict(request.query_params or {})
