"""Deposits paid by WeChat Pay (docs/product-rules.md#deposit-payment, decision 0062), through the real SDK
against the stand-in: the order, the signed and encrypted notification applied once, the query on demand, the
close of an order unpaid after 30 minutes that cancels the parts request, and refunds followed until confirmed."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.deposits import order_no_of
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.errors import Conflict, NotFound, Unauthorized
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.service.conftest import CHAIN
from tests.service.helpers import add_staff, sent
from tests.support.deposits import merchant, notify, owner, parts_booking, pay, paying_services, settle


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
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def ordered(svc, booking):
    return svc.deposits.pay(booking.booking_id, owner(booking), f"customer:{booking.customer_id}")


def test_the_deposit_is_ordered_once_and_the_signed_notification_applied_once(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    first = ordered(svc, b)
    assert first["deposit"]["state"] == "ordered" and first["deposit"]["amount_fen"] == 61_800
    assert first["payment"]["package"].startswith("prepay_id=") and first["payment"]["signType"] == "RSA"
    assert ordered(svc, b)["payment"]["package"] == first["payment"]["package"]  # the same order, not a second
    paid = pay(standin, account, order_no_of(b.booking_id))
    notify(svc, standin, chain, paid)
    after = svc.ports.bookings.get(b.booking_id)
    assert (after.payment.state, after.payment.paid_fen) == (DepositState.PAID, 61_800)
    notify(svc, standin, chain, paid)  # WeChat Pay retries: nothing more happens
    assert svc.ports.bookings.get(b.booking_id).version == after.version
    with pytest.raises(Conflict) as again:
        ordered(svc, b)
    assert again.value.code == "deposit_not_payable"


def test_a_notification_for_another_chain_or_forged_is_refused(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    paid = pay(standin, account, order_no_of(b.booking_id))
    with pytest.raises(NotFound):
        notify(svc, standin, "another-chain", paid)
    with pytest.raises(Unauthorized):
        notify(svc, standin, chain, {"body": paid["body"].replace("TRANSACTION", "TRANSACTION "),
                                     "headers": paid["headers"]})
    assert svc.ports.bookings.get(b.booking_id).payment.state is DepositState.ORDERED


def test_a_query_on_demand_records_a_payment_whose_notification_never_came(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    assert svc.deposits.refresh(b.booking_id).payment.state is DepositState.ORDERED
    pay(standin, account, order_no_of(b.booking_id))  # the notification is lost
    assert svc.deposits.refresh(b.booking_id, owner(b)).payment.state is DepositState.PAID


def test_unpaid_after_30_minutes_the_order_is_closed_and_the_parts_request_cancelled(svc, chain, wang, clock, standin,
                                                                                    account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    clock.advance(minutes=29)
    assert svc.deposits.close_unpaid(b.booking_id).payment.state is DepositState.ORDERED
    clock.advance(minutes=1)
    closed = svc.deposits.close_unpaid(b.booking_id)
    assert (closed.status, closed.payment.state) == (Status.CANCELLED, DepositState.CLOSED)
    assert [e.note for e in closed.events if e.kind == "cancelled"] == ["deposit_unpaid"]
    assert standin.ledger.query(account.mchid, order_no_of(b.booking_id))["trade_state"] == "CLOSED"
    assert svc.deposits.close_unpaid(b.booking_id).version == closed.version  # once


def test_the_customer_is_told_when_the_unpaid_deposit_cancels_the_parts_request(svc, chain, wang, clock):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    clock.advance(minutes=30)
    before = len(sent(svc))
    closed = svc.deposits.close_unpaid(b.booking_id)
    assert closed.status is Status.CANCELLED
    [told] = sent(svc)[before:]
    assert told.template_id == "sms-deposit_unpaid"
    assert "沪A12345" in told.data and "订金" in told.data and "未订货" in told.data
    svc.deposits.close_unpaid(b.booking_id)
    assert len(sent(svc)) == before + 1  # once


def test_the_nightly_auditor_holds_each_deposits_books_and_flags_a_broken_one(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)  # waiting for its parts: on no store-day, on the store's waiting list
    ordered(svc, b)
    notify(svc, standin, chain, pay(standin, account, order_no_of(b.booking_id)))
    refund_no = svc.staff_ops.act(wang, b.booking_id, "cancel", staff_requests.staff_action({"note": "配件停产"})) \
        .payment.refund_no
    notify(svc, standin, chain, settle(standin, account, refund_no))
    assert svc.auditor.nightly()["drift"] == 0
    state = svc.ports.bookings._state  # a refund confirmed for less than was asked: 61,800 collected, 30,000 back
    with state.lock:
        stored = state.bookings[b.booking_id]
        stored.booking = replace(stored.booking, payment=replace(stored.booking.payment, refunded_fen=30_000))
    assert svc.auditor.nightly()["drift"] == 1


def test_an_order_paid_just_before_its_close_is_recorded_paid_not_cancelled(svc, chain, wang, clock, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    pay(standin, account, order_no_of(b.booking_id))  # paid at 29:59, its notification still on its way
    clock.advance(minutes=30)
    after = svc.deposits.close_unpaid(b.booking_id)
    assert (after.status, after.payment.state) == (Status.PENDING, DepositState.PAID)


def test_a_store_cancellation_refunds_in_full_and_is_followed_until_confirmed(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    notify(svc, standin, chain, pay(standin, account, order_no_of(b.booking_id)))
    cancelled = svc.staff_ops.act(wang, b.booking_id, "cancel", staff_requests.staff_action({"note": "配件停产"}))
    payment = cancelled.payment
    assert (payment.state, payment.refund_fen, payment.refunded_fen) == (DepositState.REFUNDING, 61_800, 0)
    assert standin.ledger.find_refund(account.mchid, payment.refund_no).status == "PROCESSING"  # asked at once
    assert svc.deposits.refresh(b.booking_id).payment.state is DepositState.REFUNDING  # not yet through
    notify(svc, standin, chain, settle(standin, account, payment.refund_no))
    done = svc.ports.bookings.get(b.booking_id).payment
    assert (done.state, done.refunded_fen) == (DepositState.REFUNDED, 61_800)
    assert standin.ledger.money()[payment.order_no] == {"collected": 61_800, "refunded": 61_800}


def test_a_refund_that_never_reached_wechat_pay_is_asked_again_by_the_query(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    notify(svc, standin, chain, pay(standin, account, order_no_of(b.booking_id)))
    svc.ports.payments.down = True  # WeChat Pay unreachable as the cancellation commits
    cancelled = svc.booking.cancel_own(Principal(b.customer_id, b.chain_id, "customer"), b.booking_id)
    assert cancelled.payment.state is DepositState.REFUNDING
    assert (account.mchid, cancelled.payment.refund_no) not in standin.ledger.refunds
    svc.ports.payments.down = False
    assert svc.deposits.refresh(b.booking_id).payment.state is DepositState.REFUNDING
    assert standin.ledger.find_refund(account.mchid, cancelled.payment.refund_no).refund == 61_800  # asked now


def test_money_paid_for_a_booking_cancelled_meanwhile_goes_back_in_full(svc, chain, wang, standin, account):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    paid = pay(standin, account, order_no_of(b.booking_id))
    svc.staff_ops.act(wang, b.booking_id, "cancel", staff_requests.staff_action({"note": "客户改主意"}))
    notify(svc, standin, chain, paid)
    after = svc.ports.bookings.get(b.booking_id)
    assert (after.status, after.payment.state, after.payment.refund_fen) == (Status.CANCELLED, DepositState.REFUNDING,
                                                                             61_800)
    assert standin.ledger.find_refund(account.mchid, after.payment.refund_no).refund == 61_800


def test_the_close_of_an_unpaid_order_is_queued_with_the_order_and_comes_back_until_due(svc, chain, wang, clock):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    svc.ports.queue.release_delayed()  # 15 minutes later (SQS's longest delay): not due yet, queued again
    clock.advance(minutes=15)
    svc.fanout.drain()
    assert svc.ports.bookings.get(b.booking_id).payment.state is DepositState.ORDERED
    clock.advance(minutes=15)
    svc.ports.queue.release_delayed()
    svc.fanout.drain()
    after = svc.ports.bookings.get(b.booking_id)
    assert (after.status, after.payment.state) == (Status.CANCELLED, DepositState.CLOSED)
    assert svc.ports.queue.depth("checks") == 0


def test_the_customers_query_past_the_due_moment_closes_the_order(svc, chain, wang, clock):
    b = parts_booking(svc, wang)
    ordered(svc, b)
    clock.advance(minutes=31)
    assert svc.deposits.refresh_own(Principal(b.customer_id, b.chain_id, "customer"), b.booking_id)["deposit"][
        "state"] == "closed"


def test_a_customers_late_cancellation_keeps_the_chains_retained_percent(svc, chain, wang, standin, account, clock):
    from dataclasses import replace as changed

    from tests.conftest import at

    svc.ports.stores.put_chain(changed(svc.ports.stores.get_chain(chain), wechatpay={"retained_percent": "30"}))
    b = parts_booking(svc, wang)
    ordered(svc, b)
    notify(svc, standin, chain, pay(standin, account, order_no_of(b.booking_id)))
    svc.staff_ops.act(wang, b.booking_id, "parts-arrived")
    svc.staff_ops.reschedule(wang, b.booking_id, at("2026-11-24", "14:00"))  # the parts came: a time tomorrow
    clock.set(at("2026-11-24", "09:00"))  # five hours before it, the customer cancels
    cancelled = svc.booking.cancel_own(Principal(b.customer_id, b.chain_id, "customer"), b.booking_id)
    assert (cancelled.payment.state, cancelled.payment.refund_fen) == (DepositState.REFUNDING, 61_800 - 18_540)
