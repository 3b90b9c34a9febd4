"""JSON in and out of the HTTP edge: bodies parsed strictly with field-naming refusals, answers in readable UTF-8.

A body is UTF-8 JSON with `Content-Type: application/json` (415 otherwise), at most 64 KB (413, checked in
api/edge.py), nested at most MAX_DEPTH deep, without NaN, Infinity or lone surrogates (400, naming the field
where there is one); a number beyond a float's range (`"mileage": 1e400`) is valid JSON and refused as
`invalid`, naming its field (`vehicle.mileage`).
"""
from __future__ import annotations

import json
import math
from typing import Any

from chalice import Response

from ..domain.errors import DomainError, ValidationError
from .schema_check import Schema, check

MAX_DEPTH = 8
FLOAT_DIGITS = 308  # an integer of more digits is beyond a float's range (about 1.8e308)


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


def json_response(body: Any, status: int = 200) -> Response:
    """UTF-8 JSON (张先生, not \\u5f20\\u5148\\u751f): what the mini-program and staff screens read."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate echoed from the request: escaped, still valid JSON
            text = json.dumps(body, separators=(",", ":"))
    return Response(
        body=text,
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )


def _content_type(request: Any) -> None:
    header = (request.headers.get("content-type") or "").lower()
    media, _, params = header.partition(";")
    media = media.strip()
    charset = params.replace(" ", "").partition("charset=")[2].split(";")[0].strip('"')
    if not (media == "application/json" or (media.startswith("application/") and media.endswith("+json"))):
        raise UnsupportedMediaType("send the body as application/json", field="Content-Type")
    if charset and charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("the body must be UTF-8", field="Content-Type")


def _no_constant(name: str) -> Any:
    raise ValidationError(f"{name} is not a JSON number", field=None, code="invalid_json")


class _OutOfRange:
    """A number literal beyond a float's range (1e400, a 400-digit integer): valid JSON, no field takes it;
    kept in place while parsing so that _check can name the field it was sent as."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal


def _float(literal: str) -> float | _OutOfRange:
    value = float(literal)
    return value if math.isfinite(value) else _OutOfRange(literal)


def _int(literal: str) -> int | _OutOfRange:
    return _OutOfRange(literal) if len(literal.lstrip("-")) > FLOAT_DIGITS else int(literal)


def _check(value: Any, path: str, depth: int) -> None:
    """Depth, lone surrogates and numbers beyond a float's range, naming where."""
    if depth > MAX_DEPTH:
        raise ValidationError(f"the body is nested deeper than {MAX_DEPTH} levels", field=path or None, code="too_deep")
    if isinstance(value, _OutOfRange):
        raise ValidationError(f"{path or 'the body'} is a number beyond any field's range ({value.literal[:12]}...)",
                              field=path or None)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("text with a lone surrogate", field=path or None) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, path, depth)
            _check(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]", depth + 1)


def parse(raw: bytes | str) -> Any:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ValidationError("the body is not UTF-8", field=None, code="invalid_encoding") from None
    if text.startswith("\ufeff"):
        raise ValidationError("the body starts with a byte-order mark; send plain UTF-8", field=None, code="invalid_encoding")
    try:
        body = json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise ValidationError(f"the body is nested deeper than {MAX_DEPTH} levels", field=None, code="too_deep") from None
    except ValueError:
        raise ValidationError("the body is not valid JSON", field=None, code="invalid_json") from None
    _check(body, "", 0)
    return body


def read_body(request: Any, schema: Schema, refs: dict[str, Schema]) -> None:
    """Before a write route's view runs (api/blueprint.py): the body it was sent, if any, parsed and checked
    against the route's schema (a route that declares none takes no field at all); json_body answers it."""
    if (request.raw_body or b"").strip():
        request._appt_body = check(schema, json_body(request), refs)


def json_body(request: Any) -> dict[str, Any]:
    checked = getattr(request, "_appt_body", None)
    if checked is not None:
        return checked
    raw = request.raw_body or b""
    if not raw.strip():
        raise ValidationError("a JSON body is required", field=None, code="invalid_body")
    _content_type(request)
    body = parse(raw)
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", field=None, code="invalid_body")
    return body


def optional_json_body(request: Any) -> dict[str, Any]:
    return json_body(request) if (request.raw_body or b"").strip() else {}


def wants_csv(request: Any, params: dict[str, str]) -> bool:
    """A report as CSV: ?format=csv, or an Accept header asking for text/csv (?format=json wins over it)."""
    wanted = params.get("format")
    if wanted not in (None, "csv", "json"):
        raise ValidationError("format is csv or json", field="format")
    return wanted == "csv" or (wanted is None and "text/csv" in (request.headers.get("accept") or ""))


def csv_response(text: str, filename: str) -> Response:
    return Response(body=text, status_code=200, headers={  # Chalice sends str as UTF-8, the BOM included
        "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


def query(request: Any) -> dict[str, str]:
    """The query parameters, each checked for lone surrogates and control characters."""
    params = dict(request.query_params or {})
    for name, value in params.items():
        if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValidationError(f"{name} holds control characters", field=name)
    return params
