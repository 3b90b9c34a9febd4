"""The scheduled checks walking a day with an injected clock: each step exactly once even when every check
runs twice and concurrently; arrival or acknowledgement stops what it should; a crash after the claim
still gets the message out; a run reads only what is due."""
from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from chalicelib.adapters.dynamo.models import CallTaskModel, CustomerModel, OutboxModel
from chalicelib.domain import validation
from chalicelib.domain.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff
from tests.integration.helpers import customer, request
from tests.integration.test_messaging import make_chain, msvc, sms, wx  # noqa: F401 - fixtures

START = ("2026-11-24", "10:00")


def run_twice_concurrently(svc, *checks: str) -> None:
    jobs = [c for c in checks for _ in range(2)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        list(pool.map(svc.checks.run, jobs))


def walk(svc, clock, times) -> None:
    for day, hhmm in times:
        clock.set(at(day, hhmm))
        run_twice_concurrently(svc, "reminders", "lateness")


def outbox_kinds(chain_id: str, booking_id: str) -> dict[str, str]:
    found = {}
    start = at(*START).isoformat()
    for suffix in ("reminder#reminder_1440", "reminder#reminder_180", "reminder#reminder_60", "late#late", "no_show#no_show"):
        with contextlib.suppress(OutboxModel.DoesNotExist):
            found[suffix] = OutboxModel.get(f"{chain_id}#{booking_id}#{suffix}@{start}").status
    return found


@pytest.fixture
def booked(msvc, clock):  # noqa: F811
    chain_id = make_chain(msvc)
    clock.set(at("2026-11-23", "08:00"))
    who = customer(msvc, chain_id, "alice")
    booking, _ = msvc.booking.book_online(who, request(at(*START), plate="沪AD12345"), "k")
    return chain_id, who, booking


def test_a_day_with_no_arrival(msvc, clock, sms, booked):  # noqa: F811
    chain_id, who, booking = booked
    walk(msvc, clock, [("2026-11-23", "09:59")])
    assert sms.sent == []
    walk(msvc, clock, [("2026-11-23", "10:00"), ("2026-11-23", "10:01")])
    assert len(sms.sent) == 1  # T-24h
    walk(msvc, clock, [("2026-11-23", "12:00")])  # two hours after the reminder, not acknowledged
    assert [t.kind for t in CallTaskModel.open_by_store.query(f"{chain_id}#pudong")] == ["reminder_unacknowledged"]
    walk(msvc, clock, [("2026-11-24", "07:00"), ("2026-11-24", "09:00"), ("2026-11-24", "09:30")])
    assert len(sms.sent) == 3  # T-3h, T-1h
    walk(msvc, clock, [("2026-11-24", "10:10")])  # grace over: the place goes to walk-ins
    assert msvc.ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24)).taken == {"10:00": 0}
    assert msvc.ports.bookings.get(booking.booking_id).status.value == "pending"
    walk(msvc, clock, [("2026-11-24", "10:30")])
    assert len(sms.sent) == 4  # "are you on your way?"
    assert sorted(t.kind for t in CallTaskModel.open_by_store.query(f"{chain_id}#pudong")) == ["late", "reminder_unacknowledged"]
    walk(msvc, clock, [("2026-11-24", "11:00"), ("2026-11-24", "11:01"), ("2026-11-24", "15:00")])
    assert len(sms.sent) == 5
    stored = msvc.ports.bookings.get(booking.booking_id)
    assert stored.status.value == "no_show"
    assert CustomerModel.get(chain_id, who.subject).rebook_priority is True
    assert msvc.ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24)).taken == {"10:00": 0}  # not given back twice
    assert outbox_kinds(chain_id, booking.booking_id) == {
        "reminder#reminder_1440": "sent", "reminder#reminder_180": "sent", "reminder#reminder_60": "sent",
        "late#late": "sent", "no_show#no_show": "sent",
    }
    kinds = [e.kind for e in stored.events]
    assert kinds == ["booked", "reminder_1440", "ack_check", "reminder_180", "reminder_60", "release", "late", "no_show"]


