"""Every message kind rendered for every demo template and sent through the WeChat stand-in, which checks each
keyword's value by WeChat's rule for its type: all are accepted. Values that cannot be made valid are refused
before sending, never sent empty."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from chalicelib.adapters.messaging.wechat import ChainWeChatClient, WeChatSendError
from chalicelib.domain.messaging.messages import INVITATION_KINDS, MESSAGE_KINDS, MessageContext, render, wechat_data
from chalicelib.domain.messaging.wechat_fields import DEFAULT_KEYWORDS, InvalidField
from devstack import demo_templates
from devstack.wechat_standin import WeChatStandIn
from tests.support.patience import ANSWER

SH = ZoneInfo("Asia/Shanghai")
BOOKING = MessageContext(
    customer_name="欧阳娜娜", honorific="女士", store_name="一汽马自达上海浦东新区旗舰服务中心", store_phone="021-60000000",
    service="保养", plate="沪AD12345", start=datetime(2026, 11, 24, 10, 0, tzinfo=SH), variant="24h", discount=0.15,
    address="上海市浦东新区世纪大道1000号国际金融中心地下二层", advisor="王顾问", price=65600, amount=71000,
    hold_minutes=10,
)
# what each kind really carries when the booking (or the invitation) knows little
SPARSE = {
    **{kind: MessageContext(customer_name="Anna Smith", store_name="Demo", store_phone="021-60000000", plate="沪B67890",
                            start=datetime(2026, 3, 5, 9, 30, tzinfo=SH)) for kind in MESSAGE_KINDS},
    "lapse_invitation": MessageContext(customer_name="李雷", store_name="浦东店", due=date(2027, 2, 24)),
    "first_service_due": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111", due=date(2027, 1, 8)),
    "maintenance_due": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111", due=date(2027, 7, 19)),
    "parts_arrived": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111"),
    "service_started": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111", service="维修"),
    "ready_for_pickup": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111", amount=0),
    # a proposal always names its price (docs/product-rules.md#extra-work)
    "extra_work_proposed": MessageContext(customer_name="李雷", store_name="浦东店", plate="沪C11111", amount=50000),
}


@pytest.fixture(scope="module")
def wx():
    server = WeChatStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(wx):
    return ChainWeChatClient("wxtemplates000001", "secret", wx.url, timeout=ANSWER)


def send(client: ChainWeChatClient, kind: str, data: dict) -> str:
    assert client.send_template("oa-openid", demo_templates.OFFICIAL_ACCOUNT[kind], data)
    return client.send_subscribe("mp-openid", demo_templates.SUBSCRIBE[kind], data)


@pytest.mark.parametrize("contexts", ["booking", "sparse"])
@pytest.mark.parametrize("kind", [k for k in MESSAGE_KINDS if k not in INVITATION_KINDS])
def test_every_kind_is_accepted_for_every_demo_template(client, wx, kind, contexts):
    ctx = BOOKING if contexts == "booking" else SPARSE[kind]
    data = wechat_data(render(kind, ctx), demo_templates.KEYWORDS[kind])
    assert set(data) == set(demo_templates.KEYWORDS[kind])
    assert all(entry["value"].strip() for entry in data.values())
    assert send(client, kind, data)  # the stand-in answered errcode 0 with a msgid


def test_every_kind_has_a_demo_template():
    assert set(demo_templates.KEYWORDS) == set(MESSAGE_KINDS)
    # WeChat's subscribe and template messages carry no marketing: invitations go by SMS only
    assert not (set(demo_templates.SUBSCRIBE) | set(demo_templates.OFFICIAL_ACCOUNT)) & INVITATION_KINDS


def test_the_values_are_shortened_and_typed_as_wechat_wants(wx, client):
    data = wechat_data(render("booking_confirmed", BOOKING), demo_templates.KEYWORDS["booking_confirmed"])
    assert data["thing1"]["value"] == "一汽马自达上海浦东新区旗舰服务中心"
    reminder = wechat_data(render("reminder", BOOKING), demo_templates.KEYWORDS["reminder"])
    assert reminder["thing3"]["value"] == "上海市浦东新区世纪大道1000号国际金…"  # 20 characters at most
    assert data["time2"]["value"] == "2026年11月24日 10:00"
    assert data["thing4"]["value"] == "王顾问"
    assert data["thing5"]["value"] == "656.00元"
    pickup = wechat_data(render("ready_for_pickup", BOOKING), demo_templates.KEYWORDS["ready_for_pickup"])
    assert pickup["amount3"]["value"] == "710.00元"
    started = wechat_data(render("service_started", SPARSE["service_started"]), demo_templates.KEYWORDS["service_started"])
    assert started["name3"]["value"] == "到店分配"  # no advisor yet: the catalogue's blank, never empty


@pytest.mark.parametrize("key,value", [("thing1", "一" * 21), ("phrase4", "OK"), ("car_number3", "沪A·12345"),
                                       ("time2", "2026年11月24日"), ("amount3", "约656元"), ("thing5", " ")])
def test_the_stand_in_refuses_what_wechat_refuses(client, key, value):
    with pytest.raises(WeChatSendError) as refused:
        client.send_subscribe("mp-openid", "tmpl-x", {key: {"value": value}})
    assert refused.value.errcode == 47003


def test_a_value_that_cannot_be_made_valid_is_refused_before_sending():
    with pytest.raises(InvalidField, match="car_number3"):  # a booking always has a plate; without one, nothing is sent
        wechat_data(render("booking_confirmed", replace(BOOKING, plate="")), demo_templates.KEYWORDS["booking_confirmed"])
    # the old fixed layout put the time in time2: an invitation without a date had nothing to send
    lapse = replace(SPARSE["lapse_invitation"], due=None)
    with pytest.raises(InvalidField, match="time2"):
        wechat_data(render("lapse_invitation", lapse), DEFAULT_KEYWORDS)
    with pytest.raises(InvalidField, match="amount3"):
        wechat_data(render("ready_for_pickup", replace(BOOKING, amount=None)), demo_templates.KEYWORDS["ready_for_pickup"])
