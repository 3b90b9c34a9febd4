"""A new car's first-service invitation over HTTP (docs/product-rules.md#first-service), the lapse check run as
its schedule would on the injected clock: a film job completed first leaves the invitation in place, and when
the owner ignores it, the store's call list gets a call to chase it."""
from __future__ import annotations

import json

from chalicelib.adapters.dynamo.models import VehicleModel
from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.e2e.test_phone_link import login, mp
from tests.e2e.test_staff_api import act, call, staff_login

DAY = "2026-11-24"
FILM = {
    "store_id": "pudong", "start": f"{DAY}T10:00:00+08:00", "service_type": "beauty", "description": "贴膜",
    "customer": {"name": "张伟", "phone": "13800138000"},
    "vehicle": {"plate": "沪AF12345", "model": "CX-50", "mileage": 300, "purchase_date": "2026-11-01"},
}


def lapse_run(svc, clock, day, hhmm):
    clock.set(at(day, hhmm))
    CHECKS["lapse"].run(svc)


def test_a_film_job_keeps_the_first_service_invitation_and_an_ignored_one_is_chased(client, people, svc, clock):
    token, _ = login(client, people, "alice")
    assert mp(client, "put", "/mp/me/consent", token, {"marketing": True}).status_code == 200
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "film"}
    r = client.post("/mp/bookings", headers=headers, body=json.dumps(FILM))
    assert r.status_code == 201, r.json_body
    clock.set(at(DAY, "10:00"))
    wang = staff_login(client, people, "wang")
    for action in ("check-in", "start", "complete"):
        assert act(client, wang, r.json_body["booking_id"], action).status_code == 200
    assert VehicleModel.get(people, "沪AF12345").due_kind == "first_service_due"  # not replaced by the film job
    lapse_run(svc, clock, "2027-01-01", "18:00")  # two months after purchase: invited
    assert VehicleModel.get(people, "沪AF12345").due_kind == "first_service_unanswered"
    lapse_run(svc, clock, "2027-01-14", "18:00")
    wang = staff_login(client, people, "wang")
    listed = call(client, "GET", "/staff/stores/pudong/tasks", wang).json_body["tasks"]
    assert [t for t in listed if t["kind"] == "first_service_unanswered"] == []
    lapse_run(svc, clock, "2027-01-15", "18:00")  # two weeks on, nothing booked: a call
    wang = staff_login(client, people, "wang")
    [chase] = [t for t in call(client, "GET", "/staff/stores/pudong/tasks", wang).json_body["tasks"]
               if t["kind"] == "first_service_unanswered"]
    assert chase["title"] == "新车首保邀请未回应，请电话提醒车主预约首保"
    assert chase["customer"] == {"name": "张伟", "phone": "13800138000"} and chase["booking_id"] is None
    assert "沪AF12345" in chase["note"] and "2027-02-01" in chase["note"]
    done = call(client, "POST", f"/staff/stores/pudong/tasks/{chase['task_id']}/done", wang,
                {"outcome": "reached", "note": "车主下周来做首保"})
    assert done.status_code == 200 and done.json_body["status"] == "done"
