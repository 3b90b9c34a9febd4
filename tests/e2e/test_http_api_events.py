"""The app behind an API Gateway HTTP API with payload format 1.0 (decision 0041): the events it receives there,
in the shape AWS documents for that format, answer as the REST API's did. What differs from a REST event: the
`version` key, `requestContext.routeKey`, and, on a named stage (ours is "api"), the stage in `path`
("/api/mp/bookings/b1") while `requestContext.resourcePath` is the route's ("/mp/bookings/{booking_id}")."""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from app import app
from chalicelib.domain.messaging import catalogue

CJK = re.compile(r"[\u4e00-\u9fff]")


def http_api_event(method: str, route: str, path: str, *, headers: dict[str, str] | None = None,
                   path_parameters: dict[str, str] | None = None, body: str | None = None,
                   base64_body: bool = False) -> dict[str, Any]:
    """A payload format 1.0 event of an HTTP API's named stage "api" (AWS's documented shape)."""
    sent = {"host": "abc123.execute-api.ap-southeast-1.amazonaws.com", **{k.lower(): v for k, v in (headers or {}).items()}}
    return {
        "version": "1.0", "resource": route, "path": f"/api{path}", "httpMethod": method,
        "headers": sent, "multiValueHeaders": {k: [v] for k, v in sent.items()},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc123", "domainName": sent["host"], "domainPrefix": "abc123",
            "extendedRequestId": "req-1", "httpMethod": method, "path": f"/api{path}", "protocol": "HTTP/1.1",
            "requestId": "req-1", "requestTime": "24/Nov/2026:08:00:00 +0000", "requestTimeEpoch": 1795507200000,
            "resourceId": f"{method} {route}", "resourcePath": route, "routeKey": f"{method} {route}", "stage": "api",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "jest"},
        },
        "pathParameters": path_parameters, "stageVariables": None,
        "body": base64.b64encode(body.encode()).decode() if body is not None and base64_body else body,
        "isBase64Encoded": base64_body,
    }


def answer(event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    response = app(event, None)
    body = response["body"]
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return response["statusCode"], response["headers"], json.loads(body)


def login(chain: str, *, base64_body: bool = False) -> str:
    status, _, body = answer(http_api_event(
        "POST", "/mp/login", "/mp/login", headers={"Content-Type": "application/json"},
        body=json.dumps({"chain_id": chain, "code": "alice"}), base64_body=base64_body))
    assert status == 200, body
    return str(body["token"])


def test_a_post_with_a_body_plain_or_base64_encoded_signs_in(svc, chain):
    assert login(chain) and login(chain, base64_body=True)


def test_a_get_with_path_parameters_is_refused_in_the_customers_language_despite_the_stage_in_the_path(svc, chain):
    token = login(chain)
    refused = http_api_event("GET", "/mp/bookings/{booking_id}", "/mp/bookings/b_nope",
                             headers={"Authorization": f"Bearer {token}", "Cookie": "theme=dark"},
                             path_parameters={"booking_id": "b_nope"})
    status, headers, body = answer(refused)
    assert status == 404
    assert body["error"] == {"code": "booking_not_found", "field": "booking_id",
                             "message": catalogue.text("error.booking_not_found", "zh")}
    assert CJK.search(body["error"]["message"]) and headers["Content-Language"] == "zh-CN"
    english = http_api_event("GET", "/mp/bookings/{booking_id}", "/mp/bookings/b_nope",
                             headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
                             path_parameters={"booking_id": "b_nope"})
    status, headers, body = answer(english)
    assert status == 404 and body["error"]["message"].isascii() and headers["Content-Language"] == "en"


def test_an_unknown_path_reaches_the_catch_all_route_and_answers_our_shape(svc):
    status, _, body = answer(http_api_event("GET", "/{p1}/{p2}", "/mp/nothing",
                                            path_parameters={"p1": "mp", "p2": "nothing"}))
    assert status == 404 and body["error"]["code"] == "not_found"
    assert CJK.search(body["error"]["message"])  # a customer path: Chinese, as on the REST API
