"""What a customer reads for one demo booking: the confirmation and the three reminders, through the real use
cases (on the in-memory ports, a stopped clock walked through the days), with the demo store, its quiet hours
(21:00-08:30) and its wording.

    python -m devstack.show_messages

Two bookings, each quoted from the demo price list and plan and confirmed by advisor 王磊: Tuesday 14:00 (the
recommended midweek afternoon, 15 % off labour), whose reminders all fall in open hours, and Wednesday 10:00,
whose T-3h (07:00) falls in the quiet hours and goes the evening before."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib import container
from chalicelib.adapters.clock import FixedClock
from chalicelib.config import Settings
from chalicelib.domain import validation
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.chain import Chain

from . import demo_templates
from .seed import DEMO_CHAIN, DEMO_PLAN, DEMO_STORES, demo_store

SHANGHAI = ZoneInfo("Asia/Shanghai")
STORE = "demo-pudong"


def _world(clock: FixedClock) -> tuple[container.Services, StaffAccess]:
    svc = container.use_cases(Settings.from_env({}), container.memory_ports(clock))
    svc.ports.stores.put_chain(Chain(DEMO_CHAIN, "演示汽车集团", mp_appid="wxdemo0000000001", mp_secret_ref="-",
                                     templates=dict(demo_templates.SUBSCRIBE), keywords=demo_templates.KEYWORDS,
                                     sms={"template.reminder": "sms-reminder", "template.booking_confirmed": "sms-confirmed"}))
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


def _new(svc: container.Services, moment: datetime) -> list[str]:
    channels = svc.ports.channels
    fresh = channels.sent[getattr(channels, "shown", 0):]
    channels.shown = len(channels.sent)  # type: ignore[attr-defined]
    return [f"[{moment:%m-%d %H:%M}] {s.template_id}\n{s.data}" for s in fresh]


def show(start: datetime) -> list[str]:
    clock = FixedClock((start - timedelta(days=3)).replace(hour=10, minute=30))  # booked and confirmed 3 days ahead
    svc, advisor = _world(clock)
    who_id = svc.ports.customers.sign_in(DEMO_CHAIN, "openid-zhangwei", None, clock.now())
    who = Principal(who_id, DEMO_CHAIN, "customer")
    booking, _ = svc.booking.book_online(who, validation.booking_request({
        "store_id": STORE, "start": start.isoformat(), "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": "13800138000", "honorific": "先生"},
        "vehicle": {"plate": "沪AD12345", "model": "马自达CX-5", "mileage": 35000},
    }), "demo")
    svc.staff_ops.act(advisor, booking.booking_id, "confirm", validation.staff_action({"advisor": "wang"}))
    lines = [f"## {start:%Y-%m-%d %H:%M} 保养, booked {booking.tier} (discount {booking.discount:g})"]
    lines += _new(svc, clock.now())
    lines += _walk(svc, clock, start - timedelta(days=1, minutes=1), start - timedelta(minutes=50))
    return lines


def main(argv: list[str]) -> None:
    for start in (datetime(2026, 12, 1, 14, 0, tzinfo=SHANGHAI), datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)):
        print("\n".join(show(start)))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
