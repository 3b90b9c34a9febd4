"""The scheduled checks walking a day with an injected clock: each step exactly once even when every check
runs twice and concurrently; arrival or acknowledgement stops what it should; a crash after the claim still
gets the message out; follow-up, feedback, lapse stages and vehicle invitations. Messages go out through the
fake channels (by SMS: the customers hold no subscribe authorization)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Conflict
from chalicelib.domain.followup import contact
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request

START = ("2026-11-24", "10:00")


PATHS = {
    "inline": lambda svc: svc.checks.run,
    # the deployed path: the dispatcher enqueues, the workers decide and commit, the send workers send
    "fanout": lambda svc: svc.fanout.run,
}
PATH = ["inline"]


@pytest.fixture(params=sorted(PATHS), autouse=True)
def check_path(request):
    """Every walk below runs both ways: one run doing every item, and the dispatcher with its workers."""
    PATH[0] = request.param
    yield request.param
    PATH[0] = "inline"


def run_twice_concurrently(svc, *checks: str) -> None:
    jobs = [c for c in checks for _ in range(2)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        list(pool.map(PATHS[PATH[0]](svc), jobs))


def walk(svc, clock, times) -> None:
    for day, hhmm in times:
        clock.set(at(day, hhmm))
        run_twice_concurrently(svc, "reminders", "lateness")


def outbox_kinds(svc, chain_id: str, booking_id: str) -> dict[str, str]:
    found = {}
    start = at(*START).isoformat()
    for suffix in ("reminder#reminder_1440", "reminder#reminder_180", "reminder#reminder_60", "late#late", "no_show#no_show"):
        record = svc.ports.outbox.get(f"{chain_id}#{booking_id}#{suffix}@{start}")
        if record is not None:
            found[suffix] = record.status
    return found


def open_tasks(svc, chain_id: str) -> list[str]:
    return [t.kind for t in svc.ports.tasks.open_for_store(chain_id, "pudong")]


@pytest.fixture
def booked(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(who, request(at(*START), plate="沪AD12345"), "k")
    return chain, who, booking


def test_a_day_with_no_arrival(svc, clock, booked):
    chain_id, who, booking = booked
    walk(svc, clock, [("2026-11-23", "09:59")])
    assert sent(svc) == []
    walk(svc, clock, [("2026-11-23", "10:00"), ("2026-11-23", "10:01")])
    assert len(sent(svc)) == 1  # T-24h
    walk(svc, clock, [("2026-11-23", "12:00")])  # two hours after the reminder, not acknowledged
    # and still pending two store-hours after it was made at 08:00 (the clock starts at opening, 08:30)
    assert sorted(open_tasks(svc, chain_id)) == ["reminder_unacknowledged", "sla_confirmation"]
    # T-3h (07:00, in the quiet hours) moved to 20:59 the evening before; T-1h at 09:00
    walk(svc, clock, [("2026-11-23", "20:59"), ("2026-11-24", "09:00"), ("2026-11-24", "09:30")])
    assert len(sent(svc)) == 3  # T-3h, T-1h
    walk(svc, clock, [("2026-11-24", "10:10")])  # grace over: the place goes to walk-ins
    assert svc.ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24)).taken == {"10:00": 0}
    assert svc.ports.bookings.get(booking.booking_id).status.value == "pending"
    walk(svc, clock, [("2026-11-24", "10:30")])
    assert len(sent(svc)) == 4  # "are you on your way?"
    assert sorted(open_tasks(svc, chain_id)) == ["late", "reminder_unacknowledged", "sla_confirmation"]
    walk(svc, clock, [("2026-11-24", "11:00"), ("2026-11-24", "11:01"), ("2026-11-24", "15:00")])
    assert len(sent(svc)) == 5
    assert sent(svc, "sms") == sent(svc) and {s.to for s in sent(svc)} == {"13800138000"}
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.status.value == "no_show"
    assert svc.ports.customers.get(chain_id, who.subject).rebook_priority is True
    assert svc.ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24)).taken == {"10:00": 0}  # not given back twice
    assert outbox_kinds(svc, chain_id, booking.booking_id) == {
        "reminder#reminder_1440": "sent", "reminder#reminder_180": "sent", "reminder#reminder_60": "sent",
        "late#late": "sent", "no_show#no_show": "sent",
    }
    kinds = [e.kind for e in stored.events]
    assert kinds == ["booked", "reminder_1440", "sla_warning", "sla", "ack_check", "reminder_180", "reminder_60",
                     "release", "late", "no_show"]
    # the no-show made the three calls moot (closed with the reason) and opened the rebooking call
    assert open_tasks(svc, chain_id) == ["rebook_no_show"]
    closed = svc.ports.tasks.done_for_store(chain_id, "pudong", date(2026, 11, 24))
    assert sorted((t.kind, t.outcome, t.done_by) for t in closed) == [
        ("late", "no_show", "system"), ("reminder_unacknowledged", "no_show", "system"),
        ("sla_confirmation", "no_show", "system")]
    assert [k for k, _ in stored.open_tasks] == ["rebook_no_show"]


def test_arrival_at_1020_stops_lateness(svc, clock, booked, mgr):
    chain_id, who, booking = booked
    svc.booking.acknowledge_own(who, booking.booking_id)  # acknowledged early: no call task ever
    walk(svc, clock, [("2026-11-23", "10:00"), ("2026-11-23", "12:00"), ("2026-11-23", "20:59"),
                      ("2026-11-24", "09:00"), ("2026-11-24", "10:10")])
    clock.set(at("2026-11-24", "10:20"))
    svc.staff_ops.act(mgr, booking.booking_id, "check-in")
    walk(svc, clock, [("2026-11-24", "10:30"), ("2026-11-24", "11:00"), ("2026-11-24", "12:00")])
    assert svc.ports.bookings.get(booking.booking_id).status.value == "arrived"
    assert set(outbox_kinds(svc, chain_id, booking.booking_id)) == {
        "reminder#reminder_1440", "reminder#reminder_180", "reminder#reminder_60",
    }
    assert open_tasks(svc, chain_id) == []
    assert len(sent(svc)) == 3


def test_a_late_run_sends_only_the_latest_reminder(svc, clock, booked):
    chain_id, _, booking = booked
    walk(svc, clock, [("2026-11-24", "07:30")])  # the checks were down from before T-24h until after T-3h
    assert outbox_kinds(svc, chain_id, booking.booking_id) == {"reminder#reminder_180": "retry"}
    assert sent(svc) == []  # found in the quiet hours: it waits for them to end (docs/product-rules.md#contact-hours)
    clock.set(at("2026-11-24", "08:30"))
    svc.fanout.run("outbox")  # the outbox retry run
    assert len(sent(svc)) == 1


def test_a_late_run_past_the_last_reminder_sends_that_one_alone(svc, clock, chain):
    """Down from before T-24h until after T-1h: the run sends the T-1h reminder only, though the unacknowledged-
    reminder call falls due between the reminders it skips (docs/product-rules.md#reminders)."""
    clock.set(at("2026-11-23", "08:00"))
    booking, _ = svc.booking.book_online(customer(svc, chain, "alice"), request(at("2026-11-25", "10:00")), "k")
    walk(svc, clock, [("2026-11-23", "08:05"), ("2026-11-25", "09:05")])
    made = {name: svc.ports.outbox.get(f"{chain}#{booking.booking_id}#reminder#{name}@2026-11-25T10:00:00+08:00")
            for name in ("reminder_1440", "reminder_180", "reminder_60")}
    assert {name: r.status for name, r in made.items() if r is not None} == {"reminder_60": "sent"}
    assert len(sent(svc)) == 1
    assert sorted(open_tasks(svc, chain)) == ["reminder_unacknowledged", "sla_confirmation"]


def test_a_reschedule_starts_the_agenda_again(svc, clock, booked):
    _, who, booking = booked
    walk(svc, clock, [("2026-11-23", "10:00")])
    clock.set(at("2026-11-23", "11:00"))
    svc.booking.reschedule_own(who, booking.booking_id, at("2026-11-25", "10:00"))
    walk(svc, clock, [("2026-11-24", "10:00"), ("2026-11-24", "11:00")])
    assert svc.ports.bookings.get(booking.booking_id).status.value == "pending"  # no no-show for the old time
    assert len(sent(svc)) == 3  # the first 24h reminder, "rescheduled", the new 24h reminder


def test_a_crash_after_the_claim_still_sends_once(svc, clock, booked, monkeypatch):
    clock.set(at("2026-11-23", "10:00"))
    monkeypatch.setattr(svc.notifier, "deliver_quietly", lambda key: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        svc.checks.run("reminders")
    monkeypatch.undo()
    assert sent(svc) == []
    # the reminder's step is done, not repeated; the confirmation warning due at the same moment (30 store-minutes
    # before the 2 hours from 08:30 are over) was left by the crash and is done now (no staff to tell here)
    assert svc.checks.run("reminders") == {"due": 1, "done": 1, "stale": 0}
    assert [e.kind for e in svc.ports.bookings.get(booked[2].booking_id).events] == ["booked", "reminder_1440",
                                                                                   "sla_warning"]
    assert svc.notifier.run_due() == {"sent": 1}
    assert svc.notifier.run_due() == {}
    assert len(sent(svc)) == 1


def test_follow_up_two_days_after_completion(svc, clock, booked, mgr):
    _, _, booking = booked
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    sent_before = len(sent(svc))
    clock.set(at("2026-11-26", "09:59"))  # before the contact window
    assert svc.checks.run("follow_up")["done"] == 0
    clock.set(at("2026-11-26", "18:00"))  # its end: the follow-up's moment inside it has come
    assert svc.checks.run("follow_up")["done"] == 1
    assert svc.checks.run("follow_up")["done"] == 0
    assert len(sent(svc)) == sent_before + 1


@pytest.mark.parametrize("score, comment, task", [(5, "很满意", False), (2, None, True), (4, "等太久了,要投诉", True)])
def test_feedback_and_complaints(svc, clock, booked, mgr, score, comment, task):
    chain_id, who, booking = booked
    with pytest.raises(Conflict):
        svc.booking.feedback_own(who, booking.booking_id, score, comment)  # not completed yet
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    svc.booking.feedback_own(who, booking.booking_id, score, comment)
    assert open_tasks(svc, chain_id) == (["follow_up_complaint"] if task else [])
    with pytest.raises(Conflict):
        svc.booking.feedback_own(who, booking.booking_id, 5, None)


def test_lapse_stages_from_the_last_visit(svc, clock, booked, mgr):
    chain_id, who, booking = booked
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    count = len(sent(svc))
    svc.preferences.set_consent(who, {"marketing": True})  # invitations are marketing: only with consent
    clock.set(at("2027-02-24", "09:59"))
    assert svc.lapse.run()["due"] == 0
    clock.set(at("2027-02-24", "18:00"))  # three months after the visit, the window's end
    assert svc.lapse.run()["invited"] == 1
    assert svc.lapse.run()["due"] == 0  # twice is once
    assert len(sent(svc)) == count + 1
    # invited: what is ahead is the near-lost stage, three months on (the tier label itself no port reads)
    assert [(d.customer_id, d.stage) for d in svc.ports.lapses.due(at("2027-05-24", "18:00"))] == [(who.subject, "near_lost")]
    clock.set(at("2027-05-24", "18:00"))
    assert svc.lapse.run()["near_lost"] == 1
    assert open_tasks(svc, chain_id) == ["near_lost"]
    clock.set(at("2027-08-24", "18:00"))
    assert svc.lapse.run()["lost"] == 1
    # lost: no stage left ahead, however far one looks
    assert svc.ports.lapses.due(at("2028-08-24", "18:00"), lookback_days=400) == []
    clock.set(at("2027-12-24", "18:00"))
    assert svc.lapse.run()["due"] == 0


def test_first_service_and_maintenance_invitations(svc, chain, clock, mgr):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "newcar")
    # a film job (the checks never run here, so it stays open: a maintenance booked would answer the invitation)
    body = request(at("2026-11-24", "10:00"), plate="沪AF12345", service_type="beauty")
    body = type(body)(**{**body.__dict__, "vehicle": type(body.vehicle)(plate="沪AF12345", model="CX-50", mileage=300,
                                                                         purchase_date=date(2026, 11, 1))})
    svc.booking.book_online(who, body, "k")
    svc.preferences.set_consent(who, {"marketing": True})
    clock.set(at("2027-01-01", "18:00"))
    assert svc.lapse.run()["first_service_due"] == 1  # bought 2026-11-01: invited on 2027-01-01
    assert svc.lapse.run()["first_service_due"] == 0
    moment = contact.spread(date(2027, 1, 1), "沪AF12345", clock.now().tzinfo).astimezone(UTC)
    assert svc.ports.outbox.get(f"{chain}#沪AF12345#first_service_due#{moment:%Y-%m-%dT%H:%M:%SZ}").status == "sent"
    # the first service itself, at 3,000 km on 2027-01-20; then 8,000 km on 2027-04-20: 5,000 km in 90 days
    for visit, km in (("2027-01-20", 3000), ("2027-04-20", 8000)):
        clock.set(at(visit, "09:00"))
        b = svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({
            "start": f"{visit}T10:00:00+08:00", "service_type": "maintenance",
            "customer": {"name": "张伟", "phone": "13800138000"},
            "vehicle": {"plate": "沪AF12345", "model": "CX-50", "mileage": km}}))
        clock.set(at(visit, "10:00"))
        for action in ("check-in", "start", "complete"):
            details = {"mileage": km} if action == "complete" else {}
            svc.staff_ops.act(mgr, b.booking_id, action, staff_requests.staff_action(details))
    clock.set(at("2027-07-12", "18:00"))  # a week before
    due = [(d.plate, d.kind, d.next_due) for d in svc.ports.vehicles.due(clock.now())]
    assert due == [("沪AF12345", "maintenance_due", "2027-07-19")]  # 90 days at the same pace
    # the car is now the phone customer's, who never agreed to invitations: the invitation is dropped, once
    assert svc.lapse.run()["moot"] == 1
    assert svc.lapse.run()["maintenance_due"] == svc.lapse.run()["moot"] == 0


def test_checks_catch_up_after_a_long_outage(svc, clock, booked):
    chain_id, _, booking = booked
    walk(svc, clock, [("2026-11-23", "08:05")])  # the checks ran once, then were down for three days
    walk(svc, clock, [("2026-11-26", "12:00"), ("2026-11-26", "12:01")])
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.status.value == "no_show"
    assert [e.kind for e in stored.events][-3:] == ["release", "late", "no_show"]
    # nothing stale reaches the customer: no reminder for a time long past, no "on your way?"; the no-show is news
    assert set(outbox_kinds(svc, chain_id, booking.booking_id)) == {"no_show#no_show"}
    assert open_tasks(svc, chain_id) == ["rebook_no_show"]  # the one call worth making; the stale ones closed
