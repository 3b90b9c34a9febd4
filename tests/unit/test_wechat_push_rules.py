"""The push rules: the replay window, the events read from XML-shaped and JSON-shaped fields, and what each
subscribe-message event does to the authorizations; phone linking's decision."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.errors import Forbidden
from chalicelib.domain.messaging.wechat_push import (
    MP_CHANGE,
    MP_POPUP,
    MP_SENT,
    authorization_moves,
    event_of,
    kinds_for,
    signed_at,
)
from chalicelib.domain.people import linking
from chalicelib.domain.people.customer import Customer

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
TEMPLATES = {"booking_confirmed": "T-confirm", "reminder": "T-remind", "booking_rescheduled": "T-confirm",
             "follow_up": {"template_id": "T-follow"}}


@pytest.mark.parametrize("offset,fresh", [(0, True), (-300, True), (300, True), (-301, False), (301, False)])
def test_the_replay_window_is_five_minutes_either_way(offset, fresh):
    stamp = str(int(NOW.timestamp()) + offset)
    if fresh:
        assert signed_at(stamp, NOW) == NOW + timedelta(seconds=offset)
    else:
        with pytest.raises(Forbidden) as refused:
            signed_at(stamp, NOW)
        assert refused.value.code == "stale_timestamp"


@pytest.mark.parametrize("stamp", [None, "", "soon", "99999999999999999999"])
def test_a_missing_or_absurd_timestamp_is_refused(stamp):
    with pytest.raises(Forbidden):
        signed_at(stamp, NOW)


def popup(items, xml=True):
    fields = {"FromUserName": "o1", "MsgType": "event", "Event": MP_POPUP, "CreateTime": "1"}
    if xml:  # xmltodict gives one <List> as a dict, several as a list
        fields["SubscribeMsgPopupEvent"] = {"List": items[0] if len(items) == 1 else items}
    else:
        fields["List"] = items
    return fields


@pytest.mark.parametrize("xml", [True, False])
def test_events_read_the_same_from_xml_and_json(xml):
    one = event_of(popup([{"TemplateId": "T-confirm", "SubscribeStatusString": "accept"}], xml))
    assert one is not None and [c.template_id for c in one.choices] == ["T-confirm"]
    moves = authorization_moves(one, TEMPLATES)
    assert moves.grants == {"booking_confirmed": 1, "booking_rescheduled": 1} and not moves.zeroed


def test_each_event_moves_the_authorizations_its_way():
    mixed = event_of(popup([{"TemplateId": "T-confirm", "SubscribeStatusString": "accept"},
                            {"TemplateId": "T-remind", "SubscribeStatusString": "reject"},
                            {"TemplateId": "T-unknown", "SubscribeStatusString": "accept"}]))
    moves = authorization_moves(mixed, TEMPLATES)
    assert moves.grants == {"booking_confirmed": 1, "booking_rescheduled": 1} and moves.zeroed == {"reminder"}
    change = event_of({"FromUserName": "o1", "MsgType": "event", "Event": MP_CHANGE, "SubscribeMsgChangeEvent": {
        "List": [{"TemplateId": "T-follow", "SubscribeStatusString": "reject"},
                 {"TemplateId": "T-remind", "SubscribeStatusString": "accept"}]}})
    assert authorization_moves(change, TEMPLATES).zeroed == {"follow_up"}
    assert not authorization_moves(change, TEMPLATES).grants
    sent = event_of({"FromUserName": "o1", "MsgType": "event", "Event": MP_SENT, "List": [
        {"TemplateId": "T-remind", "ErrorCode": "0"}, {"TemplateId": "T-confirm", "ErrorCode": "43101"}]})
    assert authorization_moves(sent, TEMPLATES).zeroed == {"booking_confirmed", "booking_rescheduled"}


def test_what_we_do_not_act_on_is_none():
    assert event_of({"FromUserName": "o1", "MsgType": "text", "Content": "你好"}) is None
    assert event_of({"FromUserName": "o1", "MsgType": "event", "Event": "VIEW"}) is None
    assert event_of({"MsgType": "event", "Event": "subscribe"}) is None  # no user
    assert kinds_for(TEMPLATES, "T-none") == []


def customer(cid, openid=None, unionid=None, merged_into=None):
    return Customer("demo", cid, openid, unionid, "张伟", "13800138000", None, {}, False, merged_into=merged_into)


def test_linking_needs_a_phone_customer_a_matching_plate_and_no_other_identity():
    me = customer("c_me", "o-me")
    plain = customer("c_phone")
    assert linking.decide(me, None, [], [], {"沪A12345"}).outcome == linking.NOTHING_TO_LINK
    assert linking.decide(me, plain, [], ["沪B11111"], {"沪A12345"}).outcome == linking.PLATE_MISMATCH
    assert linking.decide(me, plain, [], ["沪A12345"], set()).outcome == linking.PLATE_MISMATCH
    merged = linking.decide(me, plain, [], ["沪A12345"], {"沪A12345"})
    assert merged.outcome == linking.MERGED and merged.plan is not None and merged.plan.target_id == "c_me"
    for other in (customer("c_other", "o-other"), customer("c_u", unionid="u1"), customer("c_phone", merged_into="c_x")):
        assert linking.decide(me, other, [], ["沪A12345"], {"沪A12345"}).outcome == linking.OTHER_IDENTITY
    again = linking.decide(me, customer("c_phone", merged_into="c_me"), [], [], set())
    assert again.outcome == linking.MERGED  # taken over before: what is left moves without a plate again


def test_a_phone_booking_goes_to_the_cars_customer_only_when_it_is_their_number_and_their_rebooking():
    from dataclasses import replace

    owed = replace(customer("c_me", "o-me"), rebook_priority=True)
    assert linking.owed_rebooking(owed, "13800138000")
    assert not linking.owed_rebooking(owed, "13900139000")  # another number: another customer
    assert not linking.owed_rebooking(customer("c_me", "o-me"), "13800138000")  # no rebooking owed
    assert not linking.owed_rebooking(replace(owed, merged_into="c_x"), "13800138000")
    assert not linking.owed_rebooking(None, "13800138000")  # the car is not on file
