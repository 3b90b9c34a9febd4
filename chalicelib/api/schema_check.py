"""A request body checked against its route's JSON Schema (api/schemas.py), before the view runs: the one
place a body's shape is refused, naming the field (`vehicle.zz`, `plan[0].id`), so GET /openapi.json shows
exactly what the server checks.

Every object of a request schema is closed (`additionalProperties: false`): a field the route does not know
is refused, never ignored, so a typo'd setting cannot go live with its default. Types are strict: a number
sent as text ("5"), true for a number or 1 for true/false is refused; a whole number may be written 5 or 5.0
(JSON Schema's "integer") and reaches the view as 5.

The keywords in CHECKED are the subset of JSON Schema 2020-12 the schemas use, with its meaning (a pattern is
searched, as `re.search` does); `format` and the other ANNOTATIONS are documentation, as the standard has
them. tests/unit/test_schema_check.py holds every schema to these keywords and compares this check with the
jsonschema library on every documented example and its one-field changes. A missing field, or text that is
empty or blank where text is needed, is refused as `required`; everything else as `invalid`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..domain.errors import ValidationError

Schema = Mapping[str, Any]
CHECKED = frozenset({"$ref", "type", "enum", "properties", "required", "additionalProperties", "minProperties",
                     "items", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern",
                     "oneOf", "anyOf"})
ANNOTATIONS = frozenset({"description", "format", "title", "examples"})
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


def _refuse(path: str, what: str, code: str = "invalid") -> ValidationError:
    return ValidationError(f"{path or 'the body'} {what}", field=path or None, code=code)


def check(schema: Schema, value: Any, refs: Mapping[str, Schema], path: str = "") -> Any:
    """`value` if it fits `schema` (whole numbers as int); a ValidationError naming the first field that does
    not, otherwise."""
    schema = resolve(schema, refs)
    if "oneOf" in schema or "anyOf" in schema:
        value = _one_of(schema, value, refs, path)
    if "type" in schema:
        value = _typed(schema["type"], value, path)
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        raise _refuse(path, f"must be one of {', '.join(map(str, schema['enum']))}")
    if isinstance(value, dict):
        return _object(schema, value, refs, path)
    if isinstance(value, list):
        return _array(schema, value, refs, path)
    if isinstance(value, str):
        _text(schema, value, path)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _number(schema, value, path)
    return value


def _one_of(schema: Schema, value: Any, refs: Mapping[str, Schema], path: str) -> Any:
    """oneOf: exactly one branch fits; anyOf: at least one. The first fitting branch's value."""
    branches = schema.get("oneOf") or schema["anyOf"]
    fitting = []
    for branch in branches:
        try:
            fitting.append(check(branch, value, refs, path))
        except ValidationError:
            continue
    if not fitting or ("oneOf" in schema and len(fitting) > 1):
        raise _refuse(path, f"must be {schema.get('description') or 'in one of the documented forms'}")
    return fitting[0]


def _same(value: Any, option: Any) -> bool:
    """JSON equality: true is not 1 (5.0 is 5)."""
    if isinstance(value, bool) or isinstance(option, bool):
        return value is option
    return bool(value == option)


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
        raise _refuse(path, f"must be {' or '.join(_WORDS[k] for k in kinds)}")
    return int(value) if fitting == "integer" else value


def _object(schema: Schema, value: dict[str, Any], refs: Mapping[str, Schema], path: str) -> dict[str, Any]:
    """Unknown fields first, then the fields given (in the schema's order), then the missing ones."""
    properties: Mapping[str, Schema] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    unknown = [key for key in value if key not in properties and extra is False]
    if unknown:
        raise ValidationError(f"unknown field {field(path, unknown[0])}", field=field(path, unknown[0]))
    other = extra if isinstance(extra, Mapping) else {}
    order = [key for key in properties if key in value] + [key for key in value if key not in properties]
    checked = {key: check(properties.get(key, other), value[key], refs, field(path, key)) for key in order}
    missing = [name for name in schema.get("required", ()) if name not in value]
    if missing:
        raise _refuse(field(path, missing[0]), "is required", "required")
    if len(value) < schema.get("minProperties", 0):
        raise _refuse(path, f"needs at least {schema['minProperties']} field(s)")
    return {key: checked[key] for key in value}


def _array(schema: Schema, value: list[Any], refs: Mapping[str, Schema], path: str) -> list[Any]:
    if len(value) < schema.get("minItems", 0):
        raise _refuse(path, f"must list at least {schema['minItems']}")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise _refuse(path, f"must list at most {schema['maxItems']}")
    if "items" not in schema:
        return value
    items = resolve(schema["items"], refs)
    # an object in a list is named by its place (plan[0].id); text or a number by the list (days_off), as the
    # domain names them
    named = "properties" in items
    return [check(items, item, refs, f"{path}[{n}]" if named else path) for n, item in enumerate(value)]


def _text(schema: Schema, value: str, path: str) -> None:
    short = len(value) < schema.get("minLength", 0)
    unmatched = "pattern" in schema and re.search(schema["pattern"], value) is None
    if (short or unmatched) and not value.strip():
        raise _refuse(path, "is required", "required")  # blank text is missing text, as the domain says
    if short:
        raise _refuse(path, f"must be at least {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise _refuse(path, f"is longer than {schema['maxLength']} characters")
    if unmatched:
        raise _refuse(path, f"must look like {schema.get('description') or schema['pattern']}")


def _number(schema: Schema, value: float, path: str) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise _refuse(path, f"must be at least {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        raise _refuse(path, f"must be at most {schema['maximum']}")
