"""Messaging against the stand-ins over real HTTP: the shared token, fallbacks by error kind, the outbox's
exactly-once delivery, Tencent SMS through its SDK, SNS through moto, booking events announced."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import boto3
import pytest
import requests

from chalicelib import container
from chalicelib.adapters.dynamo.models import CustomerModel, OutboxModel
from chalicelib.adapters.messaging.sms import SmsError, TencentSms
from chalicelib.adapters.messaging.tokens import DynamoTokenStorage
from chalicelib.adapters.messaging.wechat import ChainWeChatClient
from chalicelib.adapters.secrets import SsmSecrets
from chalicelib.domain import staff_requests
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.messaging.outbox import booking_message
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.domain.tenancy.onboarding import registered_sms_templates
from devstack.demo_sms_templates import sms_templates
from devstack.seed import demo_store
from devstack.sms_standin import TencentSmsStandIn
from devstack.wechat_standin import WeChatStandIn
from tests.conftest import at
from tests.integration.helpers import request
from tests.support.patience import ANSWER


@pytest.fixture
def wx():
    server = WeChatStandIn(strict_subscriptions=True).start()
    yield server
    server.stop()


@pytest.fixture
def sms():
    server = TencentSmsStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def msvc(tables, clock, wx, sms):
    """The container, pointed at this test's strict WeChat stand-in and SMS stand-in."""
    config = replace(tables, wechat_api_root=wx.url, tencent_sms_endpoint=sms.endpoint, tencent_sms_scheme="http")
    ssm = boto3.client("ssm")
    for name, value in (("/appt/test/sms-id", "AKIDtest"), ("/appt/test/sms-key", "sms-key")):
        ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)
    services = container.build(config, clock=clock, secrets=SsmSecrets(ssm))
    container.override(services)
    yield services
    container.override(None)


def make_chain(svc, sms_provider: str | None = "tencent", oa: bool = False) -> str:
    chain_id = "m" + uuid.uuid4().hex[:8]
    sms = {}
    if sms_provider == "tencent":
        sms = {"provider": "tencent", "sdk_app_id": "1400000001", "sign": "演示汽车", "secret_id_ref": "/appt/test/sms-id",
               "secret_key_ref": "/appt/test/sms-key", **{f"template.{k}": f"9{i:05d}" for i, k in enumerate(MESSAGE_KINDS)}}
    elif sms_provider == "sns":
        sms = {"provider": "sns"}
    svc.ports.stores.put_chain(Chain(
        chain_id, "测试集团", mp_appid=f"wx{chain_id}", mp_secret_ref="/appt/test/mp-secret",
        oa_appid=f"oa{chain_id}" if oa else None, oa_secret_ref="/appt/test/mp-secret" if oa else None,
        templates={k: f"sub-{k}" for k in MESSAGE_KINDS}, oa_templates={k: f"oa-{k}" for k in MESSAGE_KINDS} if oa else {},
        sms=sms,
    ))
    svc.ports.stores.put(
        demo_store("pudong", "浦东店", chain_id=chain_id, capacity_per_slot=3, walk_in_reserve=0.0, labour_hours={})
    )
    return chain_id


def booked(svc, chain_id: str, name: str = "alice", budget: int = 0):
    from tests.integration.helpers import customer

    who = customer(svc, chain_id, name)
    if budget:
        svc.customer_access.grant_subscriptions(who, {"booking_confirmed": budget})
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00"), plate="沪AD12345"), f"k-{name}")
    return who, booking


def grant(wx, openid: str, template_id: str, count: int = 1) -> None:
    requests.post(f"{wx.url}/__grant", json={"openid": openid, "template_id": template_id, "count": count}, timeout=ANSWER)


def fault(wx, path: str, errcode: int, times: int = 1) -> None:
    requests.post(f"{wx.url}/__faults", json={"path": path, "errcode": errcode, "times": times}, timeout=ANSWER)


def calls(wx, path: str) -> list:
    return [c for c in wx.state.calls if c["path"] == path]


def confirm_message(svc, booking, occurrence="t1"):
    store = svc.ports.stores.get(booking.chain_id, booking.store_id)
    return booking_message("booking_confirmed", booking, store, occurrence=occurrence)


