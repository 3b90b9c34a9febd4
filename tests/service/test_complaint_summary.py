"""The complaint summary in the store and chain reports (docs/product-rules.md#complaint-summary): a month's
complaints counted by hand — causes, resolved or not, hours to resolve, what the customer said when asked again."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.service.test_tasks import open_task, phone_booking
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"
NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def admin(svc, chain):
    return add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())


def _done(svc, clock, mgr, hhmm: str, plate: str) -> str:
    clock.set(at("2026-11-23", "08:00"))
    b = phone_booking(svc, mgr, start=f"{DAY}T{hhmm}:00+08:00", estimate={"price": 500},
                      vehicle={**PHONE_BOOKING["vehicle"], "plate": plate})
    clock.set(at(DAY, hhmm))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, b.booking_id, action)
    return b.booking_id


def _answer(svc, chain, clock, booking_id, when, score, comment):
    clock.set(at(*when))
    owner = Principal(svc.ports.bookings.get(booking_id).customer_id, chain, "customer")
    svc.booking.feedback_own(owner, booking_id, score, comment)


def _complaint_of(svc, chain, booking_id):
    return next(t for t in svc.ports.tasks.open_for_store(chain, "pudong")
                if t.kind == "follow_up_complaint" and t.booking_id == booking_id)


@pytest.fixture
def november(svc, chain, clock, mgr):
    """Four jobs done on the 24th; three complaints: one resolved in 23 hours and confirmed on the re-check, one
    still open, one closed without reaching the customer; one happy customer."""
    fixed, open_one, unreached, happy = (_done(svc, clock, mgr, hhmm, plate) for hhmm, plate in (
        ("09:00", "沪A10001"), ("10:00", "沪A10002"), ("11:00", "沪A10003"), ("13:00", "沪A10004")))
    _answer(svc, chain, clock, fixed, ("2026-11-26", "11:00"), 4, "刹车还是有点响，希望再检查一下")
    _answer(svc, chain, clock, open_one, ("2026-11-26", "12:00"), 2, None)
    _answer(svc, chain, clock, unreached, ("2026-11-26", "13:00"), 3, "前台态度不好，等太久")
    _answer(svc, chain, clock, happy, ("2026-11-26", "14:00"), 5, "还是很满意")
    clock.set(at("2026-11-27", "09:00"))
    svc.staff_desk.close_task(mgr, "pudong", _complaint_of(svc, chain, unreached).task_id, None, "no_answer")
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", _complaint_of(svc, chain, fixed).task_id, "更换刹车片", "reached")
    clock.set(at("2026-12-03", "18:00"))
    assert svc.checks.run("follow_up")["done"] == 1  # the re-check of the resolved one
    _answer(svc, chain, clock, fixed, ("2026-12-04", "09:00"), 5, "已经不响了")
    clock.set(at("2026-12-05", "10:00"))
    return open_one


EXPECTED = {
    "complaints": 3, "by_cause": {"repair": 1, "attitude": 1, "waiting": 1, "low_score": 1},
    "resolved": 1, "unresolved": 1, "open": 1, "escalated": 0,
    "hours_to_resolve_median": 23.0, "hours_to_resolve_max": 23.0,
    "recheck": {"satisfied": 1, "unsatisfied": 0, "awaiting": 0, "pending": 0},
}
NONE = {"complaints": 0, "by_cause": {}, "resolved": 0, "unresolved": 0, "open": 0, "escalated": 0,
        "hours_to_resolve_median": None, "hours_to_resolve_max": None,
        "recheck": {"satisfied": 0, "unsatisfied": 0, "awaiting": 0, "pending": 0}}


def test_the_store_report_summarises_the_months_complaints(svc, chain, clock, mgr, november):
    assert svc.reports.store_report(mgr, "pudong", *NOV)["complaints"] == EXPECTED
    # December's re-check answers belong to November's complaints; December had none of its own
    assert svc.reports.store_report(mgr, "pudong", date(2026, 12, 1), date(2026, 12, 5))["complaints"] == NONE


def test_the_chain_report_has_each_stores_and_the_chains_summary(svc, chain, clock, mgr, admin, november):
    found = svc.reports.chain_report(admin, *NOV)
    assert found["complaints"] == EXPECTED
    assert {row["store_id"]: row["complaints"] for row in found["stores"]} == {"pudong": EXPECTED, "xuhui": NONE}


def test_an_escalated_complaint_and_a_recheck_not_yet_answered(svc, chain, clock, mgr, november):
    clock.set(at("2026-11-29", "09:00"))  # 24 store hours after the open one was made: escalated
    assert svc.task_escalation.run()["escalated"] == 1
    clock.set(at("2026-11-29", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", open_task(svc, chain, "follow_up_complaint").task_id, None, "reached")
    clock.set(at("2026-12-05", "10:00"))  # its re-check falls on the 5th, later in the day
    found = svc.reports.store_report(mgr, "pudong", *NOV)["complaints"]
    assert (found["escalated"], found["resolved"], found["open"]) == (1, 2, 0)
    assert found["hours_to_resolve_max"] == 70.0  # 26th 12:00 to 29th 10:00
    assert found["recheck"] == {"satisfied": 1, "unsatisfied": 0, "awaiting": 0, "pending": 1}
