"""Every kind says its required content on every channel: the table in docs/product-rules.md#required-content
(read from the document, and the same as message_kinds.RULES) checked against the plain text, the demo
chain's approved SMS templates as the customer reads them, and the demo WeChat keywords' values."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.messaging import sms_templates
from chalicelib.domain.messaging.message_kinds import RULES, Facts, carries, kind_of
from chalicelib.domain.messaging.messages import MessageContext, render, wechat_data
from devstack import demo_templates
from devstack.demo_sms_templates import sms_templates as demo_sms
from devstack.seed import DEMO_STORES, demo_store

DOC = (Path(__file__).parents[2] / "docs" / "product-rules.md").read_text(encoding="utf-8")
STORE = demo_store("demo-pudong", DEMO_STORES["demo-pudong"])
SMS = demo_sms({"demo-pudong": {"name": STORE.name, "address": STORE.address, "parking": STORE.parking,
                                "phone": STORE.phone}})
BOOKED = MessageContext(
    customer_name="林涛", honorific="先生", store_name=STORE.name, store_phone=STORE.phone, service="保养",
    plate="沪AD12345", start=datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai")), address=STORE.address,
    parking=STORE.parking, advisor="王磊", price=65600, amount=65600, hold_minutes=STORE.grace_minutes,
)
DUE = replace(BOOKED, start=None, due=date(2027, 1, 8))
FACTS = Facts(greeting="林先生", time="14:00", date="11月24日", store=STORE.name, plate="沪AD12345", advisor="王磊",
              price="656.00", amount="656.00", address=STORE.address, parking=STORE.parking, phone=STORE.phone,
              hold_minutes=STORE.grace_minutes)


def documented() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    section = DOC.split('<a id="required-content"></a>')[1].split("<a id=")[0]
    rows = re.findall(r"^\| `([\w.]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \|$", section, re.MULTILINE)
    split = lambda cell: tuple(c.strip() for c in cell.split(",") if c.strip() and not c.strip().startswith("("))  # noqa: E731
    return {key: (split(required), split(wechat)) for key, _, required, wechat in rows}


def test_the_documented_table_is_the_rule_the_code_keeps():
    assert documented() == {key: (rule.required, rule.wechat) for key, rule in RULES.items()}


def context(key: str) -> tuple[str, MessageContext]:
    kind = kind_of(key)
    if kind == "reminder":
        _, moment, *ack = key.split(".")
        return kind, replace(BOOKED, variant=moment, acknowledged=bool(ack), days_ahead=1 if moment == "24h" else 0)
    if kind == "service_delayed":  # a delay says its reason (docs/product-rules.md#promised-time)
        return kind, replace(BOOKED, reason=REASON)
    return kind, (DUE if kind in ("parts_expected", "first_service_due", "maintenance_due") else BOOKED)


REASON = "需等待配件到货"


def facts_for(kind: str) -> Facts:
    if kind == "service_delayed":
        return replace(FACTS, reason=REASON)
    return replace(FACTS, date="1月8日") if kind in ("parts_expected", "first_service_due", "maintenance_due") else FACTS


@pytest.mark.parametrize("key", list(documented()))
def test_the_plain_text_says_the_required_content(key):
    kind, ctx = context(key)
    text = render(kind, ctx).text
    assert [c for c in documented()[key][0] if not carries(c, text, facts_for(kind))] == [], text


@pytest.mark.parametrize("key", list(documented()))
def test_the_sms_the_customer_reads_says_the_required_content(key):
    kind, ctx = context(key)
    rendered = render(kind, ctx)
    assert rendered.key == key
    template = sms_templates.lookup(SMS, key, "demo-pudong")
    _, text = sms_templates.fill(template, rendered.sms_values)
    assert [c for c in documented()[key][0] if not carries(c, text, facts_for(kind))] == [], text


@pytest.mark.parametrize("key", [k for k, (_, wechat) in documented().items() if wechat])
def test_the_wechat_fields_say_their_required_content(key):
    kind, ctx = context(key)
    rendered = render(kind, ctx)
    mapping = demo_templates.KEYWORDS.get(key) or demo_templates.KEYWORDS[kind]
    said = " ".join(entry["value"] for entry in wechat_data(rendered, mapping).values())
    assert [c for c in documented()[key][1] if not carries(c, said, facts_for(kind))] == [], said


def test_the_three_reminders_of_a_booking_differ_on_every_channel():
    for moments in (("24h", "3h", "1h"), ("24h.ack", "3h.ack", "1h.ack")):
        rendered = [render("reminder", context(f"reminder.{m}")[1]) for m in moments]
        assert len({r.text for r in rendered}) == 3
        assert len({sms_templates.lookup(SMS, r.key, "demo-pudong").template_id for r in rendered}) == 3
        fields = [tuple(wechat_data(r, demo_templates.KEYWORDS["reminder"]).items()) for r in rendered]
        assert len(set(map(str, fields))) == 3
