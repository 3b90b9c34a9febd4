"""The daily reconciliation of deposits (docs/product-rules.md#deposit-payment): the merchant's trade bill,
downloaded from the stand-in and read through the SDK, held against each booking; a lost notification is caught
up with first, a real disagreement opens one store-manager task on the booking."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.adapters.booking.wechatpay import read_bill
from chalicelib.domain.booking.deposits import order_no_of
from chalicelib.domain.booking.payment import BillRow, DepositState
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.service.conftest import CHAIN
from tests.service.helpers import add_staff
from tests.support.balances import final_bill, taking_balances
from tests.support.deposits import merchant, notify, owner, parts_booking, pay, paying_services

DAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def standin():
    server = WeChatPayStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def account(standin):
    return merchant(standin, "wxtest" + CHAIN)


@pytest.fixture
def svc(clock, standin, account):
    return paying_services(clock, standin, account)


@pytest.fixture
def wang(svc, chain):
    add_staff(svc, chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def paying_chain(svc, chain, account):
    from dataclasses import replace

    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain), wechatpay={"mchid": account.mchid}))


def paid_booking(svc, chain, wang, standin, account, **kw):
    b = parts_booking(svc, wang, **kw)
    svc.deposits.pay(b.booking_id, owner(b), "customer")
    return b, pay(standin, account, order_no_of(b.booking_id))


def test_a_bill_that_agrees_opens_nothing_and_a_lost_notification_is_caught_up(svc, chain, wang, standin, account):
    paying_chain(svc, chain, account)
    agreed, note = paid_booking(svc, chain, wang, standin, account)
    notify(svc, standin, chain, note)
    lost, _ = paid_booking(svc, chain, wang, standin, account, phone="13900139000", plate="沪B12345")
    counts = svc.deposit_reconciliation.run(DAY)
    assert (counts["chains"], counts["mismatches"]) == (1, 0) and counts["orders"] >= 2
    assert svc.ports.bookings.get(lost.booking_id).payment.state is DepositState.PAID
    assert [t.kind for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "deposit_mismatch"] == []
    assert svc.ports.bookings.get(agreed.booking_id).payment.state is DepositState.PAID


def test_a_refund_made_outside_the_product_opens_one_task_for_the_store_manager(svc, chain, wang, standin, account):
    paying_chain(svc, chain, account)
    b, note = paid_booking(svc, chain, wang, standin, account)
    notify(svc, standin, chain, note)
    order_no = order_no_of(b.booking_id)
    standin.ledger.refund(standin.ledger.merchants[account.mchid],  # the chain's finance refunds in WeChat Pay
                          {"out_trade_no": order_no, "out_refund_no": "manual-1",
                           "amount": {"refund": 10_000, "total": 61_800, "currency": "CNY"}})
    standin.ledger.settle(account.mchid, "manual-1")
    assert svc.deposit_reconciliation.run(DAY)["mismatches"] == 1
    [task] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "deposit_mismatch"]
    assert (task.booking_id, task.note) == (b.booking_id, "refunded 10000 fen, booked 0")
    assert task.for_role == "store_manager"
    assert svc.deposit_reconciliation.run(DAY)["mismatches"] == 0  # once per booking and bill day


def test_the_bill_is_read_with_its_backticks_and_without_its_summary():
    text = ("交易时间,商户号,微信订单号,商户订单号,交易状态,应结订单金额,商户退款单号,退款金额\n"
            "`2026-11-22 10:00:00,`1900000109,`4200001,`o1,`SUCCESS,`618.00,`,`0.00\n"
            "`2026-11-22 11:00:00,`1900000109,`4200001,`o1,`REFUND,`0.00,`o1-r1,`618.00\n"
            "总交易单数,应结订单总金额,退款总金额\n`2,`618.00,`618.00\n")
    assert read_bill(text.encode()) == [BillRow("o1", "4200001", "SUCCESS", 61_800), BillRow("o1", "4200001", "REFUND",
                                                                                          61_800)]
    import gzip

    assert read_bill(gzip.compress(text.encode())) == read_bill(text.encode())


def test_a_balance_paid_in_the_mini_program_is_reconciled_as_a_deposit_is(svc, chain, wang, standin, account):
    """docs/product-rules.md#balance-payment: a lost notification caught up with, and a refund made outside the
    product held against the booking's balance, once."""
    paying_chain(svc, chain, account)
    taking_balances(svc, chain)
    b = final_bill(svc, wang)
    customer = svc.ports.bookings.get(b.booking_id).customer_id
    svc.balance_payments.pay_own(Principal(customer, chain, "customer"), b.booking_id)
    order_no = svc.ports.bookings.get(b.booking_id).balance.order_no
    pay(standin, account, order_no)  # its notification is lost
    assert svc.deposit_reconciliation.run(DAY)["mismatches"] == 0
    paid = svc.ports.bookings.get(b.booking_id).balance
    assert (paid.state, paid.paid_fen) == (DepositState.PAID, paid.amount_fen)
    standin.ledger.refund(standin.ledger.merchants[account.mchid],  # the chain's finance refunds in WeChat Pay
                          {"out_trade_no": order_no, "out_refund_no": "manual-b1",
                           "amount": {"refund": 5_000, "total": paid.paid_fen, "currency": "CNY"}})
    standin.ledger.settle(account.mchid, "manual-b1")
    assert svc.deposit_reconciliation.run(DAY)["mismatches"] == 1
    [task] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "deposit_mismatch"]
    assert (task.booking_id, task.note) == (b.booking_id, "refunded 5000 fen, booked 0")