def test_arrival_at_1020_stops_lateness(msvc, clock, sms, booked):  # noqa: F811
    chain_id, who, booking = booked
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    msvc.booking.acknowledge_own(who, booking.booking_id)  # acknowledged early: no call task ever
    walk(msvc, clock, [("2026-11-23", "10:00"), ("2026-11-23", "12:00"), ("2026-11-24", "07:00"),
                       ("2026-11-24", "09:00"), ("2026-11-24", "10:10")])
    clock.set(at("2026-11-24", "10:20"))
    msvc.staff_ops.act(mgr, booking.booking_id, "check-in")
    walk(msvc, clock, [("2026-11-24", "10:30"), ("2026-11-24", "11:00"), ("2026-11-24", "12:00")])
    assert msvc.ports.bookings.get(booking.booking_id).status.value == "arrived"
    assert set(outbox_kinds(chain_id, booking.booking_id)) == {
        "reminder#reminder_1440", "reminder#reminder_180", "reminder#reminder_60",
    }
    assert list(CallTaskModel.open_by_store.query(f"{chain_id}#pudong")) == []
    assert len(sms.sent) == 3


def test_a_late_run_sends_only_the_latest_reminder(msvc, clock, sms, booked):  # noqa: F811
    chain_id, _, booking = booked
    walk(msvc, clock, [("2026-11-24", "07:30")])  # the checks were down from before T-24h until after T-3h
    assert set(outbox_kinds(chain_id, booking.booking_id)) == {"reminder#reminder_180"}
    assert len(sms.sent) == 1


def test_a_reschedule_starts_the_agenda_again(msvc, clock, sms, booked):  # noqa: F811
    chain_id, who, booking = booked
    walk(msvc, clock, [("2026-11-23", "10:00")])
    clock.set(at("2026-11-23", "11:00"))
    msvc.booking.reschedule_own(who, booking.booking_id, at("2026-11-25", "10:00"))
    walk(msvc, clock, [("2026-11-24", "10:00"), ("2026-11-24", "11:00")])
    assert msvc.ports.bookings.get(booking.booking_id).status.value == "pending"  # no no-show for the old time
    assert len(sms.sent) == 3  # the first 24h reminder, "rescheduled", the new 24h reminder


