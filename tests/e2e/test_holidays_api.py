"""Holiday schedules and report contacts through HTTP: the platform operator loads a year for everyone, a chain
admin overrides it for the chain, bad bodies are refused naming the field with nothing written, and only the
right audience reaches each route; a chain admin sets where a manager's reports go."""
from chalice.test import Client

from app import app
from chalicelib.domain.people.staff import Role
from tests.e2e.test_staff_api import add_staff, call, staff_login

# 2028, so that no other test's calendar sees it (the platform's schedule is shared by every chain)
YEAR = {"holidays": ["2028-01-26", "2028-01-27", "2028-01-28"], "workdays": ["2028-02-05"]}


def test_the_operator_loads_the_platforms_year_and_a_chain_overrides_it(svc, chain):
    from chalicelib.domain.tenancy.chain import Chain

    svc.ports.stores.put_chain(Chain("platform", "平台", mp_appid="wxplatform", mp_secret_ref="/appt/test/mp-secret"))
    operator = f"op-{chain}"
    add_staff("platform", operator, Role.OPERATOR, set())
    add_staff(chain, "boss", Role.CHAIN_ADMIN, set())
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    with Client(app) as client:
        op, boss = staff_login(client.http, "platform", operator), staff_login(client.http, chain, "boss")
        mgr = staff_login(client.http, chain, "mgr")
        assert call(client.http, "GET", "/admin/holidays/2028", boss).json_body["source"] == "provisional"
        r = call(client.http, "PUT", "/operator/holidays/2028", op, YEAR)
        assert r.status_code == 200, r.json_body
        assert r.json_body == {"scope": "platform", "year": 2028, **YEAR}
        assert call(client.http, "GET", "/operator/holidays/2028", op).json_body["holidays"] == YEAR["holidays"]
        assert call(client.http, "GET", "/admin/holidays/2028", boss).json_body["source"] == "platform"
        r = call(client.http, "PUT", "/admin/holidays/2028", boss, {"holidays": ["2028-01-26"], "workdays": []})
        assert r.status_code == 200 and r.json_body["scope"] == chain
        in_force = call(client.http, "GET", "/admin/holidays/2028", boss).json_body
        assert (in_force["source"], in_force["holidays"]) == ("chain", ["2028-01-26"])
        # who may not
        assert call(client.http, "PUT", "/operator/holidays/2028", boss, YEAR).status_code == 403
        assert call(client.http, "PUT", "/admin/holidays/2028", mgr, YEAR).status_code == 403
        assert call(client.http, "PUT", "/operator/holidays/2028", None, YEAR).status_code == 401
        # bad bodies: 400 naming the field, and the loaded year unchanged
        for body, field in (({"holidays": ["2028-02-30"], "workdays": []}, "holidays[0]"),
                            ({"holidays": ["2029-01-01"], "workdays": []}, "holidays[0]"),
                            ({"holidays": ["2028-02-05"], "workdays": ["2028-02-05"]}, "workdays"),
                            ({"holidays": []}, "workdays")):
            r = call(client.http, "PUT", "/operator/holidays/2028", op, body)
            assert r.status_code == 400 and r.json_body["error"]["field"] == field, r.json_body
        for year in ("27", "0000", "٢٠٢٨"):
            r = call(client.http, "PUT", f"/operator/holidays/{year}", op, YEAR)
            assert r.status_code == 400 and r.json_body["error"]["field"] == "year"
        assert call(client.http, "GET", "/admin/holidays/0000", boss).status_code == 400
        assert call(client.http, "GET", "/operator/holidays/2028", op).json_body["holidays"] == YEAR["holidays"]


def test_a_chain_admin_sets_where_a_managers_reports_go(svc, chain):
    add_staff(chain, "boss", Role.CHAIN_ADMIN, set())
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    with Client(app) as client:
        boss = staff_login(client.http, chain, "boss")
        mgr = staff_login(client.http, chain, "mgr")
        r = call(client.http, "PUT", "/admin/staff/mgr/contact", boss, {"phone": "+86 139-0013-9000", "oa_openid": "oa-1"})
        assert r.status_code == 200, r.json_body
        assert (r.json_body["phone"], r.json_body["oa_openid"]) == ("13900139000", "oa-1")
        assert call(client.http, "GET", "/staff/stores", mgr).status_code == 200  # the session stays valid
        r = call(client.http, "PUT", "/admin/staff/mgr/contact", boss, {"phone": "12345"})
        assert r.status_code == 400 and r.json_body["error"]["field"] == "phone"
        r = call(client.http, "PUT", "/admin/staff/mgr/contact", boss, {"email": "x@y"})
        assert r.status_code == 400 and r.json_body["error"]["field"] == "email"
        assert call(client.http, "PUT", "/admin/staff/nobody/contact", boss, {"phone": None}).status_code == 404
        assert svc.ports.staff.get(chain, "mgr").phone == "13900139000"
