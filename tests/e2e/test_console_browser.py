"""The staff console in a real headless Chromium (Debian's, driven by Playwright), through clicks only: login,
every booking action on the day's bookings (confirm, check-in, start, complete, cancel, no-show, reschedule,
parts arrived, advisor change), a walk-in queued and then seated, a call task closed with its outcome, the
reports with their charts, API errors shown in the page, no horizontal scrolling on a 1366x768 laptop or a
768x1024 tablet. Screenshots are kept in artifacts/console-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.domain import money, staff_requests
from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff
from tests.support.patience import ANSWER

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 768, "height": 1024}
NO_SIDEWAYS_SCROLL = "() => document.scrollingElement.scrollWidth <= innerWidth"


def _book(svc, who, start: str | None, name: str, plate: str, phone: str) -> str:
    request = staff_requests.staff_booking_request({
        **PHONE_BOOKING, "customer": {"name": name, "phone": phone, "honorific": "先生"},
        "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate},
        **({"start": start} if start else {"start": None, "waiting_for_parts": True}),
    })
    return svc.staff_ops.book(who, "pudong", request).booking_id


@pytest.fixture
def day(svc, chain):
    """Monday 2026-11-23, 08:00 in Shanghai: four phone bookings today, one waiting for parts, a call task."""
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    ids = {
        "zhang": _book(svc, mgr, "2026-11-23T09:00:00+08:00", "张伟", "沪A12345", "13800138001"),
        "wang": _book(svc, mgr, "2026-11-23T09:00:00+08:00", "王芳", "沪A22345", "13800138002"),
        "li": _book(svc, mgr, "2026-11-23T09:30:00+08:00", "李雷", "沪A32345", "13800138003"),
        "zhao": _book(svc, mgr, "2026-11-23T10:30:00+08:00", "赵敏", "沪A42345", "13800138004"),
        "sun": _book(svc, mgr, None, "孙悦", "沪A52345", "13800138005"),  # waiting for parts
    }
    # a lapse call about a customer, not a booking: no change to the day's bookings closes it by itself
    task = CallTask(chain, "pudong", "t_0123456789abcdef01234567", "near_lost",
                    due_at=at("2026-11-23", "11:00"), created_at=at("2026-11-23", "08:00"),
                    customer_name="钱进", customer_phone="13800138009")
    assert svc.ports.tasks.create(task)
    return chain, ids, task


def _open(browser, server, viewport):
    page = browser.new_page(viewport=viewport)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "Refused" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith((server, "blob:")) else problems.append(f"left the origin: {r.url}"))
    assert page.goto(f"{server}/staff/console").status == 200
    return page, problems


def _login(page, chain, password="mgr-pass"):
    page.fill("#login-chain", chain)
    page.fill("#login-username", "mgr")
    page.fill("#login-password", password)
    page.click("#login-form button[type=submit]")


def _card(page, booking_id):
    return page.locator(f'#plan tr.booking[data-booking="{booking_id}"]')


def _more(page, booking_id):
    """The row under a booking's: its inline forms and its refusals."""
    return page.locator(f'tr.more-row[data-for="{booking_id}"]')


def _act(page, booking_id, action, status):
    _card(page, booking_id).locator(f'button[data-action="{action}"]').click()
    expect(_card(page, booking_id).locator(".badge.status")).to_have_text(status)
    expect(page.locator("#error")).to_be_hidden()


def _no_sideways_scroll(page, what):
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{what}: {page.evaluate('document.scrollingElement.scrollWidth')} px wide"


