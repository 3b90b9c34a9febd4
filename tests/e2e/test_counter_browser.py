"""The counter in a real headless Chromium at 1366x768, through clicks, on a 60-booking day: how many bookings
one screen shows, a search by a plate fragment (one request per keystroke at most), a filter, a phone booking
for a customer on file and for a new one, a double-click on each write button making one write, and a refusal
shown in Chinese under its booking's row. Screenshots in artifacts/counter-*.png."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from chalicelib.domain.booking.lifecycle import Status
from tests.conftest import at
from tests.e2e.test_console_browser import ARTIFACTS, LAPTOP, _login, _no_sideways_scroll, _open
from tests.support.busy_day import busy_store, fill_day, name, phone, plate

DAY = "2026-11-23"  # Monday; the clock reads 08:00 in Shanghai


def _row(page, booking_id):
    return page.locator(f'#plan tr.booking[data-booking="{booking_id}"]')


def _more(page, booking_id):
    return page.locator(f'tr.more-row[data-for="{booking_id}"]')


def _bookings_in_view(page) -> int:
    """Booking rows wholly inside the window, without scrolling."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#plan tr.booking'))
        .filter(r => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= innerHeight; })
        .length""")


def _writes(svc, booking_id) -> int:
    return svc.ports.bookings.get(booking_id).version


def _busy_day(svc, chain):
    mgr = busy_store(svc, chain)
    made = fill_day(svc, mgr, DAY, 60)
    tomorrow = fill_day(svc, mgr, "2026-11-24", 1)[0]
    return made, tomorrow


def _counted(page, fragment: str) -> list[str]:
    """Type `fragment` key by key into the search box; the search requests the page made."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/search?" in r.url else None)
    page.locator("#search").press_sequentially(fragment)
    return asked


def test_a_60_booking_day_at_the_counter(server, svc, chain, browser):
    from chalicelib.domain.floor.tasks import CallTask

    made, tomorrow = _busy_day(svc, chain)
    overdue = made[3]  # confirmed, 10:00: a call about it was due at 07:30
    assert svc.ports.tasks.create(CallTask(chain, "pudong", f"{overdue.booking_id}-call", "unacknowledged",
                                           due_at=at(DAY, "07:30"), created_at=at(DAY, "07:00"),
                                           customer_name=overdue.customer_name, booking_id=overdue.booking_id))
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)
    in_view = _bookings_in_view(page)
    assert in_view >= 25, f"{in_view} bookings in one 1366x768 screen"
    expect(page.locator('#slots .slot-load[data-slot="08:30"]')).to_have_text("08:30 4/5")
    _no_sideways_scroll(page, "60-booking plan")
    page.screenshot(path=str(ARTIFACTS / "counter-plan-60-1366.png"))

    # a filter: one advisor's pending bookings; then only those needing action
    page.select_option("#filter-status", "pending")
    page.select_option("#filter-advisor", "zhou")
    pending_zhou = [b for b in made if b.status is Status.PENDING and b.advisor_id == "zhou"]
    expect(page.locator("#plan tr.booking:visible")).to_have_count(len(pending_zhou))
    expect(page.locator("#plan-summary")).to_contain_text(f"显示 {len(pending_zhou)} / 共 60")
    page.screenshot(path=str(ARTIFACTS / "counter-filter-1366.png"))
    page.select_option("#filter-status", "")
    page.select_option("#filter-advisor", "")
    page.check("#filter-action")  # the pending ones and the one with an overdue call
    expect(page.locator("#plan tr.booking:visible")).to_have_count(sum(b.status is Status.PENDING for b in made) + 1)
    expect(_row(page, overdue.booking_id).locator(".badge.task.sla")).to_contain_text("截止 07:30")
    page.uncheck("#filter-action")

    # a search by a plate fragment, typed without the province character
    wanted = made[17]
    fragment = plate(17)[2:6]
    asked = _counted(page, fragment)
    hit = page.locator(f'#search-results .hit[data-hit="{wanted.booking_id}"]')
    expect(hit).to_be_visible()
    assert 1 <= len(asked) <= len(fragment), asked  # debounced: at most one request per keystroke
    (ARTIFACTS / "counter-metrics.json").write_text(json.dumps(
        {"bookings_in_one_1366x768_screen": in_view, "search_keystrokes": len(fragment), "search_requests": len(asked)}))
    page.screenshot(path=str(ARTIFACTS / "counter-search-1366.png"))
    hit.locator(".plate").click()
    expect(page.locator(f'#plan tr.booking.hit[data-booking="{wanted.booking_id}"]')).to_be_in_viewport()

    # a double-click on each write button makes one write
    target = made[1]  # pending, today at 09:00
    before = _writes(svc, target.booking_id)
    _row(page, target.booking_id).locator('button[data-action="confirm"]').dblclick()
    expect(_row(page, target.booking_id).locator(".badge.status")).to_have_text("已确认")
    assert _writes(svc, target.booking_id) == before + 1
    for action, status in (("check-in", "已到店"), ("start", "维修中"), ("complete", "已完工")):
        before = _writes(svc, target.booking_id)
        _row(page, target.booking_id).locator(f'button[data-action="{action}"]').dblclick()
        expect(_row(page, target.booking_id).locator(".badge.status")).to_have_text(status)
        assert _writes(svc, target.booking_id) == before + 1, action
    cancelled = made[2]
    _row(page, cancelled.booking_id).locator('button[data-action="cancel"]').click()
    before = _writes(svc, cancelled.booking_id)
    _more(page, cancelled.booking_id).locator('form[data-form="cancel"] button[type=submit]').dblclick()
    expect(_row(page, cancelled.booking_id).locator(".badge.status")).to_have_text("已取消")
    assert _writes(svc, cancelled.booking_id) == before + 1

    # the console offers no check-in on tomorrow's booking, and a refusal reads in Chinese under its row
    page.fill("#day", "2026-11-24")
    expect(page.locator("#plan tr.booking")).to_have_count(1)
    expect(page.locator("#app-view")).not_to_have_attribute("aria-busy", "true")
    expect(_row(page, tomorrow.booking_id)).to_be_visible()
    expect(_row(page, tomorrow.booking_id).locator('button[data-action="check-in"]')).to_have_count(0)
    _row(page, tomorrow.booking_id).locator('button[data-action="reschedule"]').click()
    _more(page, tomorrow.booking_id).locator('input[name="time"]').fill("03:00")
    _more(page, tomorrow.booking_id).locator("form button[type=submit]").click()
    refusal = _more(page, tomorrow.booking_id).locator(".refusal")
    expect(refusal).to_have_text("该时间不可预约，请选择列表中的时段")
    expect(page.locator("#error")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "counter-refusal-1366.png"))
    assert problems == []


