"""Every refusal, Chalice's own included, answers in the one error shape {"error": {code, message, field}}."""
from __future__ import annotations

import json

import pytest
from chalice.test import Client

from app import app

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def bare():
    """These refusals come before any use case: no tables needed."""
    with Client(app) as c:
        yield c.http



def error_of(r, status):
    assert r.status_code == status, r.body[:300]
    body = json.loads(r.body)
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message", "field"}
    return body["error"]


def test_an_unknown_path_is_404(bare):
    for path in ["/nope", "/mp/nope", "/staff/stores/x/nope/y", "/" + "/".join("a" * 19)]:
        for method in ["get", "post", "put", "patch", "delete"]:
            assert error_of(getattr(bare, method)(path), 404)["code"] == "not_found"


def test_a_wrong_method_is_405_with_allow(bare):
    r = bare.delete("/health")
    assert error_of(r, 405)["code"] == "method_not_allowed"
    assert r.headers.get("Allow") == "GET"


@pytest.mark.parametrize("content_type", ["text/xml", "text/plain", "application/x-www-form-urlencoded", "",
                                          "application/json; charset=utf-16"])
def test_a_body_that_is_not_json_is_415(bare, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = bare.post("/mp/login", headers=headers, body='{"chain_id": "demo", "code": "alice"}')
    assert error_of(r, 415) == {"code": "unsupported_media_type", "message": error_of(r, 415)["message"], "field": "Content-Type"}


def test_a_bodiless_post_needs_no_content_type(client):
    r = client.post("/mp/bookings/b1/acknowledge")
    assert error_of(r, 401)["field"] == "Authorization"


def test_too_large_is_413(bare):
    r = bare.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": "x" * 70_000}))
    assert error_of(r, 413) == {"code": "too_large", "message": error_of(r, 413)["message"], "field": "body"}
    assert error_of(bare.get("/health?q=" + "x" * 100_000), 413)["field"] == "query"


@pytest.mark.parametrize(
    "raw, code",
    [
        (b'{"chain_id": NaN}', "invalid_json"),
        (b'{"chain_id": Infinity}', "invalid_json"),
        (b'{"chain_id": -Infinity}', "invalid_json"),
        (b'{"chain_id": 1e400}', "invalid"),  # valid JSON: refused naming chain_id (test_strict_input.py)
        (b"[" * 5000 + b"]" * 5000, "too_deep"),
        (b'{"a": ' * 20 + b"1" + b"}" * 20, "too_deep"),
        (b'{"chain_id": "\\ud800", "code": "x"}', "invalid"),
        ('{"chain_id": "demo", "code": "x"}'.encode("utf-16"), "invalid_encoding"),
        ('\ufeff{"chain_id": "demo"}'.encode(), "invalid_encoding"),
        (b'{"chain_id": "\xff\xfe"}', "invalid_encoding"),
        (b"{", "invalid_json"),
        (b"[]", "invalid_body"),
    ],
)
def test_bodies_that_are_not_plain_utf8_json_are_400(bare, raw, code):
    assert error_of(bare.post("/mp/login", headers=JSON, body=raw), 400)["code"] == code


def test_a_lone_surrogate_names_its_field(bare):
    r = bare.post("/mp/login", headers=JSON, body=b'{"chain_id": "demo", "code": "\\udc00"}')
    assert error_of(r, 400)["field"] == "code"


def test_chalice_local_answers_its_own_refusals_in_json():
    """The local HTTP server's refusals (a request line over 64 KB) are JSON too."""
    from devstack import chalice_local

    handler = chalice_local.local.ChaliceRequestHandler
    assert handler.error_content_type == "application/json"
    body = json.loads(handler.error_message_format % {"code": 414, "message": "Request-URI Too Long", "explain": ""})
    assert body["error"]["code"] == "http_414"


def test_a_path_segment_with_a_lone_surrogate_or_control_character_is_404(bare):
    """Found by bench/fuzz.py: such a segment echoed into an error message broke the response's encoding."""
    for path in ("/mp/stores/\ud800/slots", "/staff/stores/\x07/bookings", "/mp/bookings/\udc00"):
        assert error_of(bare.get(path), 404)["code"] == "not_found"



def test_an_empty_path_segment_names_its_field(bare):
    """`POST /staff/bookings//check-in` reached DynamoDB with an empty key and answered 500 (chalice local routes an
    empty segment; the store's refusal of the key was not ours): an empty segment names nothing, whoever asks."""
    found = error_of(bare.post("/staff/bookings//check-in", body=b"{}", headers={"Content-Type": "application/json"}),
                     404)
    assert (found["code"], found["field"]) == ("not_found", "booking_id")
    found = error_of(bare.get("/mp/stores//slots"), 404)
    assert (found["code"], found["field"]) == ("not_found", "store_id")
