"""The customer's file in a real headless Chromium at 1366x768 through clicks, on the 60-booking day
(docs/product-rules.md#customer-file): opened from a search hit; the leftovers edited (a double-click saves once)
and shown in the trail; carried into a phone booking's description. Screenshot in artifacts/customer-file-1366.png."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_console_browser import ARTIFACTS, LAPTOP, _login, _open
from tests.e2e.test_counter_browser import _busy_day
from tests.support.busy_day import name, plate


def test_the_customers_file_from_a_search_hit_edited_and_carried_into_a_booking(server, svc, chain, browser):
    made, _ = _busy_day(svc, chain)
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    expect(page.locator("#plan tr.booking")).to_have_count(60)
    wanted = made[12]
    page.locator("#search").press_sequentially(plate(12)[2:6])
    hit = page.locator(f'#search-results .hit[data-hit="{wanted.booking_id}"]')
    expect(hit).to_be_visible()
    hit.locator("button[data-filecustomer]").click()
    panel = page.locator("#customer-file")
    expect(panel).to_be_visible()
    expect(panel.locator("h3")).to_have_text(f"客户档案：{name(12)} {wanted.customer_phone}")
    expect(panel.locator("section.file-part", has_text="车辆")).to_contain_text(plate(12))
    expect(panel.locator("section.file-part", has_text="到店记录")).to_contain_text("2026-11-23")
    panel.locator('textarea[name="leftovers"]').fill("左前轮胎磨损，建议下次更换")
    panel.locator('input[name="address"]').fill("浦东新区张江路1号")
    panel.locator('form[data-form="file-edit"] button[type=submit]').dblclick()
    expect(page.locator("#notice")).to_contain_text(f"已保存客户档案：{name(12)}")
    trail = panel.locator("section.file-part", has_text="修改记录")
    expect(trail.locator("li")).to_have_count(2)  # two fields, saved once
    expect(trail).to_contain_text("mgr 修改上次遗留项目：空 → 左前轮胎磨损，建议下次更换")
    page.screenshot(path=str(ARTIFACTS / "customer-file-1366.png"))
    panel.locator("button[data-carry]").click()
    form = page.locator("#phone-form")
    expect(form).to_be_visible()
    expect(form.locator('input[name="description"]')).to_have_value("上次遗留：左前轮胎磨损，建议下次更换")
    expect(form.locator('input[name="plate"]')).to_have_value(plate(12))
    assert problems == []


def test_imported_dms_visits_in_the_file_and_the_leftovers_on_the_next_bookings_row(server, svc, chain, browser):
    """The file lists a service imported from the DMS as such (decision 0060); the day plan's row of the
    customer's booking carries the file's leftovers and notes (decision 0061)."""
    from chalicelib.domain.people.staff import Role, StaffAccess

    made, _ = _busy_day(svc, chain)
    wanted = made[12]
    cells = {"plate": plate(12), "model": "迈腾", "name": name(12), "phone": wanted.customer_phone,
             "service_date": "2026-04-15", "mileage": "30000", "jobs": "大保养"}
    assert svc.dms_import.record(chain, "pudong", cells)["outcome"] == "imported"
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.customer_files.edit(mgr, "pudong", wanted.customer_id, {"leftovers": "左前轮胎磨损", "notes": "只接受上午来电"})
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    row = page.locator(f'#plan tr.booking[data-booking="{wanted.booking_id}"]')
    expect(row).to_contain_text("上次遗留：左前轮胎磨损")
    expect(row).to_contain_text("备注：只接受上午来电")
    expect(page.locator("#plan .badge.carried")).to_have_count(2)  # no other customer's file holds anything
    page.locator("#search").press_sequentially(plate(12)[2:6])
    hit = page.locator(f'#search-results .hit[data-hit="{wanted.booking_id}"]')
    hit.locator("button[data-filecustomer]").click()
    panel = page.locator("#customer-file")
    visits = panel.locator("section.file-part", has_text="到店记录")
    expect(visits).to_contain_text(f"2026-04-15 {plate(12)} 30000公里 大保养（DMS导入）")
    expect(panel.locator("section.file-part", has_text="车辆")).to_contain_text("（含DMS记录）")
    assert problems == []
