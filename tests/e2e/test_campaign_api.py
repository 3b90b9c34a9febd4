"""A campaign over HTTP on the embedded DynamoDB (docs/product-rules.md#campaigns): a car serviced in June is due
in December; the chain admin defines a campaign for December's due cars, previews its audience, schedules it;
the `campaigns` check, run as its schedule would on the injected clock, sends the one customer who agreed, in
daytime; the store's staff read their cars due this month."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.e2e.test_phone_link import login, mp
from tests.e2e.test_staff_api import act, call, staff_login

CAR = {
    "store_id": "pudong", "start": "2026-06-10T10:00:00+08:00", "service_type": "maintenance",
    "customer": {"name": "张伟", "phone": "13800138000"},
    "vehicle": {"plate": "沪AD12345", "model": "CX-5", "mileage": 30000},
}
WINTER = {"campaign_id": "winter-check", "name": "冬季免费检查", "service_type": "maintenance", "store_ids": ["pudong"],
          "starts": "2026-12-01", "ends": "2026-12-31", "wording": "seasonal", "audience": "due_this_month"}


def test_a_campaign_to_the_cars_due_this_month(client, people, svc, clock):
    stored = svc.ports.stores.get_chain(people)
    svc.ports.stores.put_chain(replace(stored, sms={"provider": "sns"}))  # SMS through the embedded SNS
    clock.set(at("2026-06-09", "09:00"))
    token, customer_id = login(client, people, "alice")
    assert mp(client, "put", "/mp/me/consent", token, {"marketing": True}).status_code == 200
    assert mp(client, "post", "/mp/phone", token, {"code": "phone-13800138000"}).status_code == 200  # SMS reaches her
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "june"}
    r = client.post("/mp/bookings", headers=headers, body=json.dumps(CAR))
    assert r.status_code == 201, r.json_body
    clock.set(at("2026-06-10", "10:00"))
    wang = staff_login(client, people, "wang")
    for action in ("check-in", "start", "complete"):
        assert act(client, wang, r.json_body["booking_id"], action).status_code == 200

    clock.set(at("2026-11-20", "10:00"))
    boss = staff_login(client, people, "boss")
    created = call(client, "POST", "/admin/campaigns", boss, WINTER)
    assert created.status_code == 201 and created.json_body["status"] == "draft", created.json_body
    assert call(client, "POST", "/admin/campaigns", staff_login(client, people, "mgr"), WINTER).status_code == 403
    preview = call(client, "GET", "/admin/campaigns/winter-check/audience", boss).json_body
    assert preview == {"campaign_id": "winter-check", "audience": 1, "with_consent": 1, "by_store": {"pudong": 1}}
    late = call(client, "POST", "/admin/campaigns/winter-check/schedule", boss, {"send_at": "2027-01-05T10:00:00+08:00"})
    assert late.status_code == 400 and late.json_body["error"]["field"] == "send_at"
    scheduled = call(client, "POST", "/admin/campaigns/winter-check/schedule", boss,
                     {"send_at": "2026-12-01T10:00:00+08:00"})
    assert scheduled.status_code == 200 and scheduled.json_body["status"] == "scheduled"

    clock.set(at("2026-12-01", "10:05"))
    assert CHECKS["campaigns"].run(svc).get("queued") == 1
    record = svc.ports.outbox.get(f"{people}#{customer_id}#campaign_seasonal#winter-check")
    assert record.status == "sent", record
    assert CHECKS["campaigns"].run(svc).get("queued", 0) == 0  # once
    boss = staff_login(client, people, "boss")  # the morning token of 20 November has expired
    listed = call(client, "GET", "/admin/campaigns", boss).json_body["campaigns"]
    assert [(c["campaign_id"], c["status"]) for c in listed] == [("winter-check", "sent")]

    wang = staff_login(client, people, "wang")
    due = call(client, "GET", "/staff/stores/pudong/due-cars", wang).json_body
    assert (due["from"], due["to"]) == ("2026-12-01", "2026-12-31")
    assert [(c["plate"], c["kind"], c["due"]) for c in due["cars"]] == [("沪AD12345", "maintenance", "2026-12-10")]
    assert call(client, "GET", "/staff/stores/pudong/due-cars?month=2027-01-01", wang).json_body["cars"] == []


def test_a_campaign_with_a_coupon_redeemed_at_booking_and_counted_in_the_report(client, people, svc, clock):
    """The issue's walk: a campaign to the cars due, its audience counted, its message in the outbox inside the
    customer's contact hours (never naming the coupon), the coupon claimed and redeemed at booking, the report
    counting it (docs/product-rules.md#campaigns, #coupons)."""
    stored = svc.ports.stores.get_chain(people)
    svc.ports.stores.put_chain(replace(stored, sms={"provider": "sns"}))
    clock.set(at("2026-06-09", "09:00"))
    token, customer_id = login(client, people, "alice")
    mp(client, "put", "/mp/me/consent", token, {"marketing": True})
    mp(client, "post", "/mp/phone", token, {"code": "phone-13800138000"})
    mp(client, "patch", "/mp/me/preferences", token, {"contact_hours": ["18:00", "20:30"]})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "june"}
    r = client.post("/mp/bookings", headers=headers, body=json.dumps(CAR))
    clock.set(at("2026-06-10", "10:00"))
    wang = staff_login(client, people, "wang")
    for action in ("check-in", "start", "complete"):
        act(client, wang, r.json_body["booking_id"], action)

    clock.set(at("2026-11-20", "10:00"))
    boss = staff_login(client, people, "boss")
    coupon = {"amount_fen": 5000, "valid_from": "2026-12-01", "valid_to": "2026-12-31", "per_customer": 1}
    assert call(client, "POST", "/admin/campaigns", boss, {**WINTER, "coupon": coupon}).status_code == 201
    assert call(client, "GET", "/admin/campaigns/winter-check/audience", boss).json_body["audience"] == 1
    call(client, "POST", "/admin/campaigns/winter-check/schedule", boss, {"send_at": "2026-12-01T10:00:00+08:00"})
    clock.set(at("2026-12-01", "10:05"))
    assert CHECKS["campaigns"].run(svc).get("queued") == 1
    record = svc.ports.outbox.get(f"{people}#{customer_id}#campaign_seasonal#winter-check")
    assert record.status != "sent" and datetime.fromisoformat(record.held_until) == at("2026-12-01", "18:00")  # her hours
    clock.set(at("2026-12-01", "18:00"))
    CHECKS["outbox"].run(svc)
    assert svc.ports.outbox.get(record.dedupe_key).status == "sent"
    assert "50" not in json.dumps(record.context, ensure_ascii=False)  # the coupon is the mini-program's

    clock.set(at("2026-12-02", "09:00"))
    token, _ = login(client, people, "alice")
    [shown] = mp(client, "get", "/mp/coupons", token).json_body["coupons"]
    assert (shown["coupon_id"], shown["amount_fen"], shown["claimed"]) == ("winter-check", 5000, False)
    assert mp(client, "post", "/mp/coupons/winter-check/claim", token).json_body["usable"] is True
    body = {**CAR, "start": "2026-12-10T10:00:00+08:00", "coupon_id": "winter-check"}
    booked = client.post("/mp/bookings", headers={**headers, "Authorization": f"Bearer {token}",
                                                 "Idempotency-Key": "december"}, body=json.dumps(body))
    assert booked.status_code == 201, booked.json_body
    assert booked.json_body["coupon"] == {"coupon_id": "winter-check", "off": "50.00"}
    again = client.post("/mp/bookings", headers={**headers, "Authorization": f"Bearer {token}",
                                                "Idempotency-Key": "twice"},
                        body=json.dumps({**body, "start": "2026-12-11T10:00:00+08:00"}))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "coupon_used_up"

    clock.set(at("2026-12-10", "10:00"))
    wang = staff_login(client, people, "wang")
    assert act(client, wang, booked.json_body["booking_id"], "check-in").status_code == 200
    mgr = staff_login(client, people, "mgr")
    totals = call(client, "GET", "/staff/stores/pudong/report?from=2026-12-10", mgr).json_body["totals"]
    assert (totals["coupon_bookings"], totals["coupon_fen"]) == (1, 5000)