def test_a_manager_works_the_day_through_the_console(server, day, svc, browser):
    chain, ids, task = day
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain, password="wrong-pass")  # the API's refusal is shown in the page
    expect(page.locator("#error")).to_contain_text("用户名或密码错误")  # in Chinese, without raw codes
    _login(page, chain)
    expect(page.locator("#who-name")).to_have_text("mgr顾问 · 店长")
    expect(page.locator("#plan tr.booking")).to_have_count(4)
    assert page.input_value("#day") == "2026-11-23"
    assert page.locator('#plan tr.booking[data-slot="09:00"]').count() == 2
    assert "张伟" in _card(page, ids["zhang"]).inner_text() and "沪A12345" in _card(page, ids["zhang"]).inner_text()
    quoted = svc.ports.bookings.get(ids["zhang"]).price_estimate
    assert quoted and _card(page, ids["zhang"]).locator(".price").inner_text().startswith(f"¥{money.yuan(quoted)}")

    _act(page, ids["zhang"], "confirm", "已确认")
    _act(page, ids["zhang"], "check-in", "已到店")
    _act(page, ids["zhang"], "start", "维修中")
    _act(page, ids["zhang"], "complete", "已完工")

    _card(page, ids["li"]).locator('button[data-action="cancel"]').click()
    _more(page, ids["li"]).locator('form[data-form="cancel"] input[name="note"]').fill("客户临时出差")
    _more(page, ids["li"]).locator('form[data-form="cancel"] button[type=submit]').click()
    expect(_card(page, ids["li"]).locator(".badge.status")).to_have_text("已取消")

    _card(page, ids["zhao"]).locator('button[data-action="reschedule"]').click()
    moving = _more(page, ids["zhao"])
    moving.locator('form[data-form="reschedule"] input[name="time"]').fill("14:00")
    moving.locator('form[data-form="reschedule"] button[type=submit]').click()
    expect(page.locator(f'#plan tr.booking[data-slot="14:00"][data-booking="{ids["zhao"]}"]')).to_be_visible()
    assert svc.ports.bookings.get(ids["zhao"]).start == at("2026-11-23", "14:00")

    waiting = page.locator(f'#parts tr.booking[data-booking="{ids["sun"]}"]')
    waiting.locator('button[data-action="parts-arrived"]').click()
    expect(waiting.locator(".badge.parts")).to_have_text("备件已到")
    waiting.locator('button[data-action="reschedule"]').click()
    _more(page, ids["sun"]).locator('form[data-form="reschedule"] input[name="time"]').fill("15:00")
    _more(page, ids["sun"]).locator('form[data-form="reschedule"] button[type=submit]').click()
    given = page.locator(f'#plan tr.booking[data-slot="15:00"][data-booking="{ids["sun"]}"]')
    expect(given.locator(".badge.priority")).to_have_text("优先：备件已到")  # parts arrived: first in its slot
    expect(page.locator("#parts tr.booking")).to_have_count(0)

    # a refused action: its message in Chinese under the booking's row, the booking unchanged
    _card(page, ids["wang"]).locator('button[data-action="reschedule"]').click()
    _more(page, ids["wang"]).locator('form[data-form="reschedule"] input[name="time"]').fill("03:00")
    _more(page, ids["wang"]).locator('form[data-form="reschedule"] button[type=submit]').click()
    refusal = _more(page, ids["wang"]).locator(".refusal")
    expect(refusal).to_be_visible()
    expect(refusal).to_have_attribute("data-code", "not_a_slot")
    expect(refusal).to_have_text("该时间不可预约，请选择列表中的时段")
    expect(page.locator("#error")).to_be_hidden()
    assert svc.ports.bookings.get(ids["wang"]).start == at("2026-11-23", "09:00")

    svc.clock.advance(minutes=135)  # 10:15: an hour past 王芳's time
    page.click("#reload")
    expect(page.locator("#app-view")).not_to_have_attribute("aria-busy", "true")
    _card(page, ids["wang"]).locator('button[data-action="no-show"]').click()
    _more(page, ids["wang"]).locator('form[data-form="no-show"] button[type=submit]').click()
    expect(_card(page, ids["wang"]).locator(".badge.status")).to_have_text("爽约")
    expect(page.locator("#notice")).to_contain_text("爽约成功")
    expect(page.locator("#notice")).to_be_hidden()  # notices fade
    _no_sideways_scroll(page, "plan")
    page.screenshot(path=str(ARTIFACTS / "console-plan-1366.png"), full_page=True)

    page.click('.tabs [data-tab="tasks"]')
    row = page.locator(f'#tasks article.task[data-task="{task.task_id}"]')
    expect(row).to_contain_text("钱进")
    row.locator('button[data-act="claim"]').click()
    expect(row.locator(".assignee")).to_have_text("负责人：mgr")
    row.locator('button[data-act="close"]').click()
    row.locator('select[name="outcome"]').select_option("rebooked")
    row.locator('textarea[name="note"]').fill("已改约到下午两点")
    row.locator('form[data-form="close"] button[type=submit]').click()
    expect(row).to_have_count(0)  # the no-show and the cancellation opened rebooking calls, still listed
    assert task.task_id not in [t.task_id for t in svc.ports.tasks.open_for_store(chain, "pudong")]
    page.select_option("#task-status", "done")
    done = page.locator(f'#tasks article.task[data-task="{task.task_id}"]')
    expect(done.locator(".outcome")).to_have_text("结果：已重新预约 · 已改约到下午两点")
    _no_sideways_scroll(page, "tasks")

    page.click('.tabs [data-tab="reports"]')
    expect(page.locator('#report .tile[data-figure="bookings"] .figure-value')).to_have_text("5")
    assert page.input_value("#report-from") == "2026-11-17" and page.input_value("#report-to") == "2026-11-23"
    tiles = {t.get_attribute("data-figure"): t.locator(".figure-value").inner_text()
             for t in page.locator("#report .tile").all()}
    assert (tiles["no_shows"], tiles["cancellations"], tiles["arrivals"]) == ("1", "1", "1")
    bars = page.locator('#report svg.daily rect[data-day="2026-11-23"]')
    assert bars.count() == 4 and float(bars.first.get_attribute("height")) == 160  # the tallest: 5 bookings
    assert page.locator('#report svg.daily rect[data-day="2026-11-17"][height="0"]').count() == 4
    _no_sideways_scroll(page, "reports")
    page.screenshot(path=str(ARTIFACTS / "console-reports-1366.png"), full_page=True)
    with page.expect_download() as downloaded:
        page.click("#report-csv")
    csv_file = downloaded.value
    assert csv_file.suggested_filename == "report-pudong-2026-11-17-2026-11-23.csv"
    rows = Path(csv_file.path()).read_text(encoding="utf-8-sig").splitlines()
    assert [r.split(",")[0] for r in rows if r.startswith("2026-11-")] == [f"2026-11-{d}" for d in range(17, 24)]
    # one name per figure: each tile is named as its CSV column, and the charts add up to the tile they break down
    names = page.locator("#report .tile .figure-name").all_inner_texts()
    assert set(names) <= set(rows[0].split(",")), set(names) - set(rows[0].split(","))
    for chart in ("by_source", "by_service"):
        bars = page.locator(f'#report figure[data-chart="{chart}"] rect[data-value]').all()
        assert sum(int(b.get_attribute("data-value")) for b in bars) == int(tiles["bookings"]), chart
    assert problems == []


