"""A request body checked against its route's JSON Schema (api/schemas.py), before the view runs: the one
place a body's shape is refused, naming the field (`vehicle.zz`, `plan[0].id`), so GET /openapi.json shows
exactly what the server checks.

Every object of a request schema is closed (`additionalProperties: false`): a field the route does not know
is refused, never ignored, so a typo'd setting cannot go live with its default. Types are strict: a number
sent as text ("5"), true for a number or 1 for true/false is refused; a whole number may be written 5 or 5.0
(JSON Schema's "integer") and reaches the view as 5.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.errors import ValidationError

Schema = Mapping[str, Any]
_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
          "object": "an object", "array": "a list", "null": "null"}
_PYTHON: dict[str, type | tuple[type, ...]] = {"string": str, "boolean": bool, "object": dict, "array": list,
                                               "null": type(None)}


def resolve(schema: Schema, refs: Mapping[str, Schema]) -> Schema:
    """`{"$ref": "#/components/schemas/X"}` as the schema X it names."""
    while "$ref" in schema:
        schema = refs[str(schema["$ref"]).rsplit("/", 1)[-1]]
    return schema


def field(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check(schema: Schema, value: Any, refs: Mapping[str, Schema], path: str = "") -> Any:
    """`value` if it fits `schema`; a ValidationError naming the first field that does not, otherwise."""
    schema = resolve(schema, refs)
    if "type" in schema:
        value = _typed(schema["type"], value, path)
    if isinstance(value, dict):
        return _object(schema, value, refs, path)
    if isinstance(value, list) and "items" in schema:
        return [check(schema["items"], item, refs, f"{path}[{n}]") for n, item in enumerate(value)]
    return value


def _object(schema: Schema, value: dict[str, Any], refs: Mapping[str, Schema], path: str) -> dict[str, Any]:
    properties: Mapping[str, Schema] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    unknown = [key for key in value if key not in properties and extra is False]
    if unknown:
        raise ValidationError(f"unknown field {field(path, unknown[0])}", field=field(path, unknown[0]))
    other = extra if isinstance(extra, Mapping) else {}
    return {key: check(properties.get(key, other), item, refs, field(path, key)) for key, item in value.items()}


def _fits(kind: str, value: Any) -> bool:
    if kind in ("integer", "number") and (isinstance(value, bool) or not isinstance(value, int | float)):
        return False
    if kind == "integer":
        return isinstance(value, int) or value.is_integer()
    return kind == "number" or isinstance(value, _PYTHON[kind])


def _typed(kinds: str | list[str], value: Any, path: str) -> Any:
    """`value` if it is of one of the JSON types `kinds` (a whole number as int), else refused naming `path`."""
    kinds = [kinds] if isinstance(kinds, str) else kinds
    fitting = next((kind for kind in kinds if _fits(kind, value)), None)
    if fitting is None:
        raise ValidationError(f"{path or 'the body'} must be {' or '.join(_WORDS[k] for k in kinds)}", field=path or None)
    return int(value) if fitting == "integer" else value
