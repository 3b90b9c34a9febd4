"""The evening run delivers the daily report and tomorrow's preparation digest to each store's managers: by
official-account template message when the manager's record has an openid, else by SMS with a link; once,
however often the run goes; as each store configures (which reports, to whom); retried by the outbox run when
a channel is busy; each delivery noted on the stored report."""
from collections import deque
from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.messaging.delivery import DeliveryError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import PHONE_BOOKING

LINK = "http://127.0.0.1:8000/staff/console?view={kind}&store=pudong&day={day}"


@pytest.fixture
def managers(svc, chain, mgr):
    """pudong: `mgr` follows the official account, `deputy` has a phone only, `off` is disabled; `wang` is an
    advisor. The chain has an official-account template and an SMS template for staff reports."""
    stores = svc.ports.stores
    stores.put_chain(replace(stores.get_chain(chain), oa_appid="wxoa", oa_secret_ref="/appt/test/oa-secret",
                             oa_templates={"staff_report": "oa-staff-report"},
                             sms={"template.staff_report": "sms-staff-report"}))
    svc.ports.staff.set_contact(chain, "mgr", phone=None, oa_openid="oa-mgr")
    add_staff(svc, chain, "deputy", Role.STORE_MANAGER, {"pudong"})
    svc.ports.staff.set_contact(chain, "deputy", phone="13900139000", oa_openid=None)
    add_staff(svc, chain, "off", Role.STORE_MANAGER, {"pudong"})
    svc.ports.staff.set_contact(chain, "off", phone="13700137000", oa_openid=None)
    svc.ports.staff.change(chain, "off", disabled=True)
    add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    svc.ports.staff.set_contact(chain, "wang", phone="13600136000", oa_openid=None)
    svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, "waiting_for_parts": False}))
    return svc


def test_each_manager_gets_both_by_their_channel_once(managers, chain, clock, mgr):
    svc = managers
    clock.set(at("2026-11-23", "20:05"))
    assert svc.daily_report.run()["delivered"] == 4  # pudong: 2 managers x (report, digest); xuhui has none
    template, sms = sent(svc, "template"), sent(svc, "sms")
    assert [(s.to, s.template_id) for s in template] == [("oa-mgr", "oa-staff-report")] * 2
    report_msg, digest_msg = (t.data for t in template)
    assert report_msg["first"]["value"] == "浦东店11月23日预约日报"
    assert report_msg["remark"]["value"] == LINK.format(kind="daily_report", day="2026-11-23")
    assert "进场0台" in report_msg["keyword3"]["value"] and "2027年法定节假日安排尚未录入" in report_msg["keyword3"]["value"]
    assert digest_msg["first"]["value"] == "浦东店11月24日预约准备清单"
    assert "共1台预约" in digest_msg["keyword3"]["value"]
    assert [s.to for s in sms] == ["13900139000"] * 2  # the disabled manager and the advisor get nothing
    assert sms[1].data.endswith(LINK.format(kind="digest", day="2026-11-24"))
    for later in ("20:05", "21:05", "23:05"):  # the run again, and the next hourly runs: nothing twice
        clock.set(at("2026-11-23", later))
        assert svc.daily_report.run()["delivered"] == 0
    assert len(sent(svc)) == 4
    (stored,) = svc.staff_desk.daily_reports(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    assert {k: (v["status"], v["channel"]) for k, v in stored["deliveries"].items()} == {
        "daily_report:mgr": ("sent", "template"), "digest:mgr": ("sent", "template"),
        "daily_report:deputy": ("sent", "sms"), "digest:deputy": ("sent", "sms"),
    }


def test_a_store_chooses_which_reports_and_to_whom(managers, chain, clock):
    svc = managers
    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, report_kinds=("digest",), report_recipients=("wang",)))
    clock.set(at("2026-11-23", "20:05"))
    svc.daily_report.run()
    assert [(s.channel, s.to) for s in sent(svc)] == [("sms", "13600136000")]
    assert "预约准备清单" not in sent(svc)[0].data and "共1台预约" in sent(svc)[0].data
    svc.ports.stores.put(replace(store, report_kinds=()))
    clock.set(at("2026-11-24", "20:05"))
    svc.daily_report.run()
    assert len(sent(svc)) == 1  # nothing chosen, nothing sent


def test_a_busy_channel_is_retried_by_the_outbox_run_and_a_manager_without_contact_is_noted(managers, chain, clock, mgr):
    svc = managers
    svc.ports.staff.set_contact(chain, "deputy", phone=None, oa_openid=None)
    svc.ports.channels.fail["template"] = deque([DeliveryError("retry", 45009, "busy")] * 2)
    clock.set(at("2026-11-23", "20:05"))
    svc.daily_report.run()
    assert sent(svc) == []
    (stored,) = svc.staff_desk.daily_reports(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    assert stored["deliveries"]["daily_report:mgr"]["status"] == "retry"
    assert stored["deliveries"]["daily_report:deputy"]["status"] == "failed"
    clock.set(at("2026-11-23", "20:05") + timedelta(minutes=2))
    assert svc.notifier.run_due() == {"sent": 2}
    assert [s.to for s in sent(svc, "template")] == ["oa-mgr", "oa-mgr"]
    (stored,) = svc.staff_desk.daily_reports(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    assert stored["deliveries"]["daily_report:mgr"]["status"] == "sent"
    assert svc.notifier.run_due() == {}