def test_the_console_fits_a_tablet_and_keeps_the_session_in_the_tab(server, day, browser):
    chain, ids, task = day
    page, problems = _open(browser, server, TABLET)
    _no_sideways_scroll(page, "login")
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(4)
    _card(page, ids["zhang"]).locator('button[data-action="reschedule"]').click()  # the widest card state
    _no_sideways_scroll(page, "tablet plan")
    page.screenshot(path=str(ARTIFACTS / "console-plan-tablet.png"), full_page=True)
    page.reload()  # the token stays in sessionStorage for this tab: no second login
    expect(page.locator("#plan tr.booking")).to_have_count(4)
    page.click('.tabs [data-tab="tasks"]')
    expect(page.locator("#tasks article.task")).to_have_count(1)
    _no_sideways_scroll(page, "tablet tasks")
    page.click('.tabs [data-tab="reports"]')
    expect(page.locator("#report .tile").first).to_be_visible()
    _no_sideways_scroll(page, "tablet reports")
    page.click("#logout")
    expect(page.locator("#login-view")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0
    assert problems == []


def test_the_console_is_a_public_shell_under_a_strict_policy(server):
    shell = requests.get(f"{server}/staff/console", timeout=ANSWER)
    assert shell.status_code == 200 and shell.headers["Content-Type"].startswith("text/html")
    policy = shell.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in shell.text and " on" not in shell.text.replace(" one", "")  # no inline code
    for name, kind in (("console-core.js", "text/javascript"), ("console.css", "text/css"), ("board.js", "text/javascript")):
        asset = requests.get(f"{server}/staff/console/{name}", timeout=ANSWER)
        assert asset.status_code == 200 and asset.headers["Content-Type"].startswith(kind), name
    missing = requests.get(f"{server}/staff/console/console.html", timeout=ANSWER)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert requests.get(f"{server}/staff/stores/pudong/bookings", timeout=ANSWER).status_code == 401  # the data is not public


def test_an_expired_session_returns_to_the_login(server, day, svc, browser):
    chain, _, _ = day
    page, _ = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(4)
    svc.clock.advance(days=2)  # past the token's lifetime
    page.click("#reload")
    expect(page.locator("#login-view")).to_be_visible()
    expect(page.locator("#error")).to_be_visible()


def test_a_walk_in_queues_then_takes_a_place_and_a_booking_changes_advisor(server, day, svc, browser):
    chain, ids, _ = day
    add_staff(chain, "chen", Role.ADVISOR, {"pudong"})
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(4)

    page.click("#walkin-open")  # 08:00, before opening: the walk-in waits in the queue
    form = page.locator("#walkin-form")
    form.locator('input[name="name"]').fill("周杰")
    form.locator('select[name="honorific"]').select_option("先生")
    form.locator('input[name="phone"]').fill("13900139000")
    form.locator('input[name="plate"]').fill("沪C88888")
    form.locator('input[name="model"]').fill("Passat")
    form.locator('input[name="mileage"]').fill("30500")
    form.locator('select[name="service_type"]').select_option("maintenance")
    form.locator('button[type="submit"]').click()
    expect(page.locator("#notice")).to_contain_text("已登记到店客户：周杰，进入排队等候")
    queued = page.locator("#walkins li", has_text="沪C88888")
    expect(queued).to_contain_text("预计等候 30 分钟")
    _no_sideways_scroll(page, "walk-in queue")
    page.screenshot(path=str(ARTIFACTS / "console-walk-in-queue-1366.png"), full_page=True)

    svc.clock.advance(hours=2, minutes=15)  # 10:15: the 10:00 slot has places
    page.click("#reload")
    expect(page.locator("#app-view")).not_to_have_attribute("aria-busy", "true")
    page.locator("#walkins li", has_text="沪C88888").locator("button[data-seat]").click()
    expect(page.locator("#notice")).to_contain_text("已安排入位：周杰 10:00")
    seated = page.locator('#plan tr.booking[data-slot="10:00"]', has_text="沪C88888")
    expect(seated.locator(".badge.status")).to_have_text("已到店")
    expect(seated.locator(".badge.source")).to_have_text("到店")
    expect(page.locator("#walkins li")).to_have_count(0)

    _card(page, ids["zhao"]).locator('button[data-action="advisor"]').click()
    _more(page, ids["zhao"]).locator('form[data-form="advisor"] input[name="username"]').fill("chen")
    _more(page, ids["zhao"]).locator('form[data-form="advisor"] button[type=submit]').click()
    expect(_card(page, ids["zhao"]).locator(".advisor")).to_have_text("chen顾问")
    assert svc.ports.bookings.get(ids["zhao"]).advisor_id == "chen"
    assert problems == []


def test_a_job_under_way_shows_its_hand_back_time_and_its_extra_work(server, day, svc, browser):
    """docs/product-rules.md#promised-time, #extra-work: promised vs expected after a delay, the 70-80 % check
    window, and the extra work waiting for the customer's answer, on the booking's row."""
    from chalicelib.domain.floor.extra_work import extra_input

    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    for action in ("check-in", "start"):  # at 08:00: promised for 10:30 (2 hours of a store opening at 08:30)
        svc.staff_ops.act(mgr, ids["zhang"], action)
    svc.job_progress.delay(mgr, ids["zhang"], "需等待配件到货", at("2026-11-23", "12:00"))
    svc.extra_work.propose(mgr, ids["zhang"], extra_input({"what": "更换雨刮片", "why": "老化", "price_fen": 12000}))
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    card = _card(page, ids["zhang"])
    expect(card.locator(".badge.promised")).to_contain_text("预计 12:00 交车（原定 10:30）")
    expect(card.locator(".badge.promised")).to_contain_text("进度检查")
    expect(card.locator(".badge.extra")).to_have_text("增项：1 项待客户确认 0 项已同意")
    assert problems == []


def test_the_job_under_way_is_worked_from_the_console(server, day, svc, browser):
    """docs/product-rules.md#promised-time, #extra-work, through clicks: the progress check, a delay with its
    reason and new time, extra work proposed, and the customer's answer taken on the phone."""
    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.act(mgr, ids["zhang"], "check-in")  # at 08:00: promised for 10:30
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    card, more = _card(page, ids["zhang"]), _more(page, ids["zhang"])
    card.locator('button[data-job="progress-check"]').click()
    expect(page.locator("#notice")).to_contain_text("预计 10:30 交车")
    expect(card.locator(".badge.promised")).not_to_contain_text("进度检查")  # checked: the plan reloaded
    card.locator('button[data-job="delay"]').click()
    more.locator('input[name="reason"]').fill("需等待配件到货")
    more.locator('input[name="time"]').fill("12:00")
    more.locator('form[data-form="delay"] button[type=submit]').click()
    expect(_card(page, ids["zhang"]).locator(".badge.promised")).to_contain_text("预计 12:00 交车（原定 10:30）")
    _card(page, ids["zhang"]).locator('button[data-job="extra-work"]').click()
    more = _more(page, ids["zhang"])
    more.locator('input[name="what"]').fill("更换雨刮片")
    more.locator('input[name="why"]').fill("雨刮片老化")
    more.locator('input[name="price"]').fill("120")
    more.locator('input[name="minutes"]').fill("30")
    more.locator('form[data-form="extra-work"] button[type=submit]').click()
    expect(_card(page, ids["zhang"]).locator(".badge.extra")).to_have_text("增项：1 项待客户确认 0 项已同意")
    _card(page, ids["zhang"]).locator('button[data-job="phone-answer"]').click()
    more = _more(page, ids["zhang"])
    more.locator('input[name="said"]').fill("车主本人电话同意")
    more.locator('form[data-form="phone-answer"] button[type=submit]').click()
    expect(_card(page, ids["zhang"]).locator(".badge.extra")).to_have_text("增项：1 项已同意")
    expect(_card(page, ids["zhang"]).locator(".badge.promised")).to_contain_text("预计 12:30 交车")
    [item] = svc.ports.bookings.get(ids["zhang"]).extra_work
    assert (item.status, item.price_fen, item.said, item.decided_by) == ("approved", 12000, "车主本人电话同意", "staff:mgr")
    assert problems == []


def test_the_bill_is_read_set_and_exported_from_the_console(server, day, svc, browser):
    """docs/product-rules.md#the-bill, through clicks: a checked-in booking's bill (an estimate), the final labour
    and parts set (once), the balance with the approved extra work, and the CSV downloaded."""
    from chalicelib.domain.floor.extra_work import extra_input

    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    for action in ("check-in", "start"):
        svc.staff_ops.act(mgr, ids["zhang"], action)
    svc.extra_work.propose(mgr, ids["zhang"], extra_input({"what": "更换雨刮片", "why": "老化", "price_fen": 12000}))
    svc.extra_work.phone_answer(mgr, ids["zhang"], "x1", True, "车主本人电话同意", None)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    _card(page, ids["zhang"]).locator("button[data-bill]").click()
    more = _more(page, ids["zhang"])
    expect(more.locator("table.bill caption")).to_have_text("预估结算单")
    expect(more.locator('table.bill tr[data-line="extra_work"]')).to_contain_text("增项：更换雨刮片120.00")
    more.locator('input[name="labour"]').fill("400")
    more.locator('input[name="parts"]').fill("285.50")
    more.locator('form[data-form="bill"] button[type=submit]').click()
    expect(page.locator("#notice")).to_contain_text("已确定结算金额：应付 805.50 元")
    expect(more.locator("table.bill tr.bill-balance")).to_contain_text("805.50")
    with page.expect_download() as download:
        more.locator("button[data-bill-csv]").click()
    assert download.value.suggested_filename == f"bill-{ids['zhang']}.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff项目,说明,金额（元）") and "应付余额,预估结算单,805.50" in text
    events = [e.kind for e in svc.ports.bookings.get(ids["zhang"]).events]
    assert events.count("bill_final") == 1
    assert problems == []


