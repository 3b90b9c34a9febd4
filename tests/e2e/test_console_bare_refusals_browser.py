"""Refusals that come without our body (API Gateway's throttle answers a bare 429, an upstream outage a bare
503) read in Chinese beside the thing refused, in a real headless Chromium at 1366x768, never as "HTTP 429"."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_console_browser import LAPTOP, _login, _open
from tests.e2e.test_counter_browser import _busy_day, _more, _row


@pytest.mark.parametrize("status, wording", [(429, "操作太频繁，请稍等几秒后再试"), (503, "服务暂时不可用，请稍后再试")])
def test_a_bare_gateway_refusal_reads_in_chinese_beside_its_row(server, svc, chain, browser, status, wording):
    made, _ = _busy_day(svc, chain)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)
    booking = made[0]
    before = svc.ports.bookings.get(booking.booking_id).version
    page.route(f"**/staff/bookings/{booking.booking_id}/arrival",
               lambda route: route.fulfill(status=status, body="", headers={"Content-Type": "text/plain"}))
    _row(page, booking.booking_id).locator("button[data-late]").click()
    form = _more(page, booking.booking_id).locator('form[data-form="arrival"]')
    form.locator('input[name="time"]').fill("09:00")
    form.locator("button[type=submit]").click()
    refusal = _more(page, booking.booking_id).locator(".refusal")
    expect(refusal).to_have_text(wording)
    assert "HTTP" not in refusal.inner_text()
    assert svc.ports.bookings.get(booking.booking_id).version == before  # nothing reached the server
    assert problems == []
