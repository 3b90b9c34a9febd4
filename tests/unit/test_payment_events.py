"""A deposit's change tells the chain's webhooks (docs/product-rules.md#webhooks): payment.succeeded when WeChat Pay
collected it, payment.refunded when a refund was confirmed; nothing for an order asked or a refund only asked."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from chalicelib.domain.booking.change import BookingChange
from chalicelib.domain.booking.events import events_of
from chalicelib.domain.booking.payment import Deposit, DepositState
from tests.conftest import at
from tests.unit.test_change import booking as a_booking

ORDERED = Deposit(DepositState.ORDERED, "dp_1", 61_800, at("2026-11-23", "09:00"), at("2026-11-23", "09:30"))


def _types(before, after):
    now = at("2026-11-23", "09:10")
    return [(e.type, e.data.get("paid_fen"), e.data.get("refunded_fen"))
            for e in events_of(BookingChange(before, replace(after, version=after.version + 1), now))
            if e.type.startswith("payment.")]


def test_a_deposit_collected_and_a_refund_confirmed_each_tell_once():
    booking = a_booking()
    ordered = replace(booking, payment=ORDERED)
    paid = replace(ordered, payment=replace(ORDERED, state=DepositState.PAID, paid_fen=61_800,
                                            paid_at=at("2026-11-23", "09:05")))
    refunding = replace(paid, payment=replace(paid.payment, state=DepositState.REFUNDING, refund_no="rf_1",
                                              refund_fen=61_800))
    refunded = replace(refunding, payment=replace(refunding.payment, state=DepositState.REFUNDED, refunded_fen=61_800))
    assert _types(booking, ordered) == []
    assert _types(ordered, paid) == [("payment.succeeded", 61_800, 0)]
    assert _types(paid, refunding) == []  # asked, not yet confirmed
    assert _types(refunding, refunded) == [("payment.refunded", 61_800, 61_800)]
    assert _types(refunded, replace(refunded, start=refunded.start + timedelta(hours=1) if refunded.start else None)) == []


def test_the_event_says_which_payment_a_deposit_or_the_balance():
    booking = a_booking()
    deposit = replace(booking, payment=replace(ORDERED, state=DepositState.PAID, paid_fen=61_800))
    ordered = replace(deposit, balance=replace(ORDERED, order_no="B1-x", amount_fen=20_000))
    paid = replace(ordered, balance=replace(ordered.balance, state=DepositState.PAID, paid_fen=20_000,
                                            transaction_id="4200000001"))
    now = at("2026-11-23", "09:10")
    told = [(e.type, e.data["payment"], e.data["paid_fen"]) for e in events_of(BookingChange(
        ordered, replace(paid, version=paid.version + 1), now)) if e.type.startswith("payment.")]
    assert told == [("payment.succeeded", "balance", 20_000)]
    assert [e.data["payment"] for e in events_of(BookingChange(booking, replace(deposit, version=1), now))
            if e.type.startswith("payment.")] == ["deposit"]
