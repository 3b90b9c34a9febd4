"""The report routes through HTTP: the query range, the JSON they answer, who may read them. The figures
themselves are the service layer's (tests/service/test_report.py)."""
from chalice.test import Client

from app import app
from chalicelib.domain import validation
from chalicelib.domain.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, staff_login
from tests.support.bookings import PHONE_BOOKING

ZERO_DAY = {"bookings": 0, "arrivals": 0, "booked_arrivals": 0, "walk_ins": 0, "on_time_arrivals": 0, "no_shows": 0,
            "cancellations": 0, "appointment_rate": None, "sla_misses": 0}


def test_the_report_and_the_stored_daily_reports(svc, chain, clock):
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.book(mgr, "pudong", validation.staff_booking_request({**PHONE_BOOKING, "advisor": "mgr"}))
    clock.set(at("2026-11-23", "20:00"))
    assert svc.daily_report.run()["reported"] == 2
    with Client(app) as client:
        headers = {"Authorization": f"Bearer {staff_login(client.http, chain, 'mgr')}"}
        r = client.http.get("/staff/stores/pudong/report?from=2026-11-23&to=2026-11-24", headers=headers)
        assert r.status_code == 200, r.json_body
        assert r.json_body == {
            "store_id": "pudong", "from": "2026-11-23", "to": "2026-11-24",
            "days": [{"day": "2026-11-23", **ZERO_DAY}, {"day": "2026-11-24", **ZERO_DAY, "bookings": 1, "sla_misses": 1}],
            "totals": {**ZERO_DAY, "bookings": 1, "sla_misses": 1},  # not confirmed in the 12 hours since booking
        }
        one_day = client.http.get("/staff/stores/pudong/report?from=2026-11-24", headers=headers).json_body
        assert [d["day"] for d in one_day["days"]] == ["2026-11-24"]  # `to` defaults to `from`
        r = client.http.get("/staff/stores/pudong/daily-reports?from=2026-11-23", headers=headers)
    assert r.status_code == 200 and r.json_body["store_id"] == "pudong"
    (stored,) = r.json_body["reports"]
    assert stored["day"] == "2026-11-23" and stored["figures"]["bookings"] == 0
    assert [(d["time"], d["plate"], d["advisor"]) for d in stored["digest"]] == [("10:00", "沪A12345", "mgr顾问")]


def test_report_refusals(svc, chain):
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    with Client(app) as client:
        advisor = staff_login(client.http, chain, "wang")
        r = client.http.get("/staff/stores/pudong/report?from=2026-11-23", headers={"Authorization": f"Bearer {advisor}"})
        assert r.status_code == 403
        mgr = {"Authorization": f"Bearer {staff_login(client.http, chain, 'mgr')}"}
        assert client.http.get("/staff/stores/pudong/report", headers=mgr).json_body["error"]["field"] == "from"
        r = client.http.get("/staff/stores/pudong/report?from=2026-11-01&to=2026-12-31", headers=mgr)
        assert r.status_code == 400 and r.json_body["error"]["field"] == "to"
