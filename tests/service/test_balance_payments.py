"""The balance (尾款) paid in the mini-program (docs/product-rules.md#balance-payment, decision 0077), through the
real SDK against the stand-in: an order left unpaid past WeChat Pay's 30 minutes is closed and a new one made under
a new number; staff changing the bill close the open order first, and one paid meanwhile is recorded and the change
refused."""
from __future__ import annotations

import pytest

from chalicelib.domain.booking import balance
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.errors import Conflict
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.service.conftest import CHAIN
from tests.service.helpers import add_staff
from tests.support.balances import final_bill, taking_balances
from tests.support.deposits import merchant, pay, paying_services


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
    taking_balances(svc, chain)
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def _customer(svc, booking_id: str) -> Principal:
    b = svc.ports.bookings.get(booking_id)
    return Principal(b.customer_id, b.chain_id, "customer")


def test_an_order_unpaid_past_its_time_is_closed_and_a_new_one_made(svc, chain, wang, standin, account):
    b = final_bill(svc, wang)
    first = svc.balance_payments.pay_own(_customer(svc, b.booking_id), b.booking_id)
    first_no = svc.ports.bookings.get(b.booking_id).balance.order_no
    assert first_no == balance.order_no_of(b.booking_id, 1)
    svc.clock.advance(minutes=31)
    again = svc.balance_payments.pay_own(_customer(svc, b.booking_id), b.booking_id)
    after = svc.ports.bookings.get(b.booking_id)
    assert after.balance.order_no == balance.order_no_of(b.booking_id, 2)
    assert standin.ledger.order(account.mchid, first_no).state == "CLOSED"
    assert again["payment"]["package"] != first["payment"]["package"]
    assert [e.kind for e in after.events if e.kind.startswith("balance_")] == [
        "balance_ordered", "balance_closed", "balance_ordered"]


def test_a_bill_change_closes_the_open_order_and_one_paid_meanwhile_locks_the_bill(svc, chain, wang, standin,
                                                                                    account):
    b = final_bill(svc, wang)
    svc.balance_payments.pay_own(_customer(svc, b.booking_id), b.booking_id)
    order_no = svc.ports.bookings.get(b.booking_id).balance.order_no
    pay(standin, account, order_no)  # paid in WeChat; the notification has not come yet
    with pytest.raises(Conflict) as refused:
        svc.bills.set_final(wang, b.booking_id, 50_000, 28_550)
    assert (refused.value.code, refused.value.field) == ("bill_paid", "bill")
    after = svc.ports.bookings.get(b.booking_id)
    assert (after.balance.state, after.balance.paid_fen) == (DepositState.PAID, after.balance.amount_fen)
    assert svc.bills.of(after).balance_fen == 0
