"""Refusals on /mp read in Chinese unless the customer asks for English; the code, field and shape never change;
staff routes keep their English."""
from __future__ import annotations

import json
import re

import pytest

from chalicelib.domain.messaging import catalogue

CJK = re.compile(r"[\u4e00-\u9fff]")


def login(client, chain, code="alice"):
    r = client.post("/mp/login", headers={"Content-Type": "application/json"},
                    body=json.dumps({"chain_id": chain, "code": code}))
    return r.json_body["token"]


def refused(client, token, lang=None):
    headers = {"Authorization": f"Bearer {token}"}
    if lang:
        headers["Accept-Language"] = lang
    return client.get("/mp/bookings/b_nope", headers=headers)


def test_chinese_by_default_english_on_request_same_code(client, chain):
    token = login(client, chain)
    zh = refused(client, token)
    en = refused(client, token, "en-US,en;q=0.9")
    assert zh.status_code == en.status_code == 404
    assert zh.json_body["error"] == {"code": "booking_not_found", "field": "booking_id",
                                     "message": catalogue.text("error.booking_not_found", "zh")}
    assert CJK.search(zh.json_body["error"]["message"])
    assert en.json_body["error"]["code"] == "booking_not_found" and en.json_body["error"]["field"] == "booking_id"
    assert en.json_body["error"]["message"].isascii() and en.json_body["error"]["message"]
    assert zh.headers["Content-Language"] == "zh-CN" and en.headers["Content-Language"] == "en"


@pytest.mark.parametrize("lang", [None, "zh-CN", "fr"])
def test_every_other_language_reads_chinese(client, chain, lang):
    assert CJK.search(refused(client, login(client, chain), lang).json_body["error"]["message"])


def test_edge_refusals_on_mp_paths_are_chinese_too(client, chain):
    unknown = client.get("/mp/no/such/path")
    assert unknown.status_code == 404 and unknown.json_body["error"]["code"] == "not_found"
    assert CJK.search(unknown.json_body["error"]["message"])
    wrong_type = client.post("/mp/login", headers={"Content-Type": "text/plain"}, body="x")
    assert wrong_type.json_body["error"]["code"] == "unsupported_media_type"
    assert CJK.search(wrong_type.json_body["error"]["message"])
    anonymous = client.get("/mp/bookings")
    assert anonymous.status_code == 401 and CJK.search(anonymous.json_body["error"]["message"])
    bad = client.post("/mp/login", headers={"Content-Type": "application/json", "Accept-Language": "en"},
                      body=json.dumps({"chain_id": chain, "code": "invalid-code"}))
    assert bad.json_body["error"]["code"] == "invalid_code" and bad.json_body["error"]["message"].isascii()


def test_staff_routes_read_chinese_unless_english_is_asked(client, chain):
    r = client.get("/staff/stores/pudong/bookings", headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 401 and r.json_body["error"]["message"] == "请先登录"
    r = client.get("/staff/stores/pudong/bookings", headers={"Accept-Language": "en"})
    assert r.status_code == 401 and r.json_body["error"]["message"].isascii()


def test_admin_routes_keep_english(client, chain):
    r = client.get("/admin/staff", headers={"Accept-Language": "zh-CN"})
    assert r.status_code in (401, 404) and r.json_body["error"]["message"].isascii()