def test_the_printable_bill_opens_from_the_console(server, day, svc, browser):
    """docs/product-rules.md#the-bill: 打印结算单 opens the A4 page, fetched with the console's token, in a new
    window styled by the console's own print style sheet; nothing is refused and nothing leaves the origin."""
    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, ids["zhang"], action)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    _card(page, ids["zhang"]).locator("button[data-bill]").click()
    more = _more(page, ids["zhang"])
    expect(more.locator("table.bill caption")).to_have_text("结算单")
    with page.expect_popup() as opened:
        more.locator("button[data-bill-print]").click()
    sheet = opened.value
    sheet.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sheet.on("request", lambda r: None if r.url.startswith(server) else problems.append(f"left the origin: {r.url}"))
    expect(sheet.locator("h2")).to_have_text("结算单")
    booking = svc.ports.bookings.get(ids["zhang"])
    expect(sheet.locator("table.facts")).to_contain_text(booking.plate)
    expect(sheet.locator("tr.balance")).to_contain_text("应付余额")
    expect(sheet.locator("p.sign")).to_contain_text("客户签字：")
    expect(sheet.locator("span.blank").first).to_have_css("display", "inline-block")  # the print style sheet loaded
    assert problems == []


def test_the_customers_invoice_request_shows_on_the_consoles_bill(server, day, svc, browser):
    """docs/product-rules.md#the-bill: the invoice request the customer sent is read under the bill's lines."""
    from chalicelib.domain.booking.invoice import invoice_input
    from chalicelib.domain.people.principal import Principal

    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.act(mgr, ids["zhang"], "check-in")
    booking = svc.ports.bookings.get(ids["zhang"])
    svc.bills.request_invoice(Principal(booking.customer_id, chain, "customer"), ids["zhang"], invoice_input(
        {"kind": "company", "title": "上海某某汽车服务有限公司", "tax_id": "91310115MA1H7XXX0A"}))
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    _card(page, ids["zhang"]).locator("button[data-bill]").click()
    rows = _more(page, ids["zhang"]).locator("table.bill tr.bill-invoice")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("发票抬头（单位）上海某某汽车服务有限公司")
    expect(rows.nth(1)).to_contain_text("税号91310115MA1H7XXX0A")
    assert problems == []
