"""What the workshop desk's view costs in DynamoDB requests, counted at botocore: an 80-booking day in one
Query of the store-day (no Scan); a parts check one read of the booking and one transaction."""
from __future__ import annotations

from datetime import date

from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff
from tests.support.busy_day import busy_store, fill_day


def test_the_workshop_view_of_80_bookings_is_one_query(svc, chain, calls, clock):
    mgr = busy_store(svc, chain)
    fill_day(svc, mgr, "2026-11-24", 80)
    add_staff(chain, "chen", Role.WORKSHOP, {"pudong"})
    chen = StaffAccess("chen", chain, Role.WORKSHOP, frozenset({"pudong"}))
    svc.ports.stores.get(chain, "pudong")  # the store catalogue's cache, as on any warm function
    calls.clear()
    view = svc.workshop_desk.day(chen, "pudong", date(2026, 11, 24)).to_json()
    assert len(view["bookings"]) == 80
    assert calls.dynamodb() == ["Query"]
    assert sum(t["hours"] for t in view["trades"]) == sum(b["labour_hours"] for b in view["bookings"])


def test_a_parts_check_is_one_read_and_one_transaction(svc, chain, calls, clock):
    mgr = busy_store(svc, chain)
    made = fill_day(svc, mgr, "2026-11-24", 3)
    add_staff(chain, "qian", Role.PARTS, {"pudong"})
    qian = StaffAccess("qian", chain, Role.PARTS, frozenset({"pudong"}))
    clock.set(at("2026-11-23", "16:00"))
    svc.ports.stores.get(chain, "pudong")
    calls.clear()
    svc.workshop_desk.check(qian, made[0].booking_id, "ready", None, None)
    # the booking, the chain's webhook endpoints (what every booking change reads), the one transaction
    assert calls.dynamodb() == ["GetItem", "Query", "TransactWriteItems"], calls.tables
    assert calls.tables[1][1].endswith("-webhooks")
