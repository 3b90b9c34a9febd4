"""The deposit's states (domain/booking/deposits.py, docs/product-rules.md#deposit-payment): each WeChat Pay
answer recorded once, refunds per who cancelled and when, and the books against what WeChat Pay says moved."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.booking import deposits
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.decisions import release
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import Deposit, DepositState
from chalicelib.domain.errors import Conflict
from chalicelib.domain.tenancy.store import Store

TZ = ZoneInfo("Asia/Shanghai")
STORE = Store("c", "s", "店", capacity_per_slot=3)
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=TZ)


def booking(**changes: object) -> Booking:
    base = Booking("b_" + "a" * 32, "c", "s", "cust", Status.PENDING, None, None, "repair", "normal", 0.0, "phone",
                   "张伟", "13800138000", "沪A12345", "Mazda 6", 1000, 1.0, parts_status="waiting",
                   parts_estimate_fen=123_457, deposit_fen=61_800)
    return replace(base, **changes)


def ordered() -> Booking:
    change = deposits.ordered(booking(), STORE, NOW, "wx-prepay", "customer:cust")
    assert change is not None
    return change.after


def paid() -> Booking:
    change = deposits.paid(ordered(), STORE, NOW + timedelta(minutes=5), "4200-1", 61_800)
    assert change is not None
    return change.after


def test_an_order_is_recorded_once_and_payable_until_its_half_hour_is_over():
    b = ordered()
    assert (b.payment.state, b.payment.amount_fen, b.payment.due_by) == (DepositState.ORDERED, 61_800,
                                                                         NOW + timedelta(minutes=30))
    assert b.payment.order_no == "a" * 32 and deposits.booking_id_of(b.payment.order_no) == b.booking_id
    assert deposits.ordered(b, STORE, NOW, "wx-other", "customer:cust") is None  # a concurrent request's
    assert deposits.payable(b, NOW + timedelta(minutes=29)) == b.payment
    with pytest.raises(Conflict) as late:
        deposits.payable(b, NOW + timedelta(minutes=30))
    assert late.value.code == "deposit_not_payable"


@pytest.mark.parametrize("changes", [{"deposit_fen": None}, {"deposit_fen": 0}, {"status": Status.CANCELLED},
                                     {"start": NOW + timedelta(days=3)}, {"parts_status": None}])
def test_no_deposit_is_due_without_one_recorded_or_on_a_closed_or_scheduled_booking(changes):
    with pytest.raises(Conflict) as refused:
        deposits.payable(booking(**changes), NOW)
    assert refused.value.code == "deposit_not_due"


def test_a_payment_is_recorded_once_whatever_the_number_of_notifications():
    b = paid()
    assert (b.payment.state, b.payment.paid_fen, b.payment.transaction_id) == (DepositState.PAID, 61_800, "4200-1")
    assert deposits.paid(b, STORE, NOW + timedelta(minutes=6), "4200-1", 61_800) is None
    assert deposits.paid(booking(), STORE, NOW, "4200-1", 61_800) is None  # no order of ours


def test_a_payment_arriving_for_a_cancelled_booking_is_refunded_in_full():
    cancelled = replace(ordered(), status=Status.CANCELLED)
    change = deposits.paid(cancelled, STORE, NOW + timedelta(minutes=5), "4200-1", 61_800)
    assert change is not None
    assert (change.after.payment.state, change.after.payment.refund_fen) == (DepositState.REFUNDING, 61_800)


def test_a_store_cancellation_refunds_in_full_a_customers_per_the_policy():
    b = replace(paid(), start=NOW + timedelta(hours=10), end=NOW + timedelta(hours=11))
    assert deposits.refund_for_cancel(b, NOW, by_store=True, retained_percent=30).refund_fen == 61_800
    assert deposits.refund_for_cancel(b, NOW, by_store=False, retained_percent=30).refund_fen == 61_800 - 18_540
    assert deposits.refund_for_cancel(b, NOW, by_store=False).refund_fen == 61_800  # the default keeps nothing
    early = replace(b, start=NOW + timedelta(hours=24))
    assert deposits.refund_for_cancel(early, NOW, by_store=False, retained_percent=30).refund_fen == 61_800
    assert deposits.refund_for_cancel(b, NOW, by_store=False, retained_percent=100) is None  # all kept
    assert deposits.refund_for_cancel(ordered(), NOW, by_store=True) is None  # nothing paid


def test_cancelling_asks_the_refund_in_the_same_change_and_a_no_show_keeps_the_deposit():
    cancelled = release(paid(), STORE, NOW, "cancel", "staff:wang", "配件停产", tell="booking_cancelled")
    assert cancelled.after.payment.state is DepositState.REFUNDING
    own = release(paid(), STORE, NOW, "cancel", "customer:cust", own=True)
    assert own.after.payment.refund_fen == 61_800  # waiting for parts: no start, a full refund
    assert release(paid(), STORE, NOW, "no_show", "system").after.payment.state is DepositState.PAID


def test_a_refund_is_confirmed_once_and_only_its_own():
    refunding = release(paid(), STORE, NOW, "cancel", "staff:wang", tell="booking_cancelled").after
    assert deposits.refunded(refunding, STORE, NOW, "other-r1") is None
    done = deposits.refunded(refunding, STORE, NOW, refunding.payment.refund_no)
    assert done is not None and (done.after.payment.state, done.after.payment.refunded_fen) == (DepositState.REFUNDED,
                                                                                                61_800)
    assert deposits.refunded(done.after, STORE, NOW, refunding.payment.refund_no) is None


def test_an_unpaid_order_is_closed_only_after_its_half_hour():
    b = ordered()
    assert deposits.closed_unpaid(b, STORE, NOW + timedelta(minutes=29), None) is None
    closed = deposits.closed_unpaid(b, STORE, NOW + timedelta(minutes=30), None)
    assert closed is not None and closed.after.payment.state is DepositState.CLOSED
    assert deposits.closed_unpaid(paid(), STORE, NOW + timedelta(hours=1), None) is None


def test_the_books_are_held_against_what_wechat_pay_says_moved():
    payment = Deposit(DepositState.REFUNDED, "o1", 61_800, NOW, NOW, paid_fen=61_800, refund_no="o1-r1",
                      refund_fen=61_800, refunded_fen=61_800)
    assert deposits.mismatches(payment, 61_800, 61_800) == []
    assert deposits.mismatches(payment, 61_800, 0) == ["refunded 0 fen, booked 61800"]
    assert deposits.mismatches(None, 61_800, 0) == ["collected 61800 fen, booked 0"]
    assert deposits.mismatches(replace(payment, refund_fen=70_000, refunded_fen=70_000), 61_800, 70_000) == [
        "refunds 70000 fen asked of 61800 collected"]
