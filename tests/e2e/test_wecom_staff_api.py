"""WeCom for staff through HTTP (decision 0037): a chain admin sets the chain's WeCom app (its secret never
answered back), an advisor links their own WeCom account, and a scanned store code that checks their customer
in reaches them at once as a WeCom text card at the stand-in, before any other channel."""
from __future__ import annotations

import base64
import uuid
from dataclasses import replace

import pytest
import requests

from chalicelib.adapters.dynamo.models import OutboxModel
from chalicelib.domain.people.staff import Role
from devstack.wechat_codes import png_text
from tests.conftest import at
from tests.e2e.test_checkin_api import PUDONG, _at, _setup
from tests.e2e.test_staff_api import add_staff, call, staff_login
from tests.support.patience import ANSWER

SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"


@pytest.fixture
def tables(tables, wecom):
    """The container's WeCom API is the stand-in."""
    return replace(tables, wecom_api_root=wecom.url)


def _inbox(wecom, userid):
    return requests.get(f"{wecom.url}/__inbox", params={"userid": userid}, timeout=ANSWER).json()["messages"]


def test_an_arrival_reaches_the_advisor_in_wecom(client, svc, chain, clock, wechat, wecom):
    corp_id = "ww" + uuid.uuid4().hex[:16]
    requests.post(f"{wecom.url}/__corp", json={"corp_id": corp_id, "secret": SECRET, "agent_id": "1000002"},
                  timeout=ANSWER)
    mgr, customer, booking = _setup(client, svc, chain, clock)
    assert booking["advisor_id"] == "wang"
    add_staff(chain, "chief", Role.CHAIN_ADMIN, set())
    chief = staff_login(client, chain, "chief")
    app = {"corp_id": corp_id, "agent_id": "1000002", "secret": SECRET}
    refused = call(client, "PATCH", "/admin/wecom", chief, {**app, "secret": "too-short"})
    assert refused.status_code == 400 and refused.json_body["error"]["field"] == "secret"
    set_up = call(client, "PATCH", "/admin/wecom", chief, app)
    assert set_up.status_code == 200, set_up.json_body
    assert set_up.json_body["secret_set"] is True and SECRET not in set_up.body.decode()
    assert SECRET not in call(client, "GET", "/admin/wecom", chief).body.decode()
    wang = staff_login(client, chain, "wang")
    linked = call(client, "PUT", "/staff/me/wecom", wang, {"userid": "WangAdv", "notices": ["arrivals", "digest"]})
    assert linked.status_code == 200, linked.json_body
    assert linked.json_body == {"username": "wang", "wecom_userid": "WangAdv", "notices": ["arrivals", "digest"]}

    poster = call(client, "GET", "/staff/stores/pudong/checkin-poster", mgr).json_body
    scanned = png_text(base64.b64decode(poster["image"]))
    clock.set(at("2026-11-23", "10:45"))
    here = call(client, "POST", "/mp/checkin", customer, {"scene": scanned["scene"], "location": _at(PUDONG)})
    assert here.status_code == 200 and here.json_body["status"] == "arrived", here.json_body
    (card,) = [m for m in _inbox(wecom, "WangAdv") if m["corp_id"] == corp_id]
    assert "周敏" in card["title"] and card["msgtype"] == "textcard"
    assert "/staff/console?view=plan&store=pudong" in card["link"]
    notice = OutboxModel.get(f"{chain}#{booking['booking_id']}#staff_customer_arrived#wang")
    assert (notice.status, notice.channel) == ("sent", "wecom")  # at once, and not by SMS to his phone too


def test_an_advisor_who_wants_no_arrival_notices_is_not_told(client, svc, chain, clock, wechat, wecom):
    mgr, customer, booking = _setup(client, svc, chain, clock)
    wang = staff_login(client, chain, "wang")
    none = call(client, "PUT", "/staff/me/wecom", wang, {"userid": "WangAdv", "notices": []})
    assert none.status_code == 200 and none.json_body["notices"] == []  # none at all is kept as none, not as all
    assert call(client, "GET", "/staff/me/wecom", wang).json_body["notices"] == []
    assert call(client, "PUT", "/staff/me/wecom", wang, {"userid": "WangAdv", "notices": ["digest"]}).status_code == 200
    scene = call(client, "GET", "/staff/stores/pudong/checkin-code", mgr).json_body["scene"]
    clock.set(at("2026-11-23", "10:45"))
    assert call(client, "POST", "/mp/checkin", customer, {"scene": scene, "location": _at(PUDONG)}).status_code == 200
    with pytest.raises(OutboxModel.DoesNotExist):
        OutboxModel.get(f"{chain}#{booking['booking_id']}#staff_customer_arrived#wang")
