"""The call list over HTTP: listing open and closed tasks, claiming, closing with an outcome, refusals that
name their field, and ids of tasks made before ids were URL-safe (percent-encoded in the path)."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from chalicelib.domain.floor.tasks import CallTask
from tests.e2e.test_staff_api import call, staff_login


def test_call_tasks_list_and_close(client, people, svc, clock):
    now = clock.now()
    tasks = svc.ports.tasks
    for i, minutes in enumerate((30, 10)):
        task = CallTask(people, "pudong", f"t{i}", "late", now + timedelta(minutes=minutes), now, "张先生", "13800138000")
        assert tasks.create(task)
    assert not tasks.create(CallTask(people, "pudong", "t0", "late", now, now))  # the same task twice
    token = staff_login(client, people, "wang")
    listed = call(client, "GET", "/staff/stores/pudong/tasks", token).json_body["tasks"]
    assert [t["task_id"] for t in listed] == ["t1", "t0"]  # due first
    assert listed[0]["title"].startswith("客户迟到")
    done = call(client, "POST", "/staff/stores/pudong/tasks/t1/done", token, {"note": "客户在路上"})
    assert done.status_code == 200 and done.json_body["done_by"] == "staff:wang"
    assert (done.json_body["status"], done.json_body["outcome"]) == ("done", "other")
    assert [t["task_id"] for t in call(client, "GET", "/staff/stores/pudong/tasks", token).json_body["tasks"]] == ["t0"]
    assert call(client, "POST", "/staff/stores/pudong/tasks/t1/done", token).status_code == 409
    assert call(client, "POST", "/staff/stores/pudong/tasks/nope/done", token).status_code == 404


def test_claims_outcomes_and_the_closed_list(client, people, svc, clock):
    now = clock.now()
    old_id = "b_1#late@2026-11-24T10:00:00+08:00"  # an id from before ids were URL-safe
    svc.ports.tasks.create(CallTask(people, "pudong", old_id, "late", now, now))
    wang, li, mgr = (staff_login(client, people, u) for u in ("wang", "li", "mgr"))
    path = f"/staff/stores/pudong/tasks/{quote(old_id, safe='')}"
    r = call(client, "POST", f"{path}/claim", wang)
    assert r.status_code == 200 and (r.json_body["task_id"], r.json_body["assignee"]) == (old_id, "staff:wang")
    assert call(client, "POST", f"{path}/claim", li).status_code == 404  # another store's advisor sees nothing
    r = call(client, "POST", f"{path}/done", wang, {"outcome": "maybe"})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "outcome"
    r = call(client, "GET", "/staff/stores/pudong/tasks?status=later", wang)
    assert r.status_code == 400 and r.json_body["error"]["field"] == "status"
    r = call(client, "POST", f"{path}/done", mgr, {"outcome": "no_answer", "note": "无人接听"})
    assert r.status_code == 200 and (r.json_body["outcome"], r.json_body["done_by"]) == ("no_answer", "staff:mgr")
    closed = call(client, "GET", "/staff/stores/pudong/tasks?status=done&date=2026-11-23", wang).json_body["tasks"]
    assert [(t["task_id"], t["status"], t["outcome"], t["assignee"]) for t in closed] == [
        (old_id, "done", "no_answer", "staff:wang")]
    assert call(client, "GET", "/staff/stores/pudong/tasks?status=done&date=2026-11-24", wang).json_body["tasks"] == []
    assert call(client, "POST", f"{path}/claim", wang).json_body["error"]["code"] == "task_done"
