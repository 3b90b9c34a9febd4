"""The bootstrap operator's first sign-in in the staff console, in a real headless Chromium through clicks only
(docs/product-rules.md#operator-first-login): the one-time password signs in to a change-password form and
nothing else; the new password then opens the console, and signs in afterwards without the form."""
from __future__ import annotations

from playwright.sync_api import expect

from chalicelib.domain.people.staff import PLATFORM_CHAIN
from chalicelib.services.people.operator_bootstrap import OperatorBootstrap
from tests.e2e.test_console_browser import LAPTOP, _open

ONE_TIME = "one-time-Pass-2026-xyz"


def _sign_in(page, password):
    page.fill("#login-chain", PLATFORM_CHAIN)
    page.fill("#login-username", "first-op")
    page.fill("#login-password", password)
    page.click("#login-form button[type=submit]")


def test_the_operator_changes_the_one_time_password_before_anything_else(server, svc, browser):
    OperatorBootstrap(svc.ports.stores, svc.ports.staff, svc.ports.passwords, lambda: ONE_TIME).create("first-op")
    page, problems = _open(browser, server, LAPTOP)
    _sign_in(page, ONE_TIME)
    expect(page.locator("#password-view")).to_be_visible()
    expect(page.locator("#app-view")).to_be_hidden()
    expect(page.locator("#who-name")).to_have_text("平台运营 · 平台运营")
    page.fill("#password-old", ONE_TIME)
    page.fill("#password-new", "operator-own-2026")
    page.click("#password-form button[type=submit]")
    expect(page.locator("#password-view")).to_be_hidden()
    expect(page.locator("#app-view")).to_be_visible()
    assert svc.ports.staff.get(PLATFORM_CHAIN, "first-op").password_change_required is False
    page.click("#logout")
    _sign_in(page, "operator-own-2026")
    expect(page.locator("#app-view")).to_be_visible()
    expect(page.locator("#password-view")).to_be_hidden()
    expect(page.locator("#error")).to_be_hidden()
    assert problems == []
    page.close()
