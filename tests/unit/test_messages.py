"""Every message kind rendered for a realistic booking, within WeChat's and Tencent SMS's limits."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.messages import (
    DEFAULT_FIELDS,
    FIELD_LIMITS,
    MESSAGE_KINDS,
    SMS_PARAM_LIMIT,
    MessageContext,
    field_type,
    fit,
    render,
    wechat_data,
)

CTX = MessageContext(
    customer_name="欧阳娜娜", honorific="女士", store_name="一汽马自达上海浦东新区旗舰服务中心", store_phone="021-60000000",
    service="保养", plate="沪AD12345", start=datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    due=date(2026, 12, 20), reason="车间设备检修", variant="24h", discount=0.15,
)


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_kind_fits_every_channel(kind):
    rendered = render(kind, CTX)
    assert rendered.text.startswith("欧阳女士您好")
    assert "沪AD12345" in rendered.text or kind in ("late", "no_show", "reminder")
    data = wechat_data(rendered)
    assert set(data) == set(DEFAULT_FIELDS)
    for key, entry in data.items():
        value = entry["value"]
        assert value, key
        limit = FIELD_LIMITS.get(field_type(key))
        assert limit is None or len(value) <= limit, (key, value)
        if field_type(key) == "phrase":
            assert all("\u4e00" <= ch <= "\u9fff" for ch in value)
    assert data["time2"]["value"] == "2026年11月24日 10:00"
    assert all(0 < len(p) <= SMS_PARAM_LIMIT for p in rendered.sms_params)


def test_reminders_follow_the_scripts():
    one_hour = render("reminder", MessageContext(**{**CTX.__dict__, "variant": "1h"})).text
    assert "一小时后到店" in one_hour and "请问您能准时到达吗" in one_hour
    assert "明天" in render("reminder", CTX).text
    assert "今天" in render("reminder", MessageContext(**{**CTX.__dict__, "variant": "3h"})).text


def test_the_discount_is_said_the_chinese_way():
    assert "8.5折" in render("lapse_invitation", CTX).text


def test_fit_shortens_to_wechat_rules():
    assert fit("thing1", "一" * 30) == "一" * 19 + "…"
    assert fit("phrase4", "OK已确认") == "已确认"
    assert fit("car_number3", "沪A·12345") == "沪A12345"
    assert fit("time2", "2026年11月24日 10:00") == "2026年11月24日 10:00"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        render("spam", CTX)
