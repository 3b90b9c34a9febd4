"""The complaint loop on the use cases (docs/product-rules.md#complaints): a comment that says the job is not
done opens the manager's task whatever the score; the customer is told by when they will hear back, which is
the task's deadline; a complaint resolved by the manager is checked again within a week, and an answer that
is still unhappy opens the task again."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.service.test_tasks import completed, open_kinds, open_task
from tests.support.bookings import customer, request


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def _owner(svc, chain, booking_id):
    return Principal(svc.ports.bookings.get(booking_id).customer_id, chain, "customer")


def _complained(svc, chain, clock, wang, score=4, comment="刹车还是有点响，希望再检查一下"):
    b = completed(svc, chain, clock, wang)
    clock.set(at("2026-11-26", "11:00"))
    svc.booking.feedback_own(_owner(svc, chain, b.booking_id), b.booking_id, score, comment)
    return b


def test_a_comment_that_says_the_job_is_not_done_opens_the_managers_task_whatever_the_score(svc, chain, clock, wang):
    _complained(svc, chain, clock, wang)
    task = open_task(svc, chain, "follow_up_complaint")
    assert task.for_role == "store_manager"
    assert task.note == "4/5 刹车还是有点响，希望再检查一下（维修质量）"


def test_a_happy_comment_with_everyday_words_opens_nothing(svc, chain, clock, wang):
    _complained(svc, chain, clock, wang, 5, "还是很满意，服务态度很好")
    assert open_kinds(svc, chain) == []


def test_the_customer_is_told_by_when_the_manager_will_call_which_is_the_tasks_deadline(svc, chain, clock, wang):
    b = _complained(svc, chain, clock, wang)
    task = open_task(svc, chain, "follow_up_complaint")
    assert task.deadline == at("2026-11-28", "17:00")  # 24 store hours of 08:30-17:30 days from Thursday 11:00
    record = svc.ports.outbox.get(f"{chain}#{b.booking_id}#complaint_received#{clock.now().isoformat()}")
    assert record.status == "sent"
    told = sent(svc)[-1].data  # by SMS: the customer holds no subscribe authorization
    assert "店长将于11月28日 17:00前与您联系" in told and "抱歉" in told


def test_a_resolved_complaint_is_asked_again_within_a_week(svc, chain, clock, wang, mgr):
    b = _complained(svc, chain, clock, wang)
    task = open_task(svc, chain, "follow_up_complaint")
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", task.task_id, "已重新检查刹车并更换刹车片", "reached")
    before = len(sent(svc))
    clock.set(at("2026-12-02", "18:00"))  # the fifth day: not yet
    assert svc.checks.run("follow_up")["done"] == 0
    clock.set(at("2026-12-03", "18:00"))  # the sixth day's moment in the contact window has come
    assert svc.checks.run("follow_up")["done"] == 1
    assert svc.checks.run("follow_up")["done"] == 0
    [asked] = [s.data for s in sent(svc)[before:]]
    assert "再次" in asked
    recheck = next(e for e in svc.ports.bookings.get(b.booking_id).events if e.kind == "complaint_recheck")
    assert recheck.at - at("2026-11-27", "10:00") < timedelta(days=7)
    # the answer is kept; still unhappy, the manager gets the complaint again
    clock.set(at("2026-12-04", "09:00"))
    svc.booking.feedback_own(_owner(svc, chain, b.booking_id), b.booking_id, 2, "还是响")
    assert open_kinds(svc, chain) == ["follow_up_complaint"]
    assert [e.note for e in svc.ports.bookings.get(b.booking_id).events if e.kind == "recheck_answer"] == ["2/5 还是响"]


def test_a_satisfied_recheck_closes_the_loop_and_a_second_answer_is_refused(svc, chain, clock, wang, mgr):
    from chalicelib.domain.errors import Conflict
    b = _complained(svc, chain, clock, wang)
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", open_task(svc, chain, "follow_up_complaint").task_id, None, "reached")
    clock.set(at("2026-12-03", "18:00"))
    svc.checks.run("follow_up")
    me = _owner(svc, chain, b.booking_id)
    svc.booking.feedback_own(me, b.booking_id, 5, "已经不响了")
    assert open_kinds(svc, chain) == []
    with pytest.raises(Conflict):
        svc.booking.feedback_own(me, b.booking_id, 5, None)


def test_a_complaint_closed_without_reaching_the_customer_is_not_rechecked(svc, chain, clock, wang, mgr):
    _complained(svc, chain, clock, wang)
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", open_task(svc, chain, "follow_up_complaint").task_id, None, "no_answer")
    clock.set(at("2026-12-10", "18:00"))
    assert svc.checks.run("follow_up")["done"] == 0


def test_the_recheck_waits_for_the_customers_contact_hours(svc, chain, clock, wang, mgr):
    alice = customer(svc, chain, "alice")
    svc.preferences.set_contact_hours(alice, {"contact_hours": ["19:00", "20:30"]})  # kept by her bookings
    clock.set(at("2026-11-23", "08:00"))
    b, _ = svc.booking.book_online(alice, request(at("2026-11-24", "10:00")), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(wang, b.booking_id, action)
    clock.set(at("2026-11-26", "19:30"))
    svc.booking.feedback_own(alice, b.booking_id, 2, None)
    clock.set(at("2026-11-27", "10:00"))
    svc.staff_desk.close_task(mgr, "pudong", open_task(svc, chain, "follow_up_complaint").task_id, None, "reached")
    before = len(sent(svc))
    clock.set(at("2026-12-03", "18:00"))
    assert svc.checks.run("follow_up")["done"] == 1
    assert len(sent(svc)) == before  # held: she takes messages from 19:00
    [held] = [m for m in svc.ports.outbox.due(at("2026-12-03", "19:00"), days_back=1) if m.kind == "complaint_recheck"]
    assert datetime.fromisoformat(held.held_until) == at("2026-12-03", "19:00")
