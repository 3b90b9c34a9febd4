"""GET /openapi.json is generated from the route registry; these tests fail when a route and the document
disagree (a route missing from it, an operation no route serves, path parameters, request bodies)."""
from __future__ import annotations

import inspect
import re

import pytest
from chalice.test import Client
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
        assert sorted(p["name"] for p in op["parameters"]) == sorted(entry.view_args), (method, path)


def test_every_route_that_reads_a_body_documents_its_schema(doc):
    for (method, path), entry in served().items():
        spec = ROUTES[(method, path)]
        if spec.hidden:
            continue
        reads_body = "json_body(" in inspect.getsource(inspect.unwrap(entry.view_function)) or (
            spec.body == "WeChatPush" and method == "POST")  # WeChat's XML or JSON, read raw to check its signature
        op = doc["paths"][path][method.lower()]
        assert reads_body == ("requestBody" in op), (method, path)
        if reads_body:
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
