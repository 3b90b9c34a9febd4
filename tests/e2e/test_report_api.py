"""The report routes through HTTP: the query range, the JSON they answer, the CSV export (a header row, UTF-8
with a BOM), the chain-wide report, who may read them, and the stored daily reports with their deliveries.
The figures themselves are the domain's and the service layer's (tests/unit/test_report_figures.py,
tests/service/test_report.py)."""
import csv
import io

from chalice.test import Client

from app import app
from chalicelib.domain import staff_requests
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, call, staff_login
from tests.support.bookings import PHONE_BOOKING

ZERO_DAY = {"bookings": 0, "arrivals": 0, "booked_arrivals": 0, "walk_ins": 0, "on_time_arrivals": 0, "no_shows": 0,
            "cancellations": 0, "appointment_rate": None, "sla_misses": 0, "bookings_due": 0, "kept": 0,
            "kept_rate": None, "by_service": {}, "by_source": {}, "sla_by_advisor": {}, "revenue_fen": 0,
            "priced_arrivals": 0, "coupon_bookings": 0, "coupon_fen": 0}
BOOKED = {"bookings": 1, "sla_misses": 1, "by_service": {"repair": 1}, "by_source": {"phone": 1},
          "sla_by_advisor": {"mgr": 1}}
NO_FIRST_SERVICE = {"first_service_due": 0, "first_service_arrived": 0, "first_service_rate": None}
NO_COMPLAINTS = {"complaints": 0, "by_cause": {}, "resolved": 0, "unresolved": 0, "open": 0, "escalated": 0,
                 "hours_to_resolve_median": None, "hours_to_resolve_max": None,
                 "recheck": {"satisfied": 0, "unsatisfied": 0, "awaiting": 0, "pending": 0}}


def test_the_report_and_the_stored_daily_reports(svc, chain, clock):
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    svc.ports.staff.set_contact(chain, "mgr", phone="13900139000", oa_openid=None)
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, "advisor": "mgr"}))
    clock.set(at("2026-11-23", "20:00"))
    assert svc.daily_report.run()["reported"] == 2
    with Client(app) as client:
        headers = {"Authorization": f"Bearer {staff_login(client.http, chain, 'mgr')}"}
        r = client.http.get("/staff/stores/pudong/report?from=2026-11-23&to=2026-11-24", headers=headers)
        assert r.status_code == 200, r.json_body
        body = r.json_body
        assert body.pop("labels")["bookings"] == "预约数"  # each figure's name, as in the CSV
        assert body == {
            "store_id": "pudong", "name": "浦东店", "from": "2026-11-23", "to": "2026-11-24",
            "days": [{"day": "2026-11-23", **ZERO_DAY}, {"day": "2026-11-24", **ZERO_DAY, **BOOKED}],
            "totals": {**ZERO_DAY, **BOOKED, **NO_FIRST_SERVICE},  # not confirmed in the 12 hours since booking
            "complaints": NO_COMPLAINTS,  # docs/product-rules.md#complaint-summary
        }
        one_day = client.http.get("/staff/stores/pudong/report?from=2026-11-24", headers=headers).json_body
        assert [d["day"] for d in one_day["days"]] == ["2026-11-24"]  # `to` defaults to `from`
        r = client.http.get("/staff/stores/pudong/daily-reports?from=2026-11-23", headers=headers)
    assert r.status_code == 200 and r.json_body["store_id"] == "pudong"
    (stored,) = r.json_body["reports"]
    assert stored["day"] == "2026-11-23" and stored["figures"]["bookings"] == 0
    assert stored["figures"]["warnings"] == [{"code": "holiday_schedule_missing", "year": 2027}]
    assert [(d["time"], d["plate"], d["advisor"]) for d in stored["digest"]] == [("10:00", "沪A12345", "mgr顾问")]
    # the test chain has no SMS provider and no official account: shown as failed (sending: the service tests)
    assert {k: (v["to"], v["status"]) for k, v in stored["deliveries"].items()} == {
        "daily_report:mgr": ("mgr", "failed"), "digest:mgr": ("mgr", "failed")}


def rows(r) -> list[list[str]]:
    assert r.status_code == 200, r.body
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese
    return list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))


def test_csv_exports_of_a_store_and_of_the_chain(svc, chain, clock):
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    add_staff(chain, "boss", Role.CHAIN_ADMIN, set())
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, "advisor": "mgr"}))
    with Client(app) as client:
        token = staff_login(client.http, chain, "mgr")
        by_param = client.http.get("/staff/stores/pudong/report?from=2026-11-23&to=2026-11-24&format=csv",
                                   headers={"Authorization": f"Bearer {token}"})
        header, first, second, total = rows(by_param)
        assert "attachment" in by_param.headers["Content-Disposition"]
        assert header[:3] == ["日期", "预约数", "进场台次"]
        assert [first[0], second[0], total[0]] == ["2026-11-23", "2026-11-24", "合计"]
        cells = dict(zip(header, second, strict=True))
        assert cells["预约数"] == "1" and cells["维修"] == "1" and cells["来源：电话"] == "1" and cells["预约率"] == ""
        by_accept = client.http.get("/staff/stores/pudong/report?from=2026-11-23&to=2026-11-24", headers={
            "Authorization": f"Bearer {token}", "Accept": "text/csv", "Accept-Language": "en"})
        assert rows(by_accept)[0][:2] == ["Date", "Bookings"]
        bad = client.http.get("/staff/stores/pudong/report?from=2026-11-23&format=xls",
                              headers={"Authorization": f"Bearer {token}"})
        assert bad.status_code == 400 and bad.json_body["error"]["field"] == "format"
        boss = {"Authorization": f"Bearer {staff_login(client.http, chain, 'boss')}"}
        r = client.http.get("/admin/report?from=2026-11-24", headers=boss)
        assert r.status_code == 200, r.json_body
        assert [s["store_id"] for s in r.json_body["stores"]] == ["pudong", "xuhui"]
        assert r.json_body["totals"]["bookings"] == 1 and r.json_body["totals"]["by_source"] == {"phone": 1}
        header, pudong, xuhui, total = rows(client.http.get("/admin/report?from=2026-11-24&format=csv", headers=boss))
        assert header[0] == "门店" and [pudong[0], xuhui[0], total[0]] == ["浦东店", "徐汇店", "合计"]
        assert call(client.http, "GET", "/admin/report?from=2026-11-24", token).status_code == 403  # a manager


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
        assert client.http.get("/staff/stores/xuhui/report?from=2026-11-23", headers=mgr).status_code == 404
