"""The balance (尾款) paid in the mini-program, its pure rules (docs/product-rules.md#balance-payment, decision 0077):
order numbers that name their booking and attempt and never look like a deposit's, the refusals, the bill's
paid line and lock, and the auditor's books over the balance as over the deposit."""
from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.booking import balance
from chalicelib.domain.booking.bill import BALANCE_PAID, bill_of, set_final
from chalicelib.domain.booking.deposits import order_no_of as deposit_order_no
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import Deposit, DepositState
from chalicelib.domain.errors import Conflict
from chalicelib.domain.reporting.deposit_books import deposit_drift
from chalicelib.domain.tenancy.chain import CASHIER, MINI_PROGRAM
from chalicelib.domain.tenancy.store import Store
from tests.conftest import at
from tests.unit.test_change import booking as a_booking

NOW = at("2026-11-23", "12:00")
ORDER = Deposit(DepositState.ORDERED, "B1_b1", 40_000, NOW, NOW + balance.PAY_WITHIN, prepay_id="wx1")


@given(st.uuids(), st.integers(1, 999))
def test_an_order_number_names_its_booking_and_never_a_deposits(uid: uuid.UUID, attempt: int):
    booking_id = "b_" + uid.hex
    order_no = balance.order_no_of(booking_id, attempt)
    assert len(order_no) <= 32 and order_no != deposit_order_no(booking_id)
    assert balance.booking_id_of(order_no) == booking_id
    assert balance.booking_id_of(deposit_order_no(booking_id)) is None
    assert balance.order_no_of(booking_id, attempt + 1) != order_no


def _final(**changes):
    return a_booking(**{"status": Status.COMPLETED, "price_estimate": 40_000, **changes})


@pytest.mark.parametrize(("booking", "mode", "code", "field"), [
    (_final(), CASHIER, "balance_payment_off", "balance_payment"),
    (a_booking(price_estimate=40_000), MINI_PROGRAM, "bill_not_final", "stage"),
    (_final(price_estimate=0), MINI_PROGRAM, "nothing_to_pay", "balance"),
    (_final(balance=replace(ORDER, state=DepositState.PAID, paid_fen=40_000)), MINI_PROGRAM, "balance_paid", "balance"),
])
def test_a_balance_is_refused_naming_why(booking, mode, code, field):
    with pytest.raises(Conflict) as refused:
        balance.payable(booking, bill_of(booking, None), mode, NOW)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_an_open_order_for_the_bills_balance_is_paid_again_an_expired_or_other_one_is_not():
    b = _final(balance=ORDER)
    assert balance.payable(b, bill_of(b, None), MINI_PROGRAM, NOW) == ORDER
    assert balance.payable(b, bill_of(b, None), MINI_PROGRAM, ORDER.due_by) is None
    other = replace(b, balance=replace(ORDER, amount_fen=1))
    assert balance.payable(other, bill_of(other, None), MINI_PROGRAM, NOW) is None


def test_the_paid_balance_is_a_line_of_the_bill_and_locks_the_final_amounts():
    paid = _final(balance=replace(ORDER, state=DepositState.PAID, paid_fen=40_000, transaction_id="4200"))
    bill = bill_of(paid, None)
    assert (bill.lines[-1].kind, bill.lines[-1].fen, bill.lines[-1].what) == (BALANCE_PAID, -40_000, "4200")
    assert (bill.balance_fen, bill.charged_fen) == (0, 40_000)
    with pytest.raises(Conflict) as refused:
        set_final(paid, None, NOW, "staff:wang", 1_000, 0)  # type: ignore[arg-type]
    assert refused.value.code == "bill_paid"
    with pytest.raises(Conflict) as open_order:
        set_final(_final(balance=ORDER), None, NOW, "staff:wang", 1_000, 0)  # type: ignore[arg-type]
    assert open_order.value.code == "balance_order_open"


def test_a_payment_is_recorded_once_and_only_for_the_current_order():
    store = Store("c", "s", "店")
    b = _final(balance=ORDER)
    change = balance.paid(b, store, NOW, "B1_b1", "4200", 40_000)
    assert change is not None and change.after.balance.state is DepositState.PAID
    assert balance.paid(change.after, store, NOW, "B1_b1", "4200", 40_000) is None  # type: ignore[arg-type]
    assert balance.paid(b, store, NOW, "B2_b1", "4201", 40_000) is None  # type: ignore[arg-type]


def test_the_auditor_holds_the_balances_books_as_the_deposits():
    good = _final(balance=replace(ORDER, state=DepositState.PAID, paid_fen=40_000))
    bad = replace(_final(balance=replace(ORDER, paid_fen=40_000)), booking_id="b2")  # open, yet collected
    assert deposit_drift([good, bad]) == {"b2": [
        "balance: ordered: an open order has collected nothing (collected 40000, asked back 0, refunded 0 fen)"]}


def test_the_onboarding_file_sets_the_chains_choice_and_refuses_another_word():
    from chalicelib.domain.errors import ValidationError
    from chalicelib.domain.tenancy import onboarding

    raw = {"chain": {"chain_id": "east", "name": "东方汽车", "mp_appid": "wx0123456789abcdef",
                     "balance_payment": "mini_program"}, "stores": [], "staff": []}
    wanted = onboarding.read(raw, set())
    assert onboarding.chain_of(wanted.chain, None).balance_payment == MINI_PROGRAM
    del raw["chain"]["balance_payment"]
    assert onboarding.chain_of(onboarding.read(raw, set()).chain, None).balance_payment == CASHIER
    with pytest.raises(ValidationError) as refused:
        onboarding.read({**raw, "chain": {**raw["chain"], "balance_payment": "app"}}, set())
    assert refused.value.field == "chain.balance_payment"


def test_the_store_refunds_a_paid_balance_in_full_once_and_the_cashier_takes_the_bill():
    store = Store("c", "s", "店")
    paid = _final(balance=replace(ORDER, state=DepositState.PAID, paid_fen=40_000))
    with pytest.raises(Conflict) as nothing:
        balance.refund(_final(balance=ORDER), store, NOW, "staff:mgr")
    assert nothing.value.code == "balance_not_paid"
    asked = balance.refund(paid, store, NOW, "staff:mgr").after
    assert (asked.balance.state, asked.balance.refund_fen, asked.balance.refund_no) == (
        DepositState.REFUNDING, 40_000, "B1_b1-r")
    assert bill_of(asked, None).balance_fen == 40_000  # no longer paid: the bill asks it again
    with pytest.raises(Conflict) as again:
        balance.payable(asked, bill_of(asked, None), MINI_PROGRAM, NOW)
    assert again.value.code == "balance_refunded"  # at the cashier, not a second payment here
    done = balance.refunded(asked, store, NOW, "B1_b1-r")
    assert done is not None and done.after.balance.refunded_fen == 40_000
    assert balance.refunded(done.after, store, NOW, "B1_b1-r") is None
    assert deposit_drift([done.after]) == {}
    assert set_final(done.after, store, NOW, "staff:wang", 30_000, 0) is not None  # the bill may be corrected again
