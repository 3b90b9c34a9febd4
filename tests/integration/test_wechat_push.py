"""WeChat's server push through the stand-in: events signed (and in safe mode encrypted) as WeChat does, sent to
our routes, acting on DynamoDB; the messages that follow go out through the stand-in."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

import boto3
import pytest
from chalice.test import Client

from app import app
from chalicelib.adapters.dynamo.models import CustomerModel
from chalicelib.domain.people.principal import Principal
from devstack.wechat_push import PushTarget, echo_check, new_aes_key, signed, subscribe_event, subscribe_message_event
from tests.conftest import at
from tests.integration.helpers import request
from tests.integration.test_messaging import confirm_message, grant, make_chain, msvc, sms, wx  # noqa: F401

TOKEN = "test-push-token"


@pytest.fixture
def client(msvc):  # noqa: F811
    with Client(app) as c:
        yield c.http


@pytest.fixture
def pushed(msvc):  # noqa: F811
    """A chain with an official account and a mini-program pushing to us, both in safe mode (the mini-program
    in JSON); the targets the stand-in signs for."""
    chain_id = make_chain(msvc, oa=True)
    chain = msvc.ports.stores.get_chain(chain_id)
    keys = {"oa": new_aes_key(), "mp": new_aes_key()}
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/appt/test/push-token", Value=TOKEN, Type="SecureString", Overwrite=True)
    for app_name, key in keys.items():
        ssm.put_parameter(Name=f"/appt/test/{chain_id}/{app_name}-aes", Value=key, Type="SecureString", Overwrite=True)
    push = {f"{a}.token_ref": "/appt/test/push-token" for a in keys}
    push.update({f"{a}.aes_key_ref": f"/appt/test/{chain_id}/{a}-aes" for a in keys})
    push.update({f"{a}.original_id": "gh_demo" for a in keys})  # what the stand-in's events are addressed to
    msvc.ports.stores.put_chain(replace(chain, push=push))
    targets = {"oa": PushTarget(TOKEN, chain.oa_appid or "", keys["oa"]),
               "mp": PushTarget(TOKEN, chain.mp_appid, keys["mp"], json_format=True)}
    return chain_id, targets


def stamp(msvc) -> int:  # noqa: F811
    return int(msvc.clock.now().timestamp())


def send(client, chain_id, app_name, push):
    return client.post(f"/wechat/{chain_id}/{app_name}?{push.query}", body=push.body,
                       headers={"Content-Type": push.content_type})


def signed_in(msvc, chain_id, code="alice"):  # noqa: F811
    """Through the stand-in's jscode2session, so the customer carries the unionid WeChat gives."""
    _, customer_id = msvc.customer_access.login(chain_id, code)
    return Principal(customer_id, chain_id, "customer")


def customer_item(chain_id, who):
    return CustomerModel.get(chain_id, who.subject)


def test_an_encrypted_follow_links_the_official_account_and_messages_fall_back_to_it(msvc, wx, sms, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id)
    booking, _ = msvc.booking.book_online(who, request(at("2026-11-24", "10:00"), plate="沪AD12345"), "k-1")
    follower = wx.state.follow(targets["oa"].appid, "alice")
    push = signed(targets["oa"], subscribe_event(follower["openid"], at=stamp(msvc)), timestamp=stamp(msvc))
    assert b"<Encrypt>" in push.body and b"subscribe" not in push.body  # safe mode: the event is not readable
    answer = send(client, chain_id, "oa", push)
    assert (answer.status_code, answer.body) == (200, b"success")
    assert customer_item(chain_id, who).oa_openid == follower["openid"]

    # the mini-program popup grants one confirmation; the first message spends it, the next falls back
    openid = customer_item(chain_id, who).openid
    popup = subscribe_message_event("subscribe_msg_popup_event", openid,
                                    [{"TemplateId": "sub-booking_confirmed", "SubscribeStatusString": "accept"}],
                                    json_format=True, at=stamp(msvc))
    assert send(client, chain_id, "mp", signed(targets["mp"], popup, timestamp=stamp(msvc))).status_code == 200
    assert customer_item(chain_id, who).subscriptions.as_dict()["booking_confirmed"] == 1
    grant(wx, openid, "sub-booking_confirmed")
    first = msvc.notifier.send(confirm_message(msvc, booking, "first"))
    second = msvc.notifier.send(confirm_message(msvc, booking, "second"))
    assert (first.channel, second.channel) == ("subscribe", "template")
    assert wx.state.sent[-1]["touser"] == follower["openid"] and wx.state.sent[-1]["channel"] == "template"
    assert sms.sent == []

    # unfollowing unlinks: the official account is no longer a channel
    unfollow = signed(targets["oa"], subscribe_event(follower["openid"], unsubscribe=True, at=stamp(msvc)),
                      timestamp=stamp(msvc))  # encrypted: a chain in safe mode takes no plain push
    assert send(client, chain_id, "oa", unfollow).status_code == 200
    assert customer_item(chain_id, who).oa_openid is None