def test_twenty_concurrent_functions_fetch_one_token(msvc, wx, clock):
    def function_instance(_: int) -> str:
        client = ChainWeChatClient("wxshared", "secret", wx.url, session=DynamoTokenStorage(clock))
        return client.access_token

    with ThreadPoolExecutor(max_workers=20) as pool:
        tokens = set(pool.map(function_instance, range(20)))
    assert len(tokens) == 1
    assert len(calls(wx, "/cgi-bin/stable_token")) == 1
    assert calls(wx, "/cgi-bin/token") == []


def test_an_expired_token_is_refreshed_once_and_the_send_succeeds(msvc, wx, clock):
    client = ChainWeChatClient("wxexp", "secret", wx.url, session=DynamoTokenStorage(clock))
    grant(wx, "o-user", "tmpl", 2)
    client.send_subscribe("o-user", "tmpl", {"thing1": {"value": "保养"}})
    requests.post(f"{wx.url}/__expire_tokens", timeout=ANSWER)
    assert client.send_subscribe("o-user", "tmpl", {"thing1": {"value": "保养"}})
    assert len(calls(wx, "/cgi-bin/stable_token")) == 2
    assert len(calls(wx, "/cgi-bin/message/subscribe/send")) == 3  # one refused with 42001, then the retry
    assert len(wx.state.sent) == 2


def test_43101_falls_back_to_sms_and_zeroes_the_budget(msvc, wx, sms):
    chain_id = make_chain(msvc)
    who, booking = booked(msvc, chain_id, budget=2)  # our record says 2, WeChat knows of none
    delivery = msvc.notifier.send(confirm_message(msvc, booking))
    assert (delivery.status, delivery.channel) == ("sent", "sms")
    assert CustomerModel.get(chain_id, who.subject).subscriptions.as_dict()["booking_confirmed"] == 0
    assert wx.state.sent == []
    assert [m["template_id"] for m in sms.sent] == ["900000"]
    assert sms.sent[0]["params"][0] == "张先生/女士" and sms.sent[0]["phone"] == "+8613800138000"


def test_a_subscribe_message_spends_one_authorization(msvc, wx, sms):
    chain_id = make_chain(msvc)
    who, booking = booked(msvc, chain_id, budget=2)
    openid = CustomerModel.get(chain_id, who.subject).openid
    grant(wx, openid, "sub-booking_confirmed", 2)
    delivery = msvc.notifier.send(confirm_message(msvc, booking))
    assert (delivery.status, delivery.channel) == ("sent", "subscribe")
    sent = wx.state.sent[0]
    assert sent["touser"] == openid and sent["miniprogram_state"] == "formal" and sent["lang"] == "zh_CN"
    assert sent["data"]["car_number3"]["value"] == "沪AD12345" and sent["page"].endswith(booking.booking_id)
    assert CustomerModel.get(chain_id, who.subject).subscriptions.as_dict()["booking_confirmed"] == 1
    assert sms.sent == []


def test_45009_is_retried_later_and_sent_once(msvc, wx, sms, clock):
    chain_id = make_chain(msvc)
    who, booking = booked(msvc, chain_id, budget=1)
    grant(wx, CustomerModel.get(chain_id, who.subject).openid, "sub-booking_confirmed")
    fault(wx, "/cgi-bin/message/subscribe/send", 45009)
    message = confirm_message(msvc, booking)
    assert msvc.notifier.send(message).status == "retry"
    assert CustomerModel.get(chain_id, who.subject).subscriptions.as_dict()["booking_confirmed"] == 1  # refunded
    assert msvc.notifier.run_due() == {}  # not due yet
    clock.advance(minutes=1)
    assert msvc.notifier.run_due() == {"sent": 1}
    clock.advance(hours=1)
    assert msvc.notifier.run_due() == {}
    assert len(wx.state.sent) == 1 and sms.sent == []
    assert OutboxModel.get(message.dedupe_key).status == "sent"


def test_47003_is_recorded_and_never_retried(msvc, wx, clock):
    chain_id = make_chain(msvc, sms_provider=None)
    who, booking = booked(msvc, chain_id, budget=1)
    grant(wx, CustomerModel.get(chain_id, who.subject).openid, "sub-booking_confirmed")
    fault(wx, "/cgi-bin/message/subscribe/send", 47003)
    message = confirm_message(msvc, booking)
    delivery = msvc.notifier.send(message)
    assert delivery.status == "failed" and "47003" in delivery.error
    for _ in range(3):
        clock.advance(hours=3)
        assert msvc.notifier.run_due() == {}
    assert len(calls(wx, "/cgi-bin/message/subscribe/send")) == 1
    record = OutboxModel.get(message.dedupe_key)
    assert record.status == "failed" and "47003" in record.error


