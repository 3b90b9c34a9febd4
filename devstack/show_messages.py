"""What a customer reads, as they read it: for demo bookings the confirmation and the three reminders through
the real use cases (on the in-memory ports, a stopped clock walked through the days), by SMS with the demo
chain's approved templates (devstack/demo_sms_templates.py) and by WeChat with its keyword mappings; then every
message kind and reminder moment on every channel.

    python -m devstack.show_messages

Two bookings, each quoted from the demo price list and plan and confirmed by advisor 王磊: Tuesday 14:00 (the
recommended midweek afternoon, 15 % off labour), whose reminders all fall in open hours, and Wednesday 10:00,
whose T-3h (07:00) falls in the quiet hours (21:00-08:30) and goes the evening before with the T-1h's content.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import container
from chalicelib.adapters.clock import FixedClock
from chalicelib.config import Settings
from chalicelib.domain import staff_requests, validation
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.messaging import sms_templates
from chalicelib.domain.messaging.message_kinds import MARKETING, RULES, kind_of
from chalicelib.domain.messaging.messages import render, wechat_data
from chalicelib.domain.messaging.outbox import booking_message
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.services.messaging.notify import context_of

from . import demo_templates
from .seed import DEMO_CHAIN, DEMO_PLAN, DEMO_STORES, demo_sms_templates, demo_store

SHANGHAI = ZoneInfo("Asia/Shanghai")
STORE = "demo-pudong"
SIGN = "演示汽车"


def _world(clock: FixedClock) -> tuple[container.Services, StaffAccess]:
    svc = container.use_cases(Settings.from_env({}), container.memory_ports(clock))
    svc.ports.stores.put_chain(Chain(DEMO_CHAIN, "演示汽车集团", mp_appid="wxdemo0000000001", mp_secret_ref="-",
                                     templates=dict(demo_templates.SUBSCRIBE), keywords=demo_templates.KEYWORDS,
                                     sms={"provider": "tencent", "sign": SIGN}, sms_templates=demo_sms_templates()))
    svc.ports.stores.put(demo_store(STORE, DEMO_STORES[STORE], plan=DEMO_PLAN))
    svc.ports.staff.create(StaffMember(DEMO_CHAIN, "wang", "王磊", Role.ADVISOR, frozenset({STORE}), "-"))
    return svc, StaffAccess("wang", DEMO_CHAIN, Role.ADVISOR, frozenset({STORE}))


def _walk(svc: container.Services, clock: FixedClock, start: datetime, until: datetime) -> list[str]:
    """Every minute from `start` to `until`, the reminders check; what went out, with its time."""
    lines: list[str] = []
    moment = start
    while moment <= until:
        clock.set(moment)
        svc.checks.run("reminders")
        lines += _new(svc, moment)
        moment += timedelta(minutes=1)
    return lines


def _read(channel: str, data: Any) -> str:
    """What the customer's phone shows: an SMS with its signature, a WeChat card's keyword lines."""
    if channel == "sms":
        return f"【{SIGN}】{data}"
    return "\n".join(f"  {key}: {entry['value']}" for key, entry in data.items())


def _new(svc: container.Services, moment: datetime) -> list[str]:
    channels = svc.ports.channels
    fresh = channels.sent[getattr(channels, "shown", 0):]
    channels.shown = len(channels.sent)  # type: ignore[attr-defined]
    return [f"[{moment:%m-%d %H:%M}] {s.channel} {s.template_id}\n{_read(s.channel, s.data)}" for s in fresh]


def _book(start: datetime, *, wechat: bool = False) -> tuple[container.Services, FixedClock, Booking, list[str]]:
    """A demo booking made and confirmed three days ahead; a WeChat customer granted subscribe authorizations."""
    clock = FixedClock((start - timedelta(days=3)).replace(hour=10, minute=30))
    svc, advisor = _world(clock)
    who_id = svc.ports.customers.sign_in(DEMO_CHAIN, "openid-zhangwei", None, clock.now())
    who = Principal(who_id, DEMO_CHAIN, "customer")
    if wechat:
        svc.customer_access.grant_subscriptions(who, {"booking_confirmed": 1, "reminder": 3})
    booking, _ = svc.booking.book_online(who, validation.booking_request({
        "store_id": STORE, "start": start.isoformat(), "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": "13800138000", "honorific": "先生"},
        "vehicle": {"plate": "沪AD12345", "model": "马自达CX-5", "mileage": 35000},
    }), "demo")
    svc.staff_ops.act(advisor, booking.booking_id, "confirm", staff_requests.staff_action({"advisor": "wang"}))
    return svc, clock, svc.ports.bookings.get(booking.booking_id), _new(svc, clock.now())


def show(start: datetime, *, wechat: bool = False) -> list[str]:
    """One booking's confirmation and reminders as they went out (by SMS, or by WeChat subscribe messages)."""
    svc, clock, booking, confirmation = _book(start, wechat=wechat)
    lines = [f"## {start:%Y-%m-%d %H:%M} 保养, booked {booking.tier} (discount {booking.discount:g}), "
             f"{'WeChat' if wechat else 'SMS'} customer"]
    lines += confirmation
    lines += _walk(svc, clock, start - timedelta(days=1, minutes=1), start - timedelta(minutes=50))
    return lines


def every_kind(start: datetime) -> list[str]:
    """Each message kind and reminder moment (acknowledged or not) for one demo booking, on each channel."""
    svc, _, booking, _ = _book(start)
    store = svc.ports.stores.get(DEMO_CHAIN, STORE)
    chain = svc.ports.stores.get_chain(DEMO_CHAIN)
    lines = []
    for key, rule in RULES.items():
        kind = kind_of(key)
        moment, ack = (key.split(".") + ["", ""])[1:3] if kind == "reminder" else ("", "")
        dated = kind in ("parts_expected", "first_service_due", "maintenance_due")  # a date, no booked time
        said = replace(booking, acknowledged_at=booking.created_at if ack else None, start=None if dated else booking.start)
        record = booking_message(kind, said, store, occurrence="show", variant=moment or None,
                                 amount=booking.price_estimate, due="2026-12-20" if dated else None,
                                 reason="需等待配件到货" if kind == "service_delayed" else None)  # a delay says why
        rendered = render(kind, context_of(record))
        template = sms_templates.lookup(chain.sms_templates, key, STORE)
        lines.append(f"### {key} ({rule.sort}; must say: {', '.join(rule.required)})")
        if template is not None:
            _, text = sms_templates.fill(template, rendered.sms_values)
            lines.append(f"SMS {template.template_id}: 【{SIGN}】{text}")
        if rule.sort == MARKETING:
            lines.append("WeChat: none (marketing: SMS only; campaigns reach WeChat users in the mini-program)")
        else:
            mapping = chain.keywords.get(key) or chain.keywords.get(kind)
            lines.append(f"WeChat {chain.templates.get(kind)}:\n{_read('subscribe', wechat_data(rendered, mapping))}")
        lines.append(f"SNS (outside the mainland: no templates, the whole text): {rendered.text}")
    return lines


def main(argv: list[str]) -> None:
    for start in (datetime(2026, 12, 1, 14, 0, tzinfo=SHANGHAI), datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)):
        print("\n".join(show(start)))
        print()
    print("\n".join(show(datetime(2026, 12, 1, 14, 0, tzinfo=SHANGHAI), wechat=True)))
    print()
    print("## Every kind on every channel (the 2026-12-01 14:00 booking)")
    print("\n".join(every_kind(datetime(2026, 12, 1, 14, 0, tzinfo=SHANGHAI))))


if __name__ == "__main__":
    main(sys.argv[1:])
