"""The weekly and monthly reports (docs/product-rules.md#periodic-reports): on the evening a week or a month
ends, the evening run sends each store's report over it to the store's managers and the chain report to the
chain's admins, by the daily report's channels, once however often the run goes."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from chalicelib.services.reporting.periodic_reports import periods_ending
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.service.test_report_delivery import managers  # noqa: F401 (the fixture)

WEEK = "http://127.0.0.1:8000/staff/console?view=report&from=2026-11-23&to=2026-11-29"
MONTH = "http://127.0.0.1:8000/staff/console?view=report&from=2026-11-01&to=2026-11-30"


@pytest.fixture
def boss(managers, chain):  # noqa: F811
    add_staff(managers, chain, "boss", Role.CHAIN_ADMIN, set())
    managers.ports.staff.set_contact(chain, "boss", phone="13500135000", oa_openid=None)
    return managers


def _titles(svc, since: int) -> list[tuple[str, str]]:
    """(to, title or text) of what went since the `since`-th message."""
    return [(s.to, s.data["first"]["value"] if s.channel == "template" else s.data) for s in sent(svc)[since:]]


def test_the_periods_that_end_on_a_day():
    assert periods_ending(date(2026, 11, 28)) == []
    assert periods_ending(date(2026, 11, 29)) == [("weekly_report", date(2026, 11, 23), date(2026, 11, 29))]
    assert periods_ending(date(2026, 11, 30)) == [("monthly_report", date(2026, 11, 1), date(2026, 11, 30))]
    assert periods_ending(date(2027, 2, 28)) == [("weekly_report", date(2027, 2, 22), date(2027, 2, 28)),
                                                 ("monthly_report", date(2027, 2, 1), date(2027, 2, 28))]


def test_the_week_goes_to_the_managers_and_the_chain_report_to_the_admin_once(boss, chain, clock):
    svc = boss
    clock.set(at("2026-11-28", "20:05"))  # a Saturday: the daily report and digest only
    assert svc.daily_report.run()["delivered"] == 4
    before = len(sent(svc))
    clock.set(at("2026-11-29", "20:05"))  # Sunday: the week ends
    assert svc.daily_report.run()["delivered"] == 4 + 3
    weekly = dict((to, said) for to, said in _titles(svc, before) if "周报" in said)
    assert set(weekly) == {"oa-mgr", "13900139000", "13500135000"}  # the managers, the chain admin; once each
    assert weekly["oa-mgr"] == "浦东店预约周报（11月23日至11月29日）"
    assert weekly["13900139000"].startswith("浦东店11月23日至11月29日预约周报：预约1台")
    assert weekly["13900139000"].endswith(f"详情及CSV：{WEEK}&store=pudong")
    assert weekly["13500135000"].startswith("测试集团11月23日至11月29日预约周报：预约1台")
    assert weekly["13500135000"].endswith(f"详情及CSV：{WEEK}")
    assert len([1 for _, said in _titles(svc, before) if "周报" in said]) == 3
    count = len(sent(svc))
    clock.set(at("2026-11-29", "21:05"))
    assert svc.daily_report.run()["delivered"] == 0
    assert len(sent(svc)) == count


def test_the_month_carries_its_complaint_summary(boss, chain, clock, mgr):
    svc = boss
    [booking] = svc.ports.bookings.for_store_day(chain, "pudong", date(2026, 11, 24))
    clock.set(at("2026-11-24", "10:00"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    clock.set(at("2026-11-26", "11:00"))
    owner = Principal(booking.customer_id, chain, "customer")
    svc.booking.feedback_own(owner, booking.booking_id, 4, "上次的问题没修好")
    [task] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "follow_up_complaint"]
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", task.task_id, None, "reached")
    clock.set(at("2026-11-30", "20:05"))  # a Monday, the month's last day
    svc.daily_report.run()
    monthly = dict((to, said) for to, said in _titles(svc, 0) if "月报" in said)
    assert monthly["oa-mgr"] == "浦东店预约月报（2026年11月）"
    assert monthly["13900139000"].startswith("浦东店2026年11月预约月报：预约1台")
    assert "客户投诉1起，已解决1起，复访满意0起" in monthly["13900139000"]  # asked again on 3 December
    assert monthly["13900139000"].endswith(f"{MONTH}&store=pudong")
    assert monthly["13500135000"].startswith("测试集团2026年11月预约月报：预约1台")


def test_a_store_that_does_not_want_them_gets_none(boss, chain, clock):
    from dataclasses import replace
    svc = boss
    svc.ports.stores.put(replace(svc.ports.stores.get(chain, "pudong"), report_kinds=("daily_report",)))
    clock.set(at("2026-11-29", "20:05"))
    svc.daily_report.run()
    assert [said for _, said in _titles(svc, 0) if "周报" in said and said.startswith("浦东店")] == []
    assert len([1 for _, said in _titles(svc, 0) if said.startswith("测试集团")]) == 1  # the admin's chain report