def test_two_concurrent_senders_deliver_once(msvc, sms):
    chain_id = make_chain(msvc)
    _, booking = booked(msvc, chain_id)
    message = confirm_message(msvc, booking)
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda _: msvc.notifier.send(message).status, range(8)))
    assert outcomes.count("sent") == 1 and outcomes.count("skipped") == 7
    assert len(sms.sent) == 1


def test_a_sender_that_died_after_its_claim_is_covered_by_the_next_run(msvc, sms, clock):
    chain_id = make_chain(msvc)
    _, booking = booked(msvc, chain_id)
    message = confirm_message(msvc, booking)
    msvc.ports.outbox.enqueue(message, clock.now())
    assert msvc.ports.outbox.claim(message.dedupe_key, clock.now()) is not None  # ...and then the function died
    assert msvc.notifier.run_due() == {"skipped": 1}  # its claim still holds
    clock.advance(seconds=61)
    assert msvc.notifier.run_due() == {"sent": 1}
    clock.advance(minutes=5)
    assert msvc.notifier.run_due() == {}
    assert len(sms.sent) == 1


def test_sns_through_moto(msvc, moto_url):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    chain_id = make_chain(msvc, sms_provider="sns")
    _, booking = booked(msvc, chain_id)
    assert msvc.notifier.send(confirm_message(msvc, booking)).channel == "sms"
    published = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages
    texts = [text for phone, text in published.values() if phone == "+8613800138000"]
    assert texts and texts[-1].startswith("张先生/女士您好，您在浦东店的保养预约已确认")


def test_official_account_template_for_customers_linked_by_unionid(msvc, wx, sms):
    chain_id = make_chain(msvc, oa=True)
    who, booking = booked(msvc, chain_id)  # no subscribe authorization left
    CustomerModel(chain_id, who.subject).update(actions=[CustomerModel.oa_openid.set("oa-openid-1")])
    delivery = msvc.notifier.send(confirm_message(msvc, booking))
    assert (delivery.status, delivery.channel) == ("sent", "template")
    sent = wx.state.sent[0]
    assert sent["channel"] == "template" and sent["touser"] == "oa-openid-1"
    assert sent["miniprogram"] == {"appid": f"wx{chain_id}", "pagepath": f"pages/booking/detail?id={booking.booking_id}"}
    assert sms.sent == []


def test_preferring_sms_puts_sms_first(msvc, wx, sms):
    chain_id = make_chain(msvc)
    who, booking = booked(msvc, chain_id, budget=1)
    grant(wx, CustomerModel.get(chain_id, who.subject).openid, "sub-booking_confirmed")
    CustomerModel(chain_id, who.subject).update(actions=[CustomerModel.preferred_channel.set("sms")])
    assert msvc.notifier.send(confirm_message(msvc, booking)).channel == "sms"


def test_booking_events_announce_themselves(msvc, sms):
    from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff

    chain_id = make_chain(msvc)
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    who, booking = booked(msvc, chain_id)
    msvc.staff_ops.act(mgr, booking.booking_id, "confirm")
    msvc.booking.reschedule_own(who, booking.booking_id, at("2026-11-24", "15:00"))
    msvc.staff_ops.act(mgr, booking.booking_id, "cancel", staff_requests.staff_action({"note": "车间设备检修"}))
    waiting = msvc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "waiting_for_parts": True, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪B77777"}}))
    msvc.staff_ops.act(mgr, waiting.booking_id, "parts-arrived")
    kinds = [m["template_id"] for m in sms.sent]
    template = {f"9{i:05d}": k for i, k in enumerate(MESSAGE_KINDS)}
    assert [template[t] for t in kinds] == ["booking_confirmed", "booking_rescheduled", "booking_cancelled", "parts_arrived"]
    assert sms.sent[1]["params"][2] == "11月24日 15:00"


