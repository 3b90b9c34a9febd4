"""The WeCom sender (wechatpy's WeCom client) against the WeCom stand-in over real HTTP: the app's token fetched
once and shared through DynamoDB, an expired token refreshed once, a member WeCom does not know refused (so the
next channel takes the message), a wrong agent id a bad request."""
from __future__ import annotations

import uuid

import pytest
import requests

from chalicelib.adapters.messaging.tokens import DynamoTokenStorage
from chalicelib.adapters.messaging.wecom import ChainWeComClient, WeComSendError
from tests.support.patience import ANSWER

SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"


@pytest.fixture
def corp(wecom, tables):
    """A corp of this test's own at the stand-in, with two members."""
    corp_id = "ww" + uuid.uuid4().hex[:16]
    requests.post(f"{wecom.url}/__corp", json={"corp_id": corp_id, "secret": SECRET, "agent_id": "1000002",
                                               "members": ["ZhangMgr", "LiAdv"]}, timeout=ANSWER)
    return corp_id


def _client(wecom, corp_id, clock, *, agent_id="1000002", storage=None) -> ChainWeComClient:
    return ChainWeComClient(corp_id, SECRET, agent_id, wecom.url, session=storage or DynamoTokenStorage(clock))


def _calls(wecom, corp_id, path):
    calls = requests.get(f"{wecom.url}/__calls", timeout=ANSWER).json()["calls"]
    return [c for c in calls if c["path"] == path and c["params"].get("corpid", corp_id) == corp_id]


def _inbox(wecom, userid):
    return requests.get(f"{wecom.url}/__inbox", params={"userid": userid}, timeout=ANSWER).json()["messages"]


def test_a_text_card_reaches_the_member_and_the_token_is_fetched_once_for_every_function(wecom, corp, clock):
    first, second = _client(wecom, corp, clock), _client(wecom, corp, clock)  # two functions, one token store
    assert first.send_card("ZhangMgr", "周敏已到店", "沪D24680 11:00 保养", "http://console/x")
    assert second.send_card("ZhangMgr", "王强已到店", "沪C13579 14:00 年检", "http://console/y")
    assert len(_calls(wecom, corp, "/cgi-bin/gettoken")) == 1
    inbox = [m for m in _inbox(wecom, "ZhangMgr") if m["corp_id"] == corp]
    assert [(m["title"], m["link"], m["agentid"]) for m in inbox] == [
        ("周敏已到店", "http://console/x", 1000002), ("王强已到店", "http://console/y", 1000002)]
    assert inbox[0]["text"] == "沪D24680 11:00 保养"


def test_an_expired_token_is_refreshed_once_and_the_send_retried(wecom, corp, clock):
    client = _client(wecom, corp, clock)
    client.send_card("LiAdv", "a", "b", "http://c")
    requests.post(f"{wecom.url}/__expire_tokens", timeout=ANSWER)
    assert client.send_card("LiAdv", "again", "b", "http://c")
    assert len(_calls(wecom, corp, "/cgi-bin/gettoken")) == 2
    requests.post(f"{wecom.url}/__faults", json={"path": "/cgi-bin/message/send", "errcode": 42001, "times": 2},
                  timeout=ANSWER)
    with pytest.raises(WeComSendError) as twice:  # refreshed once only: the outbox run tries later
        client.send_card("LiAdv", "third", "b", "http://c")
    assert (twice.value.kind, twice.value.errcode) == ("retry", 42001)


def test_a_member_wecom_does_not_know_is_refused_and_a_wrong_agent_is_a_bad_request(wecom, corp, clock):
    with pytest.raises(WeComSendError) as unknown:
        _client(wecom, corp, clock).send_card("Nobody", "a", "b", "http://c")
    assert (unknown.value.kind, unknown.value.errcode) == ("refused", 81013)
    with pytest.raises(WeComSendError) as wrong:
        _client(wecom, corp, clock, agent_id="1000009").send_card("ZhangMgr", "a", "b", "http://c")
    assert (wrong.value.kind, wrong.value.errcode) == ("bad_request", 40056)
    assert [m for m in _inbox(wecom, "Nobody") if m["corp_id"] == corp] == []
