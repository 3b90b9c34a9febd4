"""A chain's push configuration held to what it says: in safe mode only encrypted pushes are taken (a plain push
is signed over token, timestamp and nonce only, not its body); the server check's nonce counts against replay,
so its signed URL cannot be replayed as a push; a push must be addressed to the chain's own app."""
from __future__ import annotations

from dataclasses import replace

from devstack.wechat_push import echo_check, signed, subscribe_event, subscribe_message_event
from tests.integration.test_messaging import make_chain, msvc, sms, wx  # noqa: F401
from tests.integration.test_wechat_push import (  # noqa: F401
    client,
    customer_item,
    pushed,
    send,
    signed_in,
    stamp,
)


def _followed(msvc, wx, client, chain_id, targets, code="alice"):  # noqa: F811
    who = signed_in(msvc, chain_id, code)
    follower = wx.state.follow(targets["oa"].appid, code)
    push = signed(targets["oa"], subscribe_event(follower["openid"], at=stamp(msvc)), timestamp=stamp(msvc))
    assert send(client, chain_id, "oa", push).status_code == 200
    assert customer_item(chain_id, who).oa_openid == follower["openid"]
    return who, follower


def test_a_chain_in_safe_mode_refuses_a_plain_push_and_changes_nothing(msvc, wx, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who, follower = _followed(msvc, wx, client, chain_id, targets)
    plain = signed(targets["oa"], subscribe_event(follower["openid"], unsubscribe=True, at=stamp(msvc)),
                   timestamp=stamp(msvc), encrypted=False)
    refused = send(client, chain_id, "oa", plain)
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "bad_signature"
    assert customer_item(chain_id, who).oa_openid == follower["openid"]  # still linked
    popup = subscribe_message_event("subscribe_msg_popup_event", customer_item(chain_id, who).openid,
                                    [{"TemplateId": "sub-reminder", "SubscribeStatusString": "accept"}],
                                    json_format=True, at=stamp(msvc))
    plain_mp = signed(targets["mp"], popup, timestamp=stamp(msvc), encrypted=False)
    assert send(client, chain_id, "mp", plain_mp).status_code == 403
    assert customer_item(chain_id, who).subscriptions.as_dict().get("reminder", 0) == 0


def test_the_server_checks_signed_url_replayed_as_a_push_is_refused(msvc, wx, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    chain = msvc.ports.stores.get_chain(chain_id)
    plain_push = {k: v for k, v in chain.push.items() if k != "oa.aes_key_ref"}  # the official account in plain mode
    msvc.ports.stores.put_chain(replace(chain, push=plain_push))
    target = replace(targets["oa"], aes_key=None)
    who, follower = _followed(msvc, wx, client, chain_id, {**targets, "oa": target}, code="erin")
    query = echo_check(target, "echo-1", timestamp=stamp(msvc), nonce="n-echo")
    assert client.get(f"/wechat/{chain_id}/oa?{query}").status_code == 200
    forged = signed(target, subscribe_event(follower["openid"], unsubscribe=True, at=stamp(msvc)),
                    timestamp=stamp(msvc), nonce="n-echo")  # the echo's signature, its timestamp and nonce
    answer = client.post(f"/wechat/{chain_id}/oa?{query}", body=forged.body, headers={"Content-Type": "text/xml"})
    assert answer.status_code == 403 and answer.json_body["error"]["code"] == "replayed"
    assert customer_item(chain_id, who).oa_openid == follower["openid"]
    assert client.get(f"/wechat/{chain_id}/oa?{query}").status_code == 403  # the echo itself once only


def test_a_push_addressed_to_another_app_is_refused(msvc, wx, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id, "frank")
    follower = wx.state.follow(targets["oa"].appid, "frank")
    elsewhere = signed(targets["oa"], subscribe_event(follower["openid"], to="gh_someoneelse", at=stamp(msvc)),
                       timestamp=stamp(msvc))
    refused = send(client, chain_id, "oa", elsewhere)
    assert refused.status_code == 403 and refused.json_body["error"]["field"] == "ToUserName"
    assert customer_item(chain_id, who).oa_openid is None
