"""A chain's approved SMS templates: onboarding refuses what Tencent's review would refuse and a template that
cannot carry its kind's required content; filling a template enforces each variable's type and length."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.messaging import sms_templates
from chalicelib.domain.messaging.message_kinds import OPT_OUT, RULES, template_key
from chalicelib.domain.tenancy.onboarding import registered_sms_templates
from devstack.demo_sms_templates import sms_templates as demo_templates
from devstack.seed import DEMO_STORES, demo_store

STORES = [demo_store(s, n) for s, n in DEMO_STORES.items()]
FACTS = {s.store_id: {"name": s.name, "address": s.address, "parking": s.parking, "phone": s.phone} for s in STORES}


def register(templates, icp_domains: str = ""):
    return registered_sms_templates({"sms_templates": templates, "sms": {"icp_domains": icp_domains}}, STORES)


def test_the_demo_chain_registers_a_template_for_every_kind_and_reminder_moment():
    registered = register(demo_templates(FACTS))
    keys = {name.partition("@")[0] for name in registered}
    assert keys == set(RULES)
    assert all(t["sort"] == RULES[name.partition("@")[0]].sort for name, t in registered.items())


def _one(key: str, **changes):
    found = {k: v for k, v in demo_templates(FACTS).items() if k.partition("@")[0] == key}
    return {name: {**t, **changes} for name, t in found.items()}


def _refusal(templates, icp: str = "") -> str:
    with pytest.raises(ValidationError) as refused:
        register(templates, icp)
    assert refused.value.field.startswith("chain.sms_templates.")
    return refused.value.message


@pytest.mark.parametrize("key, text, said", [
    ("parts_arrived", "{1}您好，您的爱车{2}备件已到货，本周到店保养享优惠，请致电{3}。", "no marketing (优惠)"),
    ("follow_up", "{1}您好，感谢您选择{2}，请为爱车{3}的服务评分，详询{4}。", "no marketing (评分)"),
    ("late", "{1}您好，您预约的{2}已过，¥0改期请致电{3}。", "refuses ¥"),
    ("late", "【提醒】{1}您好，您预约的{2}已过，请致电{3}。", "refuses 【"),
    ("late", "{1}您好，您预约的{2}已过，改期见https://{3}.example.cn", "link"),
    ("late", "{1}您好，您预约的{2}已过，改期见https://m.example.cn/b 或致电{3}。", "ICP-filed"),
    ("late", "{1}{2}，请致电{3}。", "adjacent"),
    ("late", "{1}您好，您预约的{2}已过，请致电{4}。", "{1}…{3}"),
])
def test_what_tencent_review_refuses_is_refused_at_onboarding(key, text, said):
    assert said in _refusal(_one(key, text=text))


def test_a_link_on_a_declared_icp_filed_domain_is_fixed_text_that_passes():
    text = "{1}您好，您预约的{2}已过，改期可致电{3}，或访问https://m.example.cn/b"
    assert register(_one("late", text=text), "m.example.cn")


def test_an_invitation_is_marketing_and_ends_with_tencents_opt_out():
    assert "must be registered as marketing" in _refusal(_one("lapse_invitation", sort="notice"))
    text = "{1}您好，您的爱车{2}该保养了，详询{3}。回T退订"
    assert f"ends with {OPT_OUT}" in _refusal(_one("lapse_invitation", text=text))
    assert "must be registered as notice" in _refusal(_one("late", sort="marketing"))


@pytest.mark.parametrize("key, text, fields, missing", [
    ("booking_confirmed", "{1}您好，您的预约已确认：{2}，车牌{3}。到店请带好行驶证。如需改期请致电021-60000000。",
     ("greeting", "when", "plate"), "store, advisor, price, address, hold"),
    ("reminder.1h", "{1}您好，距您{2}的预约还有1小时，请致电{3}确认能否准时到店。", ("greeting", "time", "phone"),
     "advisor_ready, hold"),
    ("reminder.3h.ack", "{1}您好，您今天{2}的预约还有约3小时，请致电{3}确认能否准时到店。",
     ("greeting", "time", "phone"), "address, parking, thanks_ack"),
])
def test_a_template_that_cannot_carry_its_kinds_content_is_refused(key, text, fields, missing):
    params = [{"field": f, "type": "text", "max": 12} for f in fields]
    assert f"cannot say {missing}" in _refusal(_one(key, text=text, params=params))


def test_store_fixed_text_is_checked_against_the_store_it_serves():
    templates = _one("reminder.3h")
    other = templates["reminder.3h@demo-xuhui"]
    templates["reminder.3h@demo-pudong"] = other  # the other store's address and parking
    assert "cannot say address " in _refusal(templates)  # both demo stores park alike
    assert "no store 'demo-nowhere'" in _refusal({"late@demo-nowhere": _one("late")["late"]})


def test_fill_enforces_each_variables_type_and_length():
    template = sms_templates.template_of(_one("reminder.1h")["reminder.1h"])
    params, text = sms_templates.fill(template, {"greeting": "张先生", "time": "14:00", "advisor": "王磊",
                                                 "phone": "021-60000000"})
    assert params == ("张先生", "14:00", "王磊", "021-60000000")
    assert text.startswith("张先生您好，距您14:00的预约还有1小时，服务顾问王磊已为您做好准备。")
    for bad in ({"time": "明天下午"}, {"greeting": ""}, {"advisor": "王磊磊磊磊磊磊磊磊磊磊"}):
        with pytest.raises(sms_templates.SmsValueError):
            sms_templates.fill(template, {"greeting": "张先生", "time": "14:00", "advisor": "王磊",
                                          "phone": "021-60000000", **bad})


def test_a_long_text_value_is_shortened_not_refused():
    template = sms_templates.template_of(_one("follow_up")["follow_up"])
    params, _ = sms_templates.fill(template, {"greeting": "张先生", "store": "一汽马自达上海浦东新区世纪大道旗舰店",
                                              "plate": "沪AD12345", "phone": "021-60000000"})
    assert params[1] == "一汽马自达上海浦东新区…" and len(params[1]) == 12


def test_template_keys_name_each_reminder_moment_and_acknowledgement():
    assert template_key("reminder", "24h") == "reminder.24h"
    assert template_key("reminder", "eve", acknowledged=True) == "reminder.eve.ack"
    assert template_key("reminder", None) == "reminder.3h"
    assert template_key("late", "24h", acknowledged=True) == "late"


def test_a_reply_of_r_opts_out_as_tencents_ending_asks():
    from chalicelib.domain.messaging.sms_reply import Reply

    assert all(Reply("13800138000", word).opts_out for word in ("R", "r", "T", "TD", "退订"))
    assert not Reply("13800138000", "好的").opts_out


def test_onboarding_refuses_an_invitation_as_a_wechat_template():
    from chalicelib.domain.tenancy import onboarding

    doc = {"chain": {"chain_id": "demo", "oa_templates": {"lapse_invitation": "oa-1"}}}
    with pytest.raises(ValidationError) as refused:
        onboarding.read(doc)
    assert refused.value.field == "chain.oa_templates.lapse_invitation"


def test_the_demo_wechat_mappings_say_what_each_kind_requires():
    from chalicelib.domain.tenancy import onboarding
    from devstack import demo_templates

    doc = {"chain": {"chain_id": "demo", "keywords": demo_templates.KEYWORDS_OF_NOTICES}}
    assert onboarding.read(doc).chain["keywords"] == demo_templates.KEYWORDS_OF_NOTICES


@pytest.mark.parametrize("name, mapping, said", [
    ("booking_confirmed", {"thing1": "store", "time2": "time", "car_number3": "plate", "thing4": "remark"},
     "cannot say advisor, price"),
    ("reminder", {"thing1": "service", "time2": "time", "thing3": "remark"}, "'reminder.3h' cannot say address"),
    ("lapse_invitation", {"thing1": "store"}, "marketing"),
    ("late", {"thing1": "colour"}, "maps a keyword"),
])
def test_onboarding_refuses_a_wechat_mapping_that_cannot_say_its_kinds_content(name, mapping, said):
    from chalicelib.domain.tenancy import onboarding

    with pytest.raises(ValidationError) as refused:
        onboarding.read({"chain": {"chain_id": "demo", "keywords": {name: mapping}}})
    assert refused.value.field == f"chain.keywords.{name}" and said in refused.value.message


def test_marketing_goes_only_in_daytime_whatever_the_customers_window():
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from chalicelib.domain.messaging import contact_hours

    sh = ZoneInfo("Asia/Shanghai")
    quiet = (time(21, 0), time(8, 30))
    evening = datetime(2026, 12, 1, 20, 30, tzinfo=sh)
    held = contact_hours.at_sending("lapse_invitation", evening, None, quiet, None, sh)
    assert held is not None and held.until == datetime(2026, 12, 2, 8, 30, tzinfo=sh)
    late_window = (time(18, 0), time(22, 0))  # the customer's own hours reach past the marketing day
    assert contact_hours.at_sending("maintenance_due", evening, None, quiet, late_window, sh) is not None
    assert contact_hours.at_sending("maintenance_due", evening.replace(hour=19), None, quiet, late_window, sh) is None
    assert contact_hours.at_sending("reminder", evening, None, quiet, None, sh) is None  # a notice may go till 21:00
