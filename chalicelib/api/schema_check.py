"""A request body checked against its route's JSON Schema (api/schemas.py), before the view runs: the one
place a body's shape is refused, naming the field (`vehicle.zz`, `plan[0].id`), so GET /openapi.json shows
exactly what the server checks.

Every object of a request schema is closed (`additionalProperties: false`): a field the route does not know
is refused, never ignored, so a typo'd setting cannot go live with its default.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.errors import ValidationError

Schema = Mapping[str, Any]


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