def test_a_phone_booking_confirmed_on_the_call_is_confirmed_in_writing(msvc, sms):
    from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff

    chain_id = make_chain(msvc)
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    msvc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, "estimate": {"price": 480}}))
    msvc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪B99999"}}))  # not yet confirmed: nothing
    assert [m["template_id"] for m in sms.sent] == ["900000"]


# The chain's approved SMS templates against the stand-in holding them: kept by the DynamoDB chain record; the
# stand-in renders the registered text the customer reads and refuses an unknown template id and values that
# do not fit their variables, as Tencent does.


def onboard(svc, chain_id: str) -> dict:
    store = svc.ports.stores.get(chain_id, "pudong")
    facts = {"pudong": {"name": store.name, "address": store.address, "parking": store.parking, "phone": store.phone}}
    templates = {k: v for k, v in sms_templates(facts).items() if "@" not in k or k.endswith("@pudong")}
    registered = registered_sms_templates({"sms_templates": templates, "sms": {}}, [store])
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain_id), sms_templates=registered))
    return registered


def test_the_customer_reads_the_registered_text_with_advisor_price_and_hold(msvc, sms):
    chain_id = make_chain(msvc)
    registered = onboard(msvc, chain_id)
    sms.register(registered)
    assert msvc.ports.stores.get_chain(chain_id).sms_templates == registered  # kept by the chain record
    _, booking = booked(msvc, chain_id)
    booking = replace(booking, advisor="王磊")
    msvc.notifier.send(confirm_message(msvc, booking, occurrence="sms-template"))
    [message] = [m for m in sms.sent if m["template_id"] == registered["booking_confirmed@pudong"]["id"]]
    assert message["text"].startswith("【演示汽车】")
    assert "服务顾问王磊" in message["text"] and "预计费用" in message["text"] and "10分钟" in message["text"]
    assert "{" not in message["text"]


def sender(sms) -> TencentSms:
    return TencentSms("AKIDtest", "sms-key", "1400000001", "演示汽车", endpoint=sms.endpoint, scheme="http")


def test_the_standin_refuses_an_unknown_template_and_values_that_do_not_fit(sms):
    template = sms_templates({"s": {"name": "浦东店", "address": "世纪大道1000号", "parking": "B2层", "phone": "021-1"}})
    sms.register({"late": template["late"]})
    with pytest.raises(SmsError) as unknown:
        sender(sms).send("13800138000", "999999", ("林先生", "12月1日 14:00", "021-60000000"), "")
    assert unknown.value.code == "FailedOperation.TemplateIncorrectOrUnapproved"
    with pytest.raises(SmsError) as misfit:
        sender(sms).send("13800138000", template["late"]["id"], ("林先生", "下午两点", "021-60000000"), "")
    assert misfit.value.code == "InvalidParameterValue.TemplateParameterFormatError"
    with pytest.raises(SmsError) as count:
        sender(sms).send("13800138000", template["late"]["id"], ("林先生",), "")
    assert count.value.code == "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
    assert sms.sent == []
    with pytest.raises(ValueError, match="refuses ¥"):
        sms.register({"late": {**template["late"], "text": "{1}您好，您预约的{2}已过，¥0改期请致电{3}。"}})


def test_a_store_on_file_without_a_phone_never_sends_the_phone_variable_empty(msvc, wx, sms):
    """A store written before its chain's SMS needed its phone (decision 0083): the SMS whose template carries
    the store's phone is not sent with the value empty (the stand-in, as Tencent, would refuse it); the customer
    who can be reached on WeChat is told there, even when they prefer SMS."""
    chain_id = make_chain(msvc)
    sms.register(onboard(msvc, chain_id))
    store = msvc.ports.stores.get(chain_id, "pudong")
    msvc.ports.stores.put(replace(store, phone=""))  # as stored before the rule; settings now refuse it
    who, booking = booked(msvc, chain_id)
    grant(wx, CustomerModel.get(chain_id, who.subject).openid, "sub-booking_cancelled")
    CustomerModel(chain_id, who.subject).update(actions=[CustomerModel.preferred_channel.set("sms")])
    msvc.customer_access.grant_subscriptions(who, {"booking_cancelled": 1})
    store = msvc.ports.stores.get(chain_id, "pudong")
    cancelled = booking_message("booking_cancelled", booking, store, occurrence="no-phone")
    assert msvc.notifier.send(cancelled).channel == "subscribe"
    assert sms.sent == []