def test_phone_bookings_for_a_customer_on_file_and_a_new_one(server, svc, chain, browser):
    made, _ = _busy_day(svc, chain)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)

    # on file: the caller's number brings their file and car; a slot with its tier and price; confirm
    clicks = 0
    page.click("#phone-open")
    clicks += 1
    page.locator("#phone-lookup").press_sequentially(phone(5))
    page.locator(f'#phone-found button[data-pickplate="{plate(5)}"]').click()
    clicks += 1
    form = page.locator("#phone-form")
    expect(form.locator('input[name="name"]')).to_have_value(name(5))
    expect(form.locator('input[name="plate"]')).to_have_value(plate(5))
    form.locator('select[name="service_type"]').select_option("repair")
    clicks += 1
    expect(page.locator("#phone-slots")).to_have_attribute("data-service", "repair")
    slot = form.locator(f'#phone-slots button[data-pickslot="{at(DAY, "16:00").isoformat()}"]')
    expect(slot).to_contain_text("¥")
    slot.click()
    clicks += 1
    expect(form.locator('input[name="advisor"]')).not_to_have_value("")  # an advisor proposed
    page.screenshot(path=str(ARTIFACTS / "counter-phone-booking-1366.png"))
    submit = form.locator("button[type=submit]")
    submit.dblclick()  # a double-click books once
    clicks += 1
    expect(page.locator("#notice")).to_contain_text(f"已预约：{name(5)} {DAY} 16:00")
    expect(page.locator("#plan tr.booking")).to_have_count(61)
    theirs = [b for b in svc.ports.bookings.for_store_day(chain, "pudong", at(DAY, "08:00").date())
              if b.plate == plate(5)]
    assert len(theirs) == 2 and {b.service_type for b in theirs} == {made[5].service_type, "repair"}
    assert clicks == 5

    # new: nobody on file for the number; name and car typed in
    page.click("#phone-open")
    page.locator("#phone-lookup").press_sequentially("13011112222")
    expect(page.locator("#phone-found button[data-picknew]")).to_be_visible()
    expect(form.locator('input[name="phone"]')).to_have_value("13011112222")
    form.locator('input[name="name"]').fill("钱多多")
    form.locator('select[name="honorific"]').select_option("女士")
    form.locator('input[name="plate"]').fill("沪Z99999")
    form.locator('input[name="model"]').fill("Model Y")
    form.locator('input[name="mileage"]').fill("1200")
    form.locator('select[name="priority"]').select_option("recall")  # a priority booking, from the same panel
    form.locator(f'#phone-slots button[data-pickslot="{at(DAY, "16:30").isoformat()}"]').click()
    submit.dblclick()
    expect(page.locator("#notice")).to_contain_text(f"已预约：钱多多 {DAY} 16:30")
    expect(page.locator("#plan tr.booking")).to_have_count(62)
    row = page.locator("#plan tr.booking", has_text="沪Z99999")
    expect(row).to_have_count(1)
    expect(row.locator(".badge.status")).to_have_text("待确认")
    expect(row.locator(".badge.priority")).to_have_text("优先：召回")

    # a walk-in registered with a double-click is registered once
    page.click("#walkin-open")
    walk_in = page.locator("#walkin-form")
    for field, value in (("name", "孙悟"), ("phone", "13122223333"), ("plate", "沪Y12121"), ("model", "Passat"),
                         ("mileage", "30500")):
        walk_in.locator(f'input[name="{field}"]').fill(value)
    walk_in.locator("button[type=submit]").dblclick()
    expect(page.locator("#notice")).to_contain_text("已登记到店客户：孙悟")
    expect(page.locator("#walkins li", has_text="沪Y12121")).to_have_count(1)
    assert problems == []
