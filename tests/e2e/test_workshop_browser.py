"""The workshop and parts desks in the staff console, in a real headless Chromium through clicks only
(docs/product-rules.md#workshop-and-parts): the parts manager lands on the 车间/配件 tab and sees no other,
confirms today's parts (a double click writes once), checks tomorrow's parts (备齐, 缺件 with a note and
a date: the advisors' call opens), sees a refusal in Chinese beside its row; the workshop manager reads the
same day with no buttons; the advisor's plan shows the checks. Screenshot: artifacts/console-workshop.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from chalicelib.domain import staff_requests
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.e2e.test_console_browser import LAPTOP, NO_SIDEWAYS_SCROLL, _open
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _book(svc, who, start: str, service: str, name: str, plate: str, phone: str) -> str:
    request = staff_requests.staff_booking_request({
        **PHONE_BOOKING, "start": start, "service_type": service,
        "customer": {"name": name, "phone": phone, "honorific": "先生"}, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate},
    })
    return svc.staff_ops.book(who, "pudong", request).booking_id


@pytest.fixture
def desk_day(svc, chain):
    """Monday 2026-11-23, 08:00 in Shanghai (the clock's start): one booking at 10:00 today (its parts to be
    confirmed by 09:00), three tomorrow."""
    for username, role in (("mgr", Role.STORE_MANAGER), ("qian", Role.PARTS), ("chen", Role.WORKSHOP)):
        add_staff(chain, username, role, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    ids = {
        "today": _book(svc, mgr, "2026-11-23T10:00:00+08:00", "maintenance", "张伟", "沪A12345", "13800138001"),
        "crash": _book(svc, mgr, "2026-11-24T10:00:00+08:00", "accident", "王芳", "沪B22345", "13800138002"),
        "brakes": _book(svc, mgr, "2026-11-24T11:00:00+08:00", "repair", "李雷", "沪C32345", "13800138003"),
        "oil": _book(svc, mgr, "2026-11-24T14:00:00+08:00", "maintenance", "赵敏", "沪D42345", "13800138004"),
    }
    return chain, ids, mgr


def _login(page, chain, username):
    page.fill("#login-chain", chain)
    page.fill("#login-username", username)
    page.fill("#login-password", f"{username}-pass")
    page.click("#login-form button[type=submit]")


def _row(page, booking_id):
    return page.locator(f'#workshop-table tr.booking[data-booking="{booking_id}"]')


def test_the_parts_desk_checks_and_confirms_through_clicks(server, desk_day, svc, browser):
    chain, ids, mgr = desk_day
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain, "qian")
    expect(page.locator("#who-name")).to_have_text("qian顾问 · 配件主管")
    expect(page.locator("#workshop-view")).to_be_visible()
    expect(page.locator("#plan-view")).to_be_hidden()
    for tab in ("plan", "tasks", "reports"):  # the desk sees no other tab
        expect(page.locator(f'.tabs [data-tab="{tab}"]')).to_be_hidden()

    today = _row(page, ids["today"])
    expect(today.locator("td.parts-ready")).to_have_text("待确认")
    today.locator('button[data-ws="confirm"]').dblclick()  # a double click: one write
    expect(_row(page, ids["today"]).locator("td.parts-ready")).to_have_text("已确认到位")
    assert [e.kind for e in svc.ports.bookings.get(ids["today"]).events].count("parts_ready") == 1

    page.click("#ws-tomorrow")
    expect(page.locator("#workshop-table tr.booking")).to_have_count(3)
    assert page.input_value("#day") == "2026-11-24"
    expect(page.locator("#ws-trades")).to_contain_text("钣金 2h")
    expect(page.locator("#ws-trades")).to_contain_text("机电 2h")
    expect(page.locator("#ws-trades")).to_contain_text("保养 1h")

    _row(page, ids["oil"]).locator('button[data-ws="ready"]').click()
    expect(_row(page, ids["oil"]).locator("td.parts-check")).to_have_text("备齐")

    _row(page, ids["brakes"]).locator('button[data-ws="short"]').click()
    form = page.locator(f'tr.more-row[data-for="{ids["brakes"]}"] form.ws-short')
    form.locator('input[name="note"]').fill("刹车片缺货")
    form.locator('input[name="expected"]').fill("2026-11-26")
    form.locator("button[type=submit]").click()
    expect(_row(page, ids["brakes"]).locator("td.parts-check")).to_have_text("缺件：刹车片缺货（预计 2026-11-26）")
    calls = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_short"]
    assert [t.booking_id for t in calls] == [ids["brakes"]]

    svc.staff_ops.act(mgr, ids["crash"], "cancel")  # the customer called the front desk meanwhile
    _row(page, ids["crash"]).locator('button[data-ws="ready"]').click()
    refusal = page.locator(f'tr.more-row[data-for="{ids["crash"]}"] .refusal')
    expect(refusal).to_have_text("该预约已不在等候到店，无法检查备件")  # beside its row, in Chinese
    page.screenshot(path=str(ARTIFACTS / "console-workshop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert problems == []


def test_the_workshop_reads_the_day_and_the_advisor_sees_the_checks(server, desk_day, svc, browser):
    chain, ids, mgr = desk_day
    qian = StaffAccess("qian", chain, Role.PARTS, frozenset({"pudong"}))
    from datetime import date
    svc.workshop_desk.check(qian, ids["brakes"], "short", "刹车片缺货", date(2026, 11, 26))
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain, "chen")
    expect(page.locator("#who-name")).to_have_text("chen顾问 · 车间主管")
    expect(_row(page, ids["today"])).to_be_visible()
    page.click("#ws-tomorrow")
    expect(page.locator("#workshop-table tr.booking")).to_have_count(3)
    expect(_row(page, ids["brakes"]).locator("td.parts-check")).to_contain_text("缺件")
    assert page.locator("#workshop-table button[data-ws]").count() == 0  # the workshop plans; it checks no parts
    page.click("#logout")
    _login(page, chain, "mgr")
    expect(page.locator("#plan-view")).to_be_visible()
    expect(page.locator('.tabs [data-tab="workshop"]')).to_be_visible()
    page.fill("#day", "2026-11-24")
    page.dispatch_event("#day", "change")
    row = page.locator(f'#plan tr.booking[data-booking="{ids["brakes"]}"]')
    expect(row.locator(".badge.parts-check")).to_have_text("备件缺件：刹车片缺货（预计 2026-11-26）")
    assert problems == []


def test_a_late_answer_to_the_first_load_does_not_put_the_old_day_back(server, desk_day, browser):
    """The plan's first load (today) is held at the network until the advisor has picked tomorrow and seen
    it; when today's answer arrives at last, the console ignores it: the day picker and the rows stay
    tomorrow's (a fresh-clone CI run once saw the old day come back)."""
    chain, ids, _ = desk_day
    page, problems = _open(browser, server, LAPTOP)
    held = []
    page.route(lambda url: url.endswith("/staff/stores/pudong/bookings"), lambda route: held.append(route))
    _login(page, chain, "mgr")
    expect(page.locator("#plan-view")).to_be_visible()
    for _ in range(200):  # the first load reaches the network soon after the login's answer
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "the first load was never asked for"
    page.fill("#day", "2026-11-24")
    page.dispatch_event("#day", "change")
    brakes = page.locator(f'#plan tr.booking[data-booking="{ids["brakes"]}"]')
    expect(brakes).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/staff/stores/pudong/bookings")) as late:
        held[0].continue_()
    late.value.finished()
    page.evaluate("() => new Promise(function (done) { setTimeout(done, 200); })")  # its handlers have run
    expect(page.locator("#day")).to_have_value("2026-11-24")
    expect(brakes).to_be_visible()
    expect(page.locator(f'#plan tr.booking[data-booking="{ids["today"]}"]')).to_have_count(0)
    assert problems == []
