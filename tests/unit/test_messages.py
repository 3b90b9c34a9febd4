"""What each message must say (the confirmation's details, three reminders that differ, never asking an
acknowledged customer again, progress notices, rebooking offers, the opt-out on invitations), and every kind
within WeChat's and Tencent SMS's limits."""
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.messaging.messages import (
    DEFAULT_FIELDS,
    INVITATION_KINDS,
    MESSAGE_KINDS,
    SMS_PARAM_LIMIT,
    MessageContext,
    render,
    wechat_data,
)
from chalicelib.domain.messaging.wechat_fields import MAX_LENGTH, InvalidField, fit, keyword_type, valid

CTX = MessageContext(
    customer_name="欧阳娜娜", honorific="女士", store_name="一汽马自达上海浦东新区旗舰服务中心", store_phone="021-60000000",
    service="保养", plate="沪AD12345", start=datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    due=date(2026, 12, 20), reason="车间设备检修", variant="24h", discount=0.15, address="上海市浦东新区世纪大道1000号",
    parking="地下车库B2层", advisor="王顾问", price=65600, amount=71000, hold_minutes=10,
)
ASK = "请在小程序中确认能否准时到店"


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_kind_fits_every_channel(kind):
    rendered = render(kind, CTX)
    assert rendered.text.startswith("欧阳女士您好")
    data = wechat_data(rendered)
    assert set(data) == set(DEFAULT_FIELDS)
    for key, entry in data.items():
        assert valid(key, entry["value"]), (key, entry["value"])
    assert data["time2"]["value"] == "2026年11月24日 10:00"
    assert all(0 < len(p) <= SMS_PARAM_LIMIT for p in rendered.sms_params)


def test_the_confirmation_names_store_address_phone_advisor_price_what_to_bring_and_the_hold():
    text = render("booking_confirmed", CTX).text
    for said in ("一汽马自达上海浦东新区旗舰服务中心", "上海市浦东新区世纪大道1000号", "021-60000000", "王顾问",
                 "预计费用656.00元", "工时费8.5折", "行驶证", "保养手册", "预约时间后10分钟"):
        assert said in text, said
    bare = render("booking_confirmed", replace(CTX, advisor=None, price=None, discount=0.0)).text
    assert "服务顾问" not in bare and "预计费用" not in bare and "折" not in bare


def test_the_three_reminders_read_differently():
    texts = {v: render("reminder", replace(CTX, variant=v)).text for v in ("24h", "3h", "1h", "eve")}
    assert len(set(texts.values())) == 4
    assert "明天" in texts["24h"] and "明天" in texts["eve"]
    assert "还有约3小时" in texts["3h"] and "还有1小时" in texts["1h"]
    for v in ("3h", "1h", "eve"):  # the practical details
        assert "上海市浦东新区世纪大道1000号" in texts[v] and "停车：地下车库B2层" in texts[v] and "王顾问" in texts[v]


@pytest.mark.parametrize("variant", ["24h", "3h", "1h", "eve"])
def test_an_acknowledged_customer_is_never_asked_to_confirm_again(variant):
    asked = render("reminder", replace(CTX, variant=variant)).text
    thanked = render("reminder", replace(CTX, variant=variant, acknowledged=True)).text
    assert ASK in asked
    assert "确认" not in thanked.replace("您已确认到店", "")
    assert "You have confirmed" in render("reminder", replace(CTX, variant=variant, acknowledged=True), "en").text


def test_progress_notices_and_rebooking_offers():
    assert "已开始保养" in render("service_started", CTX).text
    pickup = render("ready_for_pickup", CTX).text
    assert "已完工" in pickup and "710.00元" in pickup
    assert "合计" not in render("ready_for_pickup", replace(CTX, amount=None)).text
    for kind in ("no_show", "booking_cancelled"):
        assert "优先安排" in render(kind, CTX).text and "选择新的时间" in render(kind, CTX).text


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_only_invitations_carry_the_sms_opt_out(kind):
    rendered = render(kind, CTX)
    assert rendered.text.endswith("拒收请回复R") == (kind in INVITATION_KINDS)
    assert (rendered.sms_params[-1] == "拒收请回复R") == (kind in INVITATION_KINDS)


def test_the_discount_is_said_the_chinese_way():
    assert "8.5折" in render("lapse_invitation", CTX).text


def test_fit_shortens_to_wechat_rules():
    assert fit("thing1", "一" * 30) == "一" * 19 + "…"
    assert fit("phrase4", "OK已确认") == "已确认"
    assert fit("car_number3", "沪a·12345") == "沪A12345"
    assert fit("time2", "2026年11月24日 10:00") == "2026年11月24日 10:00"
    assert fit("amount3", "656.00") == "656.00元"
    assert fit("character_string9", "订单 No.12-A") == "No.12-A"


@pytest.mark.parametrize("key,value", [("thing1", ""), ("phrase2", "OK"), ("time3", "2026年11月24日"), ("amount4", "约656"),
                                       ("car_number5", "您的爱车"), ("date6", "明天"), ("name7", "王" * 11)])
def test_fit_refuses_what_cannot_be_made_valid(key, value):
    with pytest.raises(InvalidField):
        fit(key, value)


KEYS = st.sampled_from(["thing1", "phrase2", "car_number3", "character_string4", "name5", "amount6", "time7", "date8"])


@given(key=KEYS, value=st.text(max_size=60))
def test_whatever_fit_returns_is_valid_and_never_empty(key, value):
    try:
        fitted = fit(key, value)
    except InvalidField:
        return
    assert fitted.strip() and valid(key, fitted)
    limit = MAX_LENGTH.get(keyword_type(key))
    assert limit is None or len(fitted) <= limit


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        render("spam", CTX)
