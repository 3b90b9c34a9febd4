"""The balance paid in the mini-program on the console's bill (docs/product-rules.md#balance-payment, decision
0077): the line 已付尾款 and when it was paid, and a store manager's refund of it (退还小程序支付的尾款)."""
from __future__ import annotations

from dataclasses import replace

from playwright.sync_api import expect

from chalicelib.domain.booking.change import decide
from chalicelib.domain.booking.payment import Deposit, DepositState
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.e2e import test_console_browser as console
from tests.e2e.test_console_browser import LAPTOP, _card, _login, _more, _open

day = console.day  # the fixture: a store-day with bookings


def _paid(svc, booking_id: str, transaction_id: str) -> None:
    """The booking's balance as the mini-program's payment leaves it (paid, 300 yuan)."""
    now = svc.clock.now()
    paid = Deposit(DepositState.PAID, "B1_" + booking_id[-8:], 30_000, now, now, transaction_id=transaction_id,
                   paid_at=now, paid_fen=30_000)
    svc.bills._changes.apply(booking_id, lambda b, s: decide(b, replace(b, balance=paid), s, now))


def _bill_with_a_paid_balance(server, day, svc, browser, transaction_id: str):  # type: ignore[no-untyped-def]
    """zhang checked in, the balance paid in the mini-program, and the console's bill of it open."""
    chain, ids, _ = day
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    svc.staff_ops.act(mgr, ids["zhang"], "check-in")
    _paid(svc, ids["zhang"], transaction_id)
    page, problems = _open(browser, server, LAPTOP)
    _login(page, chain)
    _card(page, ids["zhang"]).locator("button[data-bill]").click()
    return page, _more(page, ids["zhang"]), problems


def test_a_balance_paid_in_the_mini_program_shows_on_the_consoles_bill(server, day, svc, browser):
    """docs/product-rules.md#balance-payment: the line 已付尾款 with WeChat Pay's transaction id, and when it was paid."""
    _, more, problems = _bill_with_a_paid_balance(server, day, svc, browser, "4200000001")
    expect(more.locator('table.bill tr[data-line="balance_paid"]')).to_contain_text("已付尾款：4200000001-300.00")
    expect(more.locator("table.bill tr.bill-balance-paid")).to_contain_text("尾款已于小程序支付")
    expect(more.locator("table.bill tr.bill-balance-paid")).to_contain_text("（4200000001）")
    assert problems == []


def test_a_store_manager_refunds_the_balance_paid_in_the_mini_program_from_the_consoles_bill(server, day, svc, browser):
    """docs/product-rules.md#balance-payment: 退还小程序支付的尾款, confirmed, asks the refund (one intent)."""
    page, more, problems = _bill_with_a_paid_balance(server, day, svc, browser, "4200000002")
    ids = day[1]
    page.once("dialog", lambda dialog: dialog.accept())
    more.locator("button[data-balance-refund]").click()
    expect(more.locator("table.bill tr.bill-balance-refund")).to_contain_text("尾款退款中300.00")
    expect(more.locator("button[data-balance-refund]")).to_have_count(0)
    assert svc.ports.bookings.get(ids["zhang"]).balance.state is DepositState.REFUNDING
    assert [e.kind for e in svc.ports.bookings.get(ids["zhang"]).events].count("balance_refund_asked") == 1
    assert problems == []
