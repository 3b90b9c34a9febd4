"""Call-backs promised at the counter, in a real headless Chromium at 1366x768 through clicks, on a 60-booking
day (docs/product-rules.md#call-back): from a booking's row and from a customer found by the search; a
double-click on the promise makes one task; the task shows on the row with its deadline. Screenshots in
artifacts/call-back-*.png."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.test_console_browser import ARTIFACTS, LAPTOP, _login, _open
from tests.e2e.test_counter_browser import _busy_day, _more, _row
from tests.support.busy_day import name, plate


def _call_backs(svc, chain):
    return [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "call_back"]


def test_call_backs_promised_from_a_row_and_from_a_search_hit(server, svc, chain, browser):
    made, _ = _busy_day(svc, chain)
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)

    # from a booking's row: 回电 → 10 minutes, a note → one task, on the row with its deadline
    booking = made[6]
    _row(page, booking.booking_id).locator("button[data-callback]").click()
    form = _more(page, booking.booking_id).locator('form[data-form="call-back"]')
    form.locator('select[name="within"]').select_option("10")
    form.locator('input[name="note"]').fill("问二保价格")
    page.screenshot(path=str(ARTIFACTS / "call-back-row-1366.png"))
    form.locator("button[type=submit]").dblclick()
    expect(page.locator("#notice")).to_contain_text(f"已记下回电：{name(6)} 截止 08:10")
    expect(_row(page, booking.booking_id).locator(".badge.task")).to_contain_text("已答应客户回电，请按时回电 截止 08:10")
    [task] = _call_backs(svc, chain)
    assert (task.booking_id, task.note) == (booking.booking_id, "问二保价格")

    # from a customer found by the search (a plate fragment): 回电 under the hit, 30 minutes
    wanted = made[9]
    page.locator("#search").press_sequentially(plate(9)[2:6])
    hit = page.locator(f'#search-results .hit[data-hit="{wanted.booking_id}"]')
    expect(hit).to_be_visible()
    hit.locator("button[data-callcustomer]").click()
    promise = page.locator('#search-results form[data-form="call-back-customer"]')
    promise.locator('select[name="within"]').select_option("30")
    page.screenshot(path=str(ARTIFACTS / "call-back-search-1366.png"))
    promise.locator("button[type=submit]").dblclick()
    expect(page.locator("#notice")).to_contain_text(f"已记下回电：{name(9)} 截止 08:30")
    expect(promise).to_have_count(0)
    about_customer = [t for t in _call_backs(svc, chain) if t.booking_id is None]
    assert [(t.customer_name, t.customer_phone) for t in about_customer] == [(name(9), wanted.customer_phone)]
    assert len(_call_backs(svc, chain)) == 2
    assert problems == []


def test_a_late_customers_time_recorded_from_the_row_and_shown_on_it(server, svc, chain, browser):
    made, _ = _busy_day(svc, chain)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)
    booking = made[0]  # 08:30, confirmed; the customer phones: there at 09:00
    before = svc.ports.bookings.get(booking.booking_id).version
    _row(page, booking.booking_id).locator("button[data-late]").click()
    form = _more(page, booking.booking_id).locator('form[data-form="arrival"]')
    form.locator('input[name="time"]').fill("09:00")
    form.locator("button[type=submit]").dblclick()  # a double-click records it once
    expect(page.locator("#notice")).to_contain_text(f"已登记：{name(0)} 预计 09:00 到店")
    badge = _row(page, booking.booking_id).locator(".badge.arrival")
    expect(badge).to_have_text(re.compile(r"预计 09:00 到"))
    assert svc.ports.bookings.get(booking.booking_id).version == before + 1
    page.screenshot(path=str(ARTIFACTS / "late-arrival-row-1366.png"))
    # more than an hour late: refused in Chinese under the row
    _row(page, booking.booking_id).locator("button[data-late]").click()
    form.locator('input[name="time"]').fill("09:45")
    form.locator("button[type=submit]").click()
    expect(_more(page, booking.booking_id).locator(".refusal")).to_have_text("预计到店时间晚于预约时间60分钟以上，请改期")
    assert problems == []
