"""Deployed, WeChat access tokens are fetched by the egress function alone (its NAT's fixed addresses are on the
apps' whitelists): a send outside the VPC invokes it and never calls WeChat's token endpoint itself; the egress
function reads the app's secret only from under the chains' parameter path."""
from __future__ import annotations

import io
import json
import os
from dataclasses import replace

import boto3
import pytest

from chalicelib import egress
from chalicelib.adapters.messaging.channels import ChainChannels
from chalicelib.domain.tenancy.chain import Chain


class LocalLambda:
    """boto3's Lambda client as far as the egress invoker uses it, running the handler in this process."""

    def __init__(self) -> None:
        self.invoked: list[dict] = []

    def invoke(self, FunctionName: str, Payload: bytes) -> dict:  # noqa: N803 - boto3's names
        event = json.loads(Payload)
        self.invoked.append({"function": FunctionName, **event})
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(egress.handler(event, None)).encode())}


@pytest.fixture
def egress_env(tables, wechat, monkeypatch):
    from chalicelib import config as config_module

    monkeypatch.setenv("WECHAT_API_ROOT", wechat.url)
    config_module.settings.cache_clear()
    egress._secrets.cache_clear()
    yield replace(tables, wechat_api_root="http://127.0.0.1:9", wechat_egress_function="appt-test-wechat-egress")
    config_module.settings.cache_clear()
    egress._secrets.cache_clear()


def test_a_send_outside_the_vpc_gets_its_token_from_the_egress_function(egress_env, wechat, clock):
    import requests

    from chalicelib.adapters.secrets import SsmSecrets

    ssm = boto3.client("ssm")
    ref = SsmSecrets(ssm).put(f"/appt/{os.environ['STAGE']}/chains/egress-test/mp-secret", "e" * 32)
    chain = Chain("egress-test", "出口测试", mp_appid="wx" + "e" * 16, mp_secret_ref=ref)
    invoker = LocalLambda()
    channels = ChainChannels(egress_env, SsmSecrets(ssm), clock, lambda: None)
    channels._lambda_client = lambda: invoker  # type: ignore[method-assign]
    before = len(requests.get(f"{wechat.url}/__calls", timeout=5).json()["calls"])
    token = channels.mini_program(chain).fetch_access_token()["access_token"]
    assert token and invoker.invoked == [{"function": "appt-test-wechat-egress", "kind": "wechat_token",
                                          "appid": chain.mp_appid, "secret_ref": ref, "force": False}]
    calls = requests.get(f"{wechat.url}/__calls", timeout=5).json()["calls"][before:]
    assert [c["path"] for c in calls] == ["/cgi-bin/stable_token"]  # by the egress function, not the API root given


def test_the_egress_function_reads_no_secret_outside_the_chains_path(egress_env):
    answer = egress.handler({"kind": "wechat_token", "appid": "wx1", "secret_ref": "/appt/test/jwt-secret"}, None)
    assert answer["errcode"] == -2 and "chains" in answer["errmsg"]
    missing = f"/appt/{os.environ['STAGE']}/chains/nobody/mp-secret"
    assert egress.handler({"kind": "wechat_token", "appid": "wx1", "secret_ref": missing}, None)["errcode"] == -2
    assert egress.handler({"kind": "anything"}, None)["errcode"] == -2


def test_a_wecom_message_is_sent_by_the_egress_function_with_the_token_it_fetched(egress_env, wecom, clock,
                                                                                   monkeypatch):
    """A self-built WeCom app trusts the egress IP only: its token fetch and its app message both go through the
    egress function; the sender outside the VPC only keeps the token (decision 0037)."""
    import requests

    from chalicelib import config as config_module
    from chalicelib.adapters.secrets import SsmSecrets

    monkeypatch.setenv("WECOM_API_ROOT", wecom.url)
    config_module.settings.cache_clear()
    secret = "EgressWeComSecret0123456789abcdefghijklmno"
    corp_id = "ww00000000000e9e55"
    requests.post(f"{wecom.url}/__corp", json={"corp_id": corp_id, "secret": secret, "agent_id": "1000005"},
                  timeout=5)
    ssm = boto3.client("ssm")
    ref = SsmSecrets(ssm).put(f"/appt/{os.environ['STAGE']}/chains/egress-wecom/wecom-secret", secret)
    chain = Chain("egress-wecom", "出口测试", mp_appid="wx" + "e" * 16, mp_secret_ref=ref,
                  wecom={"corp_id": corp_id, "agent_id": "1000005", "secret_ref": ref})
    invoker = LocalLambda()
    channels = ChainChannels(replace(egress_env, wecom_api_root="http://127.0.0.1:9"), SsmSecrets(ssm), clock,
                             lambda: None)
    channels._lambda_client = lambda: invoker  # type: ignore[method-assign]
    client = channels.wecom(chain)
    assert client is not None and client.send_card("EgressUser", "到店", "沪A00001", "http://console")
    assert [i["kind"] for i in invoker.invoked] == ["wecom_token", "wecom_send"]
    assert invoker.invoked[0]["secret_ref"] == ref and secret not in json.dumps(invoker.invoked)
    inbox = requests.get(f"{wecom.url}/__inbox", params={"userid": "EgressUser"}, timeout=5).json()["messages"]
    assert [(m["corp_id"], m["title"]) for m in inbox] == [(corp_id, "到店")]
