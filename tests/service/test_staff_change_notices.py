"""Staff notices beyond arrivals and new bookings (decision 0037, issue 26 item 2; docs/product-rules.md#wecom-for-staff):
a booking rescheduled or cancelled reaches its advisor (else the store's managers), a pending booking 30
store-minutes before its 2-hour confirmation deadline reaches its advisor (else the managers and the advisors on
duty), and call tasks opened for someone or escalated reach them, each once, in WeCom first with the staff
delivery's fallbacks, as each member's preferences allow. Run on the memory ports; the fake channels record
what WeCom (and SMS) were asked to send."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.service.test_wecom_staff import APP
from tests.support.bookings import customer, request


@pytest.fixture
def floor(svc, chain, mgr):
    """pudong with a WeCom app and the SMS template for staff messages; `wang` (advisor) linked as WangAdv,
    `mgr` (store manager) linked as ZhangMgr, `li` (advisor, on duty) linked as LiAdv."""
    stores = svc.ports.stores
    stores.put_chain(replace(stores.get_chain(chain), sms={**stores.get_chain(chain).sms,
                                                           "template.staff_report": "sms-staff-report"}))
    admin = add_staff(svc, chain, "chief", Role.CHAIN_ADMIN, set())
    svc.wecom_setup.configure(admin, chain, APP)
    add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    svc.ports.staff.set_contact(chain, "wang", phone="13600136000", oa_openid=None)
    svc.staff_wecom.link(admin, "wang", "WangAdv", None)
    svc.staff_wecom.link(admin, "mgr", "ZhangMgr", None)
    return admin


def booked(svc, chain, clock, name="amy", start=("2026-11-24", "10:00")):
    """An online booking made on Monday 23 November at 09:00 (the store opens at 08:30): pending, advisor wang
    when he is on duty; what was sent so far is forgotten."""
    clock.set(at("2026-11-23", "09:00"))
    booking, _ = svc.booking.book_online(customer(svc, chain, name), request(at(*start)), f"k-{name}")
    svc.ports.channels.sent.clear()  # the new booking's own notice (test_wecom_staff.py) and the customer's message
    return booking


def cards(svc, to=None):
    return [s for s in sent(svc, "wecom") if to is None or s.to == to]


def titles(svc, to):
    return [s.data["title"] for s in cards(svc, to)]


def test_a_customer_rescheduling_or_cancelling_tells_the_advisor_once(svc, chain, clock, floor):
    booking = booked(svc, chain, clock)
    who = customer(svc, chain, "amy")
    assert booking.advisor_id == "wang"
    clock.set(at("2026-11-23", "09:10"))
    svc.booking.reschedule_own(who, booking.booking_id, at("2026-11-25", "14:00"))
    (card,) = cards(svc, "WangAdv")
    assert card.data["title"] == "预约改期：张伟 沪A12345"
    assert "11月24日 10:00" in card.data["text"] and "11月25日 14:00" in card.data["text"]
    assert "view=plan" in card.data["link"] and "day=2026-11-25" in card.data["link"]
    clock.set(at("2026-11-23", "09:20"))
    svc.booking.cancel_own(who, booking.booking_id)
    assert titles(svc, "WangAdv") == ["预约改期：张伟 沪A12345", "客户取消预约：张伟 沪A12345"]
    assert cards(svc, "ZhangMgr") == []
    assert [s for s in sent(svc, "sms") if s.to == "13600136000"] == []  # the advisor took it in WeCom


def test_the_store_cancelling_tells_the_advisor_but_never_the_member_who_did_it(svc, chain, clock, floor, mgr):
    booking = booked(svc, chain, clock)
    svc.staff_ops.act(mgr, booking.booking_id, "cancel", staff_requests.StaffActionInput(note="技师请假"))
    (card,) = cards(svc)
    assert (card.to, card.data["title"]) == ("WangAdv", "门店取消预约：张伟 沪A12345")
    other = booked(svc, chain, clock, "ben", ("2026-11-24", "11:00"))
    svc.staff_ops.reschedule(add_staff_access(svc, chain), other.booking_id, at("2026-11-24", "15:00"))
    assert cards(svc) == [] and other.advisor_id == "wang"  # the advisor moved it himself: nobody to tell


def add_staff_access(svc, chain):
    from chalicelib.domain.people.staff import StaffAccess

    return StaffAccess("wang", chain, Role.ADVISOR, frozenset({"pudong"}))


def test_without_an_advisor_the_managers_are_told_and_sms_stands_in_for_one_without_wecom(svc, chain, clock, floor,
                                                                                           mgr):
    svc.ports.staff.change(chain, "wang", disabled=True)
    add_staff(svc, chain, "deputy", Role.STORE_MANAGER, {"pudong"})
    svc.ports.staff.set_contact(chain, "deputy", phone="13900139000", oa_openid=None)
    booking = booked(svc, chain, clock)
    assert booking.advisor_id is None
    svc.booking.cancel_own(customer(svc, chain, "amy"), booking.booking_id)
    assert titles(svc, "ZhangMgr") == ["客户取消预约：张伟 沪A12345"]
    (sms,) = [s for s in sent(svc, "sms") if s.to == "13900139000"]
    assert sms.template_id == "sms-staff-report" and "张伟" in str(sms.data)


def test_a_member_who_does_not_want_booking_notices_gets_none(svc, chain, clock, floor):
    svc.staff_wecom.link(floor, "wang", "WangAdv", ["arrivals", "sla"])
    booking = booked(svc, chain, clock)
    svc.booking.cancel_own(customer(svc, chain, "amy"), booking.booking_id)
    assert cards(svc) == []
    assert [k for k in svc.ports.outbox._state.outbox if k.endswith("#wang")] == []  # not even queued


def run_twice(svc, check="reminders"):
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(svc.checks.run, [check, check]))


@pytest.mark.parametrize("path", ["inline", "fanout"])
def test_a_pending_booking_30_store_minutes_from_its_deadline_tells_the_advisor_once(svc, chain, clock, floor, path):
    booking = booked(svc, chain, clock)
    clock.set(at("2026-11-23", "10:29"))
    svc.checks.run("reminders")
    assert cards(svc) == []
    clock.set(at("2026-11-23", "10:31"))
    for _ in range(2):
        if path == "inline":
            run_twice(svc)
        else:
            svc.fanout.run("reminders")
            svc.fanout.run("reminders")
    (card,) = cards(svc)
    assert (card.to, card.data["title"]) == ("WangAdv", "预约即将超时未确认：张伟 沪A12345")
    assert "还剩30分钟" in card.data["text"]
    assert svc.ports.bookings.get(booking.booking_id).status.value == "pending"


def test_a_booking_confirmed_in_time_warns_nobody_and_a_late_run_skips_to_the_miss(svc, chain, clock, floor, mgr):
    confirmed = booked(svc, chain, clock)
    svc.staff_ops.act(mgr, confirmed.booking_id, "confirm")
    late = booked(svc, chain, clock, "ben", ("2026-11-24", "11:00"))
    clock.set(at("2026-11-23", "11:05"))  # the checks were down past the deadline
    svc.checks.run("reminders")
    events = [e.kind for e in svc.ports.bookings.get(late.booking_id).events]
    assert "sla_warning" in events and "sla" in events
    # the confirmed booking's advisor heard nothing; the late one's got the miss's call task, not the warning
    assert titles(svc, "WangAdv") == ["新任务：" + task_title("sla_confirmation")]


def task_title(kind):
    from chalicelib.domain.floor.tasks import task_title as title

    return title(kind)


def test_without_an_advisor_the_warning_goes_to_the_managers_and_the_advisors_on_duty(svc, chain, clock, floor):
    svc.ports.staff.change(chain, "wang", disabled=True)
    assert booked(svc, chain, clock).advisor_id is None  # nobody on duty when it was booked
    add_staff(svc, chain, "li", Role.ADVISOR, {"pudong"})  # on duty since
    svc.staff_wecom.link(floor, "li", "LiAdv", None)
    clock.set(at("2026-11-23", "10:31"))
    svc.checks.run("reminders")
    assert sorted(s.to for s in cards(svc)) == ["LiAdv", "ZhangMgr"]


def test_an_escalated_task_reaches_the_store_managers_once(svc, chain, clock, floor):
    booked(svc, chain, clock)
    clock.set(at("2026-11-23", "11:01"))
    svc.checks.run("reminders")  # the SLA miss opens a call task due in 15 minutes, the advisor told
    clock.set(at("2026-11-23", "11:20"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: svc.task_escalation.run(), range(2)))
    svc.task_escalation.run()
    assert titles(svc, "ZhangMgr") == ["任务已升级：" + task_title("sla_confirmation")]
    (card,) = cards(svc, "ZhangMgr")
    assert "view=tasks" in card.data["link"] and "张伟" in card.data["text"]


def test_a_complaint_task_reaches_the_store_managers_and_a_call_back_the_bookings_advisor(svc, chain, clock, floor, mgr):
    booking = booked(svc, chain, clock)
    svc.call_backs.from_booking(mgr, booking.booking_id, 10, "问保养价格")  # promised by the manager
    (card,) = cards(svc)
    assert (card.to, card.data["title"]) == ("WangAdv", "新任务：" + task_title("call_back"))
    assert "张伟" in card.data["text"] and "view=plan" in card.data["link"]
    clock.set(at("2026-11-24", "09:55"))
    for action in ("confirm", "check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    svc.ports.channels.sent.clear()
    svc.booking.feedback_own(customer(svc, chain, "amy"), booking.booking_id, 1, "等了很久，很不满意")
    assert titles(svc, "ZhangMgr") == ["新任务：" + task_title("follow_up_complaint")]
    assert cards(svc, "WangAdv") == []  # the store manager's task, not the advisor's


def test_a_customer_erasing_their_data_tells_nobody_about_the_cancelled_booking(svc, chain, clock, floor):
    booked(svc, chain, clock)
    svc.personal_data.erase(customer(svc, chain, "amy"))
    assert cards(svc) == [] and [s for s in sent(svc) if s.to in ("13600136000", "WangAdv", "ZhangMgr")] == []


def test_a_task_closed_while_the_run_escalates_it_tells_nobody_later_either(svc, chain, clock, floor, monkeypatch):
    booked(svc, chain, clock)
    clock.set(at("2026-11-23", "11:01"))
    svc.checks.run("reminders")
    clock.set(at("2026-11-23", "11:20"))
    tasks, escalate = svc.ports.tasks, svc.ports.tasks.escalate

    def closed_first(task, when):  # the advisor closes the call just before the run's conditional write
        tasks.close(task.chain_id, task.store_id, task.task_id, "staff:wang", when, "已联系客户", "reached")
        return escalate(task, when)

    monkeypatch.setattr(tasks, "escalate", closed_first)
    assert svc.task_escalation.run()["stale"] == 1
    svc.notifier.run_due()  # the outbox run: the queued notice was dropped, not left to send
    assert cards(svc, "ZhangMgr") == []
