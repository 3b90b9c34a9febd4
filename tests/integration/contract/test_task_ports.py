"""The call tasks' contract beyond create/list/close, on the fakes and on DynamoDB alike: claiming, closing
with an outcome onto the day's closed list, and the escalation index (open, unescalated, past the deadline)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.floor.tasks import CallTask


def task(chain_id, task_id, due, created, **extra) -> CallTask:
    return CallTask(chain_id, "pudong", task_id, extra.pop("kind", "late"), due, created, "张伟", "13800138000", **extra)


def test_a_task_is_claimed_by_one_person(ports, chain_id):
    now = ports.clock.now()
    assert ports.tasks.create(task(chain_id, "t1", now, now))
    claimed = ports.tasks.claim(chain_id, "pudong", "t1", "staff:wang", now)
    assert (claimed.assignee, claimed.claimed_at) == ("staff:wang", now)
    assert ports.tasks.claim(chain_id, "pudong", "t1", "staff:wang", now).assignee == "staff:wang"  # again: still theirs
    with pytest.raises(Conflict) as taken:
        ports.tasks.claim(chain_id, "pudong", "t1", "staff:li", now)
    assert taken.value.code == "task_claimed"
    assert ports.tasks.get(chain_id, "pudong", "t1").assignee == "staff:wang"
    assert [t.assignee for t in ports.tasks.open_for_store(chain_id, "pudong")] == ["staff:wang"]
    with pytest.raises(NotFound):
        ports.tasks.claim(chain_id, "pudong", "nope", "staff:wang", now)
    ports.tasks.close(chain_id, "pudong", "t1", "staff:wang", now, "已联系", "reached", date(2026, 11, 23))
    with pytest.raises(Conflict) as done:
        ports.tasks.claim(chain_id, "pudong", "t1", "staff:wang", now)
    assert done.value.code == "task_done"


def test_closed_tasks_are_listed_by_the_day_they_were_closed(ports, chain_id):
    now = ports.clock.now()
    for n in range(3):
        ports.tasks.create(task(chain_id, f"t{n}", now, now))
    ports.tasks.close(chain_id, "pudong", "t2", "staff:wang", now, "客户改约", "rebooked", date(2026, 11, 23))
    ports.tasks.close(chain_id, "pudong", "t0", "staff:li", now + timedelta(minutes=5), None, "no_answer", date(2026, 11, 23))
    ports.tasks.close(chain_id, "pudong", "t1", "staff:li", now + timedelta(days=1), None, "declined", date(2026, 11, 24))
    monday = ports.tasks.done_for_store(chain_id, "pudong", date(2026, 11, 23))
    assert [(t.task_id, t.outcome, t.done_by) for t in monday] == [
        ("t2", "rebooked", "staff:wang"), ("t0", "no_answer", "staff:li")]
    assert monday[0].note == "客户改约" and not monday[0].is_open
    assert [t.task_id for t in ports.tasks.done_for_store(chain_id, "pudong", date(2026, 11, 24))] == ["t1"]
    assert ports.tasks.open_for_store(chain_id, "pudong") == []


def test_the_escalation_index_holds_open_unescalated_tasks_past_their_deadline(ports, chain_id):
    now = ports.clock.now()  # Monday 08:00 Shanghai
    ports.tasks.create(task(chain_id, "past", now - timedelta(minutes=30), now - timedelta(hours=1)))
    ports.tasks.create(task(chain_id, "later", now + timedelta(minutes=30), now))
    ports.tasks.create(task(chain_id, "complaint", now - timedelta(hours=3), now - timedelta(hours=4), kind="follow_up_complaint",
                            escalate_at=now + timedelta(hours=20)))
    ports.tasks.create(task(chain_id, "closed", now - timedelta(minutes=20), now - timedelta(hours=1)))
    ports.tasks.close(chain_id, "pudong", "closed", "staff:wang", now, None, "reached", date(2026, 11, 23))
    due = [t.task_id for t in ports.tasks.escalation_due(now - timedelta(hours=6), now) if t.chain_id == chain_id]
    assert due == ["past"]
    [past] = [t for t in ports.tasks.escalation_due(now - timedelta(hours=6), now) if t.task_id == "past"]
    assert ports.tasks.escalate(past, now)
    assert not ports.tasks.escalate(past, now)  # once
    assert [t.task_id for t in ports.tasks.escalation_due(now - timedelta(hours=6), now) if t.chain_id == chain_id] == []
    escalated = ports.tasks.get(chain_id, "pudong", "past")
    assert escalated.escalated_at == now and escalated.is_open and escalated.for_role == "store_manager"
    assert [t.task_id for t in ports.tasks.open_for_store(chain_id, "pudong")][0] == "complaint"
    later = [t.task_id for t in ports.tasks.escalation_due(now - timedelta(hours=6), now + timedelta(days=1))
             if t.chain_id == chain_id]
    assert later == ["later", "complaint"]
