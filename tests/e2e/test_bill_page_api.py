"""The printable bill (结算单) page over HTTP on the embedded DynamoDB (docs/product-rules.md#the-bill): an A4 page
in Chinese with the store, the customer and the car, the advisor, the dates, each line, the total, the balance and
the signature line, served under the console's strict Content-Security-Policy and loading nothing from elsewhere."""
from __future__ import annotations

import json
import re

from chalicelib.api.console import CSP
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.e2e.test_job_progress_api import DAY, customer_booking
from tests.e2e.test_staff_api import act, add_staff, call, staff_login


def _page(client, token, booking_id):
    return client.get(f"/staff/bookings/{booking_id}/bill.html", headers={"Authorization": f"Bearer {token}"})


def _text(body) -> str:
    return body.decode("utf-8") if isinstance(body, bytes) else body


def test_the_printable_bill_of_a_completed_job(client, people, clock, svc):
    alice, wang, booking_id = customer_booking(client, people, clock)
    pads = {"what": "更换前刹车片", "why": "刹车片剩余2毫米", "price_fen": 68000}
    assert call(client, "POST", f"/staff/bookings/{booking_id}/extra-work", wang, pads).status_code == 200
    assert call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x1", alice,
                {"decision": "approve"}).status_code == 200
    clock.set(at(DAY, "12:00"))
    assert act(client, wang, booking_id, "complete").status_code == 200
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {wang}"}
    final = client.put(f"/staff/bookings/{booking_id}/bill", headers=headers,
                       body=json.dumps({"labour": "400.00", "parts": "285.50"})).json_body

    r = _page(client, wang, booking_id)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Content-Security-Policy"] == CSP and r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
    page = _text(r.body)
    store = svc.ports.stores.get(people, "pudong")
    assert f"<h1>{store.name}</h1>" in page and f"地址：{store.address}" in page and f"电话：{store.phone}" in page
    assert "<h2>结算单</h2>" in page
    for fact, value in (("客户", "张伟"), ("车牌", "沪AD12345"), ("车型", "Mazda 6"), ("里程", "35000 公里"),
                        ("到店时间", f"{DAY} 10:00"), ("完工时间", f"{DAY} 12:00")):
        assert f"<th>{fact}</th><td>{value}</td>" in page
    advisor = svc.ports.bookings.get(booking_id).advisor
    assert f"<th>服务顾问</th><td>{advisor or '—'}</td>" in page
    assert re.search(r'data-line="labour"><td>工时费（标准价）</td><td class="num">400\.00<', page)
    assert re.search(r'data-line="parts"><td>配件费</td><td class="num">285\.50<', page)
    assert re.search(r'data-line="extra_work"><td>增项：更换前刹车片</td><td class="num">680\.00<', page)
    assert f'<th>合计</th><td class="num">{final["charged"]}</td>' in page
    assert f'<th>应付余额</th><td class="num">{final["balance"]}</td>' in page
    assert "应退定金" not in page  # no deposit was paid
    assert "客户签字：" in page
    assert re.findall(r'(?:href|src)="([^"]*)"', page) == ["../../console/bill-print.css"]  # nothing from elsewhere
    assert "<script" not in page and "<style" not in page and " style=" not in page
    css = client.get("/staff/console/bill-print.css")
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert "@page { size: A4" in _text(css.body) and "@media print" in _text(css.body)


def test_an_estimate_page_escapes_what_staff_typed(client, people, clock):
    alice, wang, booking_id = customer_booking(client, people, clock)
    item = {"what": "<b>雨刮</b>&", "why": "老化", "price_fen": 12000}
    assert call(client, "POST", f"/staff/bookings/{booking_id}/extra-work", wang, item).status_code == 200
    assert call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x1", alice,
                {"decision": "approve"}).status_code == 200
    page = _text(_page(client, wang, booking_id).body)
    assert "<h2>预估结算单</h2>" in page and "<th>完工时间</th><td>—</td>" in page
    assert "增项：&lt;b&gt;雨刮&lt;/b&gt;&amp;" in page and "<b>" not in page


def test_the_page_is_the_front_desks_only(client, people, clock):
    _, _, booking_id = customer_booking(client, people, clock)
    add_staff(people, "qian", Role.PARTS, {"pudong"})
    refused = _page(client, staff_login(client, people, "qian"), booking_id)
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "role_not_allowed"
    assert _page(client, "", booking_id).status_code == 401


def test_the_page_is_documented_as_html():
    from chalicelib.api.openapi import document

    op = document()["paths"]["/staff/bookings/{booking_id}/bill.html"]["get"]
    assert set(op["responses"]["200"]["content"]) == {"text/html"} and op["x-audience"] == "staff"
    assert "requestBody" not in op