def test_a_crash_after_the_claim_still_sends_once(msvc, clock, sms, booked, monkeypatch):  # noqa: F811
    chain_id, _, booking = booked
    clock.set(at("2026-11-23", "10:00"))
    monkeypatch.setattr(msvc.notifier, "deliver_quietly", lambda key: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        msvc.checks.run("reminders")
    monkeypatch.undo()
    assert sms.sent == []
    assert msvc.checks.run("reminders") == {"due": 0, "done": 0, "stale": 0}  # the step is done, not repeated
    assert msvc.notifier.run_due() == {"sent": 1}
    assert msvc.notifier.run_due() == {}
    assert len(sms.sent) == 1


def test_follow_up_two_days_after_completion(msvc, clock, sms, booked):  # noqa: F811
    chain_id, _, booking = booked
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        msvc.staff_ops.act(mgr, booking.booking_id, action)
    sent_before = len(sms.sent)
    clock.set(at("2026-11-26", "09:00"))
    assert msvc.checks.run("follow_up")["done"] == 0
    clock.set(at("2026-11-26", "10:00"))
    assert msvc.checks.run("follow_up")["done"] == 1
    assert msvc.checks.run("follow_up")["done"] == 0
    assert len(sms.sent) == sent_before + 1


@pytest.mark.parametrize("score, comment, task", [(5, "很满意", False), (2, None, True), (4, "等太久了,要投诉", True)])
def test_feedback_and_complaints(msvc, clock, booked, score, comment, task):  # noqa: F811
    chain_id, who, booking = booked
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    from chalicelib.domain.errors import Conflict

    with pytest.raises(Conflict):
        msvc.booking.feedback_own(who, booking.booking_id, score, comment)  # not completed yet
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        msvc.staff_ops.act(mgr, booking.booking_id, action)
    msvc.booking.feedback_own(who, booking.booking_id, score, comment)
    tasks = [t.kind for t in CallTaskModel.open_by_store.query(f"{chain_id}#pudong")]
    assert tasks == (["follow_up_complaint"] if task else [])
    with pytest.raises(Conflict):
        msvc.booking.feedback_own(who, booking.booking_id, 5, None)


def test_lapse_stages_from_the_last_visit(msvc, clock, sms, booked):  # noqa: F811
    chain_id, who, booking = booked
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        msvc.staff_ops.act(mgr, booking.booking_id, action)
    sent = len(sms.sent)
    clock.set(at("2027-02-24", "09:59"))
    assert msvc.lapse.run()["due"] == 0
    clock.set(at("2027-02-24", "10:00"))  # three months after the visit
    assert msvc.lapse.run()["invited"] == 1
    assert msvc.lapse.run()["due"] == 0  # twice is once
    assert len(sms.sent) == sent + 1
    assert CustomerModel.get(chain_id, who.subject).lapse_tier == "invited"
    clock.set(at("2027-05-24", "10:00"))
    assert msvc.lapse.run()["near_lost"] == 1
    assert [t.kind for t in CallTaskModel.open_by_store.query(f"{chain_id}#pudong")] == ["near_lost"]
    clock.set(at("2027-08-24", "10:00"))
    assert msvc.lapse.run()["lost"] == 1
    customer = CustomerModel.get(chain_id, who.subject)
    assert customer.lapse_tier == "lost" and customer.lapse_day is None
    clock.set(at("2027-12-24", "10:00"))
    assert msvc.lapse.run()["due"] == 0


def test_first_service_and_maintenance_invitations(msvc, clock, sms):  # noqa: F811
    chain_id = make_chain(msvc)
    add_staff(chain_id, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))
    clock.set(at("2026-11-23", "08:00"))
    who = customer(msvc, chain_id, "newcar")
    body = request(at("2026-11-24", "10:00"), plate="沪AF12345")
    body = type(body)(**{**body.__dict__, "vehicle": type(body.vehicle)(plate="沪AF12345", model="CX-50", mileage=300,
                                                                         purchase_date=date(2026, 11, 1))})
    booking, _ = msvc.booking.book_online(who, body, "k")
    clock.set(at("2027-01-01", "10:00"))
    assert msvc.lapse.run()["first_service_due"] == 1  # bought 2026-11-01: invited on 2027-01-01
    assert msvc.lapse.run()["first_service_due"] == 0
    assert OutboxModel.get(f"{chain_id}#沪AF12345#first_service_due#2027-01-01T02:00:00Z").status == "sent"
    # the first service itself, at 3,000 km on 2027-01-20; then 8,000 km on 2027-04-20: 5,000 km in 90 days
    for visit, km in (("2027-01-20", 3000), ("2027-04-20", 8000)):
        clock.set(at(visit, "09:00"))
        b = msvc.staff_ops.book(mgr, "pudong", validation.staff_booking_request({
            "start": f"{visit}T10:00:00+08:00", "service_type": "maintenance",
            "customer": {"name": "张伟", "phone": "13800138000"},
            "vehicle": {"plate": "沪AF12345", "model": "CX-50", "mileage": km}}))
        clock.set(at(visit, "10:00"))
        for action in ("check-in", "start", "complete"):
            details = {"mileage": km} if action == "complete" else {}
            msvc.staff_ops.act(mgr, b.booking_id, action, validation.staff_action(details))
    from chalicelib.adapters.dynamo.models import VehicleModel

    vehicle = VehicleModel.get(chain_id, "沪AF12345")
    assert vehicle.next_due == "2027-07-19" and vehicle.due_kind == "maintenance_due"  # 90 days at the same pace
    clock.set(at("2027-07-12", "10:00"))  # a week before
    assert msvc.lapse.run()["maintenance_due"] == 1
    assert msvc.lapse.run()["maintenance_due"] == 0


def test_checks_catch_up_after_a_long_outage(msvc, clock, sms, booked):  # noqa: F811
    chain_id, _, booking = booked
    walk(msvc, clock, [("2026-11-23", "08:05")])  # the checks ran once, then were down for three days
    walk(msvc, clock, [("2026-11-26", "12:00"), ("2026-11-26", "12:01")])
    stored = msvc.ports.bookings.get(booking.booking_id)
    assert stored.status.value == "no_show"
    assert [e.kind for e in stored.events][-3:] == ["release", "late", "no_show"]
    # nothing stale reaches the customer: no reminder for a time long past, no "on your way?"; the no-show is news
    assert set(outbox_kinds(chain_id, booking.booking_id)) == {"no_show#no_show"}
    assert list(CallTaskModel.open_by_store.query(f"{chain_id}#pudong")) == []


def test_a_run_queries_only_the_hours_since_its_watermark(msvc, clock, booked, calls):  # noqa: F811
    clock.set(at("2026-11-23", "08:05"))
    msvc.checks.run("reminders")
    clock.set(at("2026-11-23", "09:30"))
    calls.queries.clear()
    msvc.checks.run("reminders")
    assert len([q for q in calls.queries if q[0] == "due_by_check"]) == 3  # the watermark hour (07:00 local) to now
