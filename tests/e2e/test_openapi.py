"""GET /openapi.json is generated from the route registry; these tests fail when a route and the document
disagree (a route missing from it, an operation no route serves, path parameters, request bodies)."""
from __future__ import annotations

import inspect
import re

import pytest
from chalice.test import Client
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from app import app
from chalicelib.api.audience import ROUTES


@pytest.fixture(scope="module")
def doc():
    with Client(app) as c:
        r = c.http.get("/openapi.json")
    assert r.status_code == 200
    return r.json_body


def served():
    return {(method, path): entry for path, methods in app.routes.items() for method, entry in methods.items()}


def test_the_document_is_valid_openapi_3_1(doc):
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_every_served_route_is_in_the_document_and_nothing_else(doc):
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    visible = {key for key in served() if not ROUTES[key].hidden}
    assert documented == visible
    assert len({op["operationId"] for ops in doc["paths"].values() for op in ops.values()}) == len(documented)


def test_path_parameters_match_the_routes(doc):
    for (method, path), entry in served().items():
        if ROUTES[(method, path)].hidden:
            continue
        op = doc["paths"][path][method.lower()]
        assert sorted(p["name"] for p in op["parameters"] if p["in"] == "path") == sorted(entry.view_args), (method, path)


def test_every_route_that_reads_a_body_documents_its_schema(doc):
    for (method, path), entry in served().items():
        spec = ROUTES[(method, path)]
        if spec.hidden:
            continue
        source = inspect.getsource(inspect.unwrap(entry.view_function))
        reads_body = "json_body(" in source or (
            spec.body in ("WeChatPush", "WeChatPayNotice") and method == "POST")  # read raw to check signatures
        op = doc["paths"][path][method.lower()]
        assert reads_body == ("requestBody" in op), (method, path)
        if reads_body:
            assert op["requestBody"]["required"] is ("optional_json_body(" not in source), (method, path)
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.split("/")[-1] in doc["components"]["schemas"]


def test_every_operation_documents_the_error_shape(doc):
    error = doc["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["required"] == ["code", "message", "field"]
    for ops in doc["paths"].values():
        for op in ops.values():
            assert {"400", "401", "404", "405", "413", "415"} <= set(op["responses"])
            assert op["x-audience"] and (op["security"] == [] or op["x-audience"] != "public")


def test_the_summary_is_the_views_first_docstring_line(doc):
    for (method, path), spec in ROUTES.items():
        if not spec.hidden:
            assert re.sub(r"\s+", " ", doc["paths"][path][method.lower()]["summary"]).strip()


def _media(doc, path, method="get", status="200"):
    return set(doc["paths"][path][method]["responses"][status].get("content", {}))


def test_pages_files_and_reports_are_documented_with_the_media_types_they_are_served_as(doc):
    assert _media(doc, "/staff/console") == {"text/html"}
    with Client(app) as c:
        served = c.http.get("/staff/console").headers["Content-Type"].split(";")[0]
    assert _media(doc, "/staff/console") == {served}
    assert _media(doc, "/staff/console/{asset}") == {"text/javascript", "text/css"}
    assert _media(doc, "/staff/stores/{store_id}/board") == {"text/html"}
    for report in ("/staff/stores/{store_id}/report", "/admin/report"):
        assert _media(doc, report) == {"application/json", "text/csv"}
    assert set(doc["paths"]["/staff/stores/{store_id}/board/pair"]["get"]["responses"]) >= {"303"}
    assert "200" not in doc["paths"]["/admin/staff/{username}"]["delete"]["responses"]
    assert _media(doc, "/admin/staff/{username}", "delete", "204") == set()


def _validator(doc, schema):
    return Draft202012Validator({**schema, "components": doc["components"]})


def test_every_json_request_body_documents_an_example_that_fits_its_schema(doc):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            if media is None or op["x-audience"] == "wechat":
                continue
            assert "example" in media, (method, path)
            _validator(doc, media["schema"]).validate(media["example"])


def test_the_document_refuses_what_the_server_refuses_for_its_shape(doc):
    booking = doc["paths"]["/mp/bookings"]["post"]
    schema = booking["requestBody"]["content"]["application/json"]
    example = schema["example"]
    for body in ({**example, "service_type": "oil_change"}, {**example, "customer": {**example["customer"], "name": "  "}},
                 {**example, "vehicle": {**example["vehicle"], "mileage": "35000"}}, {**example, "colour": "red"}):
        assert not _validator(doc, schema["schema"]).is_valid(body), body
    headers = {p["name"]: p for p in booking["parameters"] if p["in"] == "header"}
    assert headers["Idempotency-Key"]["required"] and headers["Idempotency-Key"]["example"]
    action = next(p for p in doc["paths"]["/staff/bookings/{booking_id}/{action}"]["post"]["parameters"]
                  if p["name"] == "action")
    assert "confirm" in action["schema"]["enum"] and "paint" not in action["schema"]["enum"]
