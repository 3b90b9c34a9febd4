"""An invitation's coupon over HTTP on the embedded DynamoDB (docs/product-rules.md#invitation-coupons): the chain
admin attaches a coupon to the maintenance-due invitation; a car serviced in June is invited in December by the
`lapse` check, run as its schedule would on the injected clock; the customer finds the coupon "for you" in the
mini-program (never in the message) and books her maintenance with it."""
from __future__ import annotations

import json
from dataclasses import replace

from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.e2e.test_campaign_api import CAR
from tests.e2e.test_phone_link import login, mp
from tests.e2e.test_staff_api import act, call, staff_login

GIFT = {"name": "保养邀请礼券", "coupon": {"amount_fen": 3000, "valid_from": "2026-11-01", "valid_to": "2027-02-28"}}


def test_a_maintenance_due_invitation_gives_its_coupon_redeemed_at_booking(client, people, svc, clock):
    stored = svc.ports.stores.get_chain(people)
    svc.ports.stores.put_chain(replace(stored, sms={"provider": "sns"}))
    clock.set(at("2026-06-09", "09:00"))
    token, _ = login(client, people, "alice")
    mp(client, "put", "/mp/me/consent", token, {"marketing": True})
    mp(client, "post", "/mp/phone", token, {"code": "phone-13800138000"})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "june"}
    r = client.post("/mp/bookings", headers=headers, body=json.dumps(CAR))
    clock.set(at("2026-06-10", "10:00"))
    wang = staff_login(client, people, "wang")
    for action in ("check-in", "start", "complete"):
        act(client, wang, r.json_body["booking_id"], action)

    clock.set(at("2026-11-20", "10:00"))
    boss = staff_login(client, people, "boss")
    attached = call(client, "PUT", "/admin/invitation-coupons/maintenance_due", boss, GIFT)
    assert attached.status_code == 200, attached.json_body
    assert attached.json_body["service_types"] == ["first_service", "maintenance"]
    assert call(client, "PUT", "/admin/invitation-coupons/maintenance_due", staff_login(client, people, "mgr"),
                GIFT).status_code == 403
    unknown = call(client, "PUT", "/admin/invitation-coupons/reminder", boss, GIFT)
    assert unknown.status_code == 400 and unknown.json_body["error"]["field"] == "kind"
    listed = call(client, "GET", "/admin/invitation-coupons", boss).json_body["invitation_coupons"]
    assert [c["coupon_id"] for c in listed] == ["invitation-maintenance_due"]
    assert call(client, "GET", "/admin/campaigns", boss).json_body["campaigns"] == []
    token, _ = login(client, people, "alice")
    assert mp(client, "get", "/mp/coupons", token).json_body == {"coupons": []}  # not invited yet

    clock.set(at("2026-12-03", "18:00"))  # a week before the maintenance falls due on 10 December
    ran = CHECKS["lapse"].run(svc)
    assert ran.get("maintenance_due") == 1, ran
    token, _ = login(client, people, "alice")
    [coupon] = mp(client, "get", "/mp/coupons", token).json_body["coupons"]
    assert (coupon["coupon_id"], coupon["for_you"], coupon["usable"]) == ("invitation-maintenance_due", True, True)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "december"}
    booked = client.post("/mp/bookings", headers=headers, body=json.dumps({
        **CAR, "start": "2026-12-08T10:00:00+08:00", "coupon_id": "invitation-maintenance_due"}))
    assert booked.status_code == 201, booked.json_body
    assert booked.json_body["coupon"] == {"coupon_id": "invitation-maintenance_due", "off": "30.00"}