def test_popup_change_and_sent_events_move_the_authorizations(msvc, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id, "bob")
    msvc.customer_access.grant_subscriptions(who, {"reminder": 2})
    openid = customer_item(chain_id, who).openid

    def event(kind, items, encrypted=True):
        fields = subscribe_message_event(kind, openid, items, json_format=True, at=stamp(msvc))
        answer = send(client, chain_id, "mp", signed(targets["mp"], fields, timestamp=stamp(msvc), encrypted=encrypted))
        assert answer.status_code == 200, answer.body
        return customer_item(chain_id, who).subscriptions.as_dict()

    after = event("subscribe_msg_popup_event", [
        {"TemplateId": "sub-booking_confirmed", "SubscribeStatusString": "accept"},
        {"TemplateId": "sub-lapse_invitation", "SubscribeStatusString": "reject"},
        {"TemplateId": "sub-reminder", "SubscribeStatusString": "accept"}])
    assert (after["booking_confirmed"], after["lapse_invitation"], after["reminder"]) == (1, 0, 3)
    after = event("subscribe_msg_change_event", [{"TemplateId": "sub-booking_confirmed", "SubscribeStatusString": "reject"}])
    assert after["booking_confirmed"] == 0 and after["reminder"] == 3
    after = event("subscribe_msg_sent_event", [{"TemplateId": "sub-reminder", "MsgID": "1", "ErrorCode": "0",
                                                 "ErrorStatus": "success"}])
    assert after["reminder"] == 3  # a delivered message was already counted when it was sent
    after = event("subscribe_msg_sent_event", [{"TemplateId": "sub-reminder", "MsgID": "2", "ErrorCode": "43101",
                                                 "ErrorStatus": "fail:user refuse to accept the msg"}])
    assert after["reminder"] == 0


def test_xml_mini_program_pushes_are_read_too(msvc, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id, "carol")
    xml_target = replace(targets["mp"], json_format=False)
    fields = subscribe_message_event("subscribe_msg_popup_event", customer_item(chain_id, who).openid,
                                     [{"TemplateId": "sub-follow_up", "SubscribeStatusString": "accept"}], at=stamp(msvc))
    assert send(client, chain_id, "mp", signed(xml_target, fields, timestamp=stamp(msvc))).status_code == 200
    assert customer_item(chain_id, who).subscriptions.as_dict()["follow_up"] == 1


def tampered(push, **changes):
    params = dict(parse_qsl(push.query))
    params.update(changes)
    return replace(push, query=urlencode(params))


@pytest.mark.parametrize("change", [{"signature": "0" * 40}, {"msg_signature": "0" * 40}, {"nonce": "other"}])
def test_a_bad_signature_is_403_and_changes_nothing(msvc, wx, client, pushed, change):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id)
    follower = wx.state.follow(targets["oa"].appid, "alice")
    push = signed(targets["oa"], subscribe_event(follower["openid"], at=stamp(msvc)), timestamp=stamp(msvc), nonce="n1")
    refused = send(client, chain_id, "oa", tampered(push, **change))
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "bad_signature"
    assert customer_item(chain_id, who).oa_openid is None
    assert send(client, chain_id, "oa", push).status_code == 200  # its nonce was not taken: the genuine push passes


def test_a_forged_key_or_body_is_refused(msvc, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    fields = subscribe_message_event("subscribe_msg_popup_event", "o-x", [], json_format=True, at=stamp(msvc))
    forged = replace(targets["mp"], aes_key=new_aes_key())  # signed with our token, encrypted with another key
    assert send(client, chain_id, "mp", signed(forged, fields, timestamp=stamp(msvc))).status_code == 403
    other_app = replace(targets["mp"], appid="wxsomeoneelse")
    assert send(client, chain_id, "mp", signed(other_app, fields, timestamp=stamp(msvc))).status_code == 403
    garbage = replace(signed(targets["mp"], fields, timestamp=stamp(msvc), encrypted=False), body=b"<xml><")
    assert send(client, chain_id, "mp", garbage).status_code == 403


def test_a_replayed_or_stale_push_is_refused(msvc, wx, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    who = signed_in(msvc, chain_id, "dave")
    msvc.customer_access.grant_subscriptions(who, {"reminder": 1})
    fields = subscribe_message_event("subscribe_msg_popup_event", customer_item(chain_id, who).openid,
                                     [{"TemplateId": "sub-reminder", "SubscribeStatusString": "accept"}],
                                     json_format=True, at=stamp(msvc))
    push = signed(targets["mp"], fields, timestamp=stamp(msvc))
    assert send(client, chain_id, "mp", push).status_code == 200
    replayed = send(client, chain_id, "mp", push)
    assert replayed.status_code == 403 and replayed.json_body["error"]["code"] == "replayed"
    stale = send(client, chain_id, "mp", signed(targets["mp"], fields, timestamp=stamp(msvc) - 301))
    assert stale.status_code == 403 and stale.json_body["error"]["code"] == "stale_timestamp"
    assert customer_item(chain_id, who).subscriptions.as_dict()["reminder"] == 2  # counted once


def test_server_check_echoes_only_when_signed(msvc, client, pushed):  # noqa: F811
    chain_id, targets = pushed
    query = echo_check(targets["oa"], "echo-123", timestamp=stamp(msvc))
    answer = client.get(f"/wechat/{chain_id}/oa?{query}")
    assert (answer.status_code, answer.body) == (200, b"echo-123")
    forged = echo_check(replace(targets["oa"], token="not-the-token"), "echo-123", timestamp=stamp(msvc))
    assert client.get(f"/wechat/{chain_id}/oa?{forged}").status_code == 403
    assert client.get(f"/wechat/nochain/oa?{query}").status_code == 404
