"""The server's check of a request body (api/schema_check.py) and the document's JSON Schema (GET /openapi.json,
judged by the jsonschema library) agree: on each documented example and on every one-field change of it, both
accept or both refuse. So the document is neither looser nor stricter than what the edge enforces."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chalicelib.api.examples import EXAMPLES
from chalicelib.api.schema_check import ANNOTATIONS, CHECKED, check
from chalicelib.api.schemas import SCHEMAS
from chalicelib.domain.errors import ValidationError

RAW = {"WeChatPush", "WeChatPayNotice"}  # read raw by their routes: WeChat's (Pay's) own fields, never checked by us
CHECKED_SCHEMAS = sorted(set(SCHEMAS) - RAW - {"MoneyIn"})
VALUES: list[Any] = [None, "", " ", "x", "x" * 600, "5", "13:30", "2026-11-24", "maintenance", -1, 0, 1, 5, 2.5, 1e9,
                     True, False, [], {}, ["x"], [1], {"zz": 1}]


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*map(_keywords, schema)) if schema else set()
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, sub in schema.items():
        if key == "properties":
            found |= set().union(*map(_keywords, sub.values())) if sub else set()
        elif key not in ("enum", "required", "description", "examples"):
            found |= _keywords(sub)
    return found


def test_every_request_schema_uses_only_keywords_the_server_checks():
    for name in CHECKED_SCHEMAS + ["MoneyIn"]:
        assert _keywords(SCHEMAS[name]) <= CHECKED | ANNOTATIONS, name


def test_every_checked_schema_has_an_example():
    assert set(CHECKED_SCHEMAS) <= set(EXAMPLES)


def _server_accepts(name: str, body: Any) -> bool:
    try:
        check(SCHEMAS[name], body, SCHEMAS)
    except ValidationError:
        return False
    return True


def _places(body: Any, path: tuple = ()) -> list[tuple]:
    """Every place in the body: object fields and list items, nested."""
    items = body.items() if isinstance(body, dict) else enumerate(body) if isinstance(body, list) else ()
    found = []
    for key, value in items:
        found += [(*path, key), *_places(value, (*path, key))]
    return found


def _changed(body: Any, place: tuple, value: Any, *, drop: bool = False) -> Any:
    changed = copy.deepcopy(body)
    target = changed
    for key in place[:-1]:
        target = target[key]
    if drop:
        del target[place[-1]]
    else:
        target[place[-1]] = value
    return changed


def _variants(example: dict) -> list[Any]:
    variants: list[Any] = [example, {**example, "zz_unknown": 1}]
    for place in _places(example):
        variants += [_changed(example, place, value) for value in VALUES]
        if isinstance(place[-1], str):
            variants.append(_changed(example, place, None, drop=True))
    return variants


@pytest.mark.parametrize("name", CHECKED_SCHEMAS)
def test_the_server_check_and_the_document_agree(name):
    validator = Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": {"schemas": SCHEMAS}})
    assert validator.is_valid(EXAMPLES[name]) and _server_accepts(name, EXAMPLES[name])
    disagree = [body for body in _variants(EXAMPLES[name]) if validator.is_valid(body) != _server_accepts(name, body)]
    assert not disagree, disagree[:5]


@pytest.mark.parametrize("schema, value, checked", [
    ({"type": "integer"}, 5.0, 5), ({"type": ["integer", "null"]}, None, None),
    ({"type": "object", "properties": {"n": {"type": "integer"}}}, {"n": 3.0}, {"n": 3}),
])
def test_a_whole_number_reaches_the_view_as_an_int(schema, value, checked):
    result = check(schema, value, {})
    assert result == checked and type(result) is type(checked)


@pytest.mark.parametrize("schema, value, code, field", [
    ({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": False},
     {}, "required", "a"),
    ({"type": "object", "properties": {"a": {"type": "string", "pattern": "\\S"}}, "additionalProperties": False},
     {"a": "  "}, "required", "a"),  # blank text is missing text, as the domain says
    ({"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}, "additionalProperties": False},
     {"a": ""}, "required", "a"),
    ({"type": "object", "properties": {"a": {"type": "string", "maxLength": 2}}, "additionalProperties": False},
     {"a": "abc"}, "invalid", "a"),
    ({"type": "object", "properties": {"days": {"type": "array", "items": {"enum": ["mon"]}}}}, {"days": ["mon", "moo"]},
     "invalid", "days"),  # text in a list: the list is named
    ({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}, [{"id": 1}],
     "invalid", "[0].id"),  # an object in a list: its place
])
def test_refusals_name_the_field_with_a_code(schema, value, code, field):
    with pytest.raises(ValidationError) as refused:
        check(schema, value, {})
    assert (refused.value.code, refused.value.field) == (code, field)
