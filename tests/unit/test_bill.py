"""The bill (docs/product-rules.md#the-bill): labour at the list rate, the segment discount, parts, approved extra
work, the coupon and the deposit paid, line by line; the lines add up to the balance (or a refund due)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import money
from chalicelib.domain.booking.bill import (
    COUPON,
    DEPOSIT,
    DISCOUNT,
    ESTIMATE,
    EXTRA,
    FINAL,
    LABOUR,
    PARTS,
    bill_of,
    final_amounts,
    final_charged_fen,
    set_final,
)
from chalicelib.domain.booking.extra_items import APPROVED, DECLINED, PROPOSED, ExtraItem
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import Deposit, DepositState
from chalicelib.domain.errors import Conflict
from chalicelib.domain.tenancy.plan import PriceItem
from chalicelib.domain.tenancy.store import Store
from tests.conftest import at
from tests.unit.test_change import booking as a_booking

STORE = replace(Store("c", "s", "店", capacity_per_slot=3, labour_hours={"pm": 8.0}),
                price_list={"maintenance": PriceItem(2.0, 18_000, 42_000)})  # labour 360.00, parts 420.00
NOW = at("2026-11-24", "12:00")


def item(n: int, status: str, price: int) -> ExtraItem:
    return ExtraItem(f"x{n}", f"项目{n}", "磨损", 1.0, "", price, 30, at("2026-11-24", "10:30"), "staff:chen",
                     status=status)


def paid(fen: int, refund: int = 0) -> Deposit:
    return Deposit(DepositState.PAID, "o1", fen, NOW, NOW, paid_fen=fen, refund_fen=refund)


def listed(**changes: object) -> object:
    """A booking quoted from the price list at 15 % off labour: 360.00 − 54.00 + 420.00 = 726.00."""
    return a_booking(**{"discount": 0.15, "price_estimate": 72_600, **changes})


def amounts(bill) -> list[tuple[str, int]]:
    return [(line.kind, line.fen) for line in bill.lines]


def test_an_estimate_lists_labour_the_discount_parts_approved_extra_coupon_and_deposit():
    booking = listed(price_estimate=72_600 - 5_000, coupon_fen=5_000, payment=paid(30_000),
                     extra_work=(item(1, APPROVED, 68_000), item(2, DECLINED, 9_000), item(3, PROPOSED, 7_000)))
    bill = bill_of(booking, STORE)
    assert bill.stage == ESTIMATE
    assert amounts(bill) == [(LABOUR, 36_000), (DISCOUNT, -5_400), (PARTS, 42_000), (EXTRA, 68_000),
                             (COUPON, -5_000), (DEPOSIT, -30_000)]
    assert bill.lines[3].what == "项目1" and bill.lines[3].item_id == "x1"
    assert (bill.charged_fen, bill.balance_fen, bill.refund_fen) == (135_600, 105_600, 0)


def test_the_advisors_own_price_is_one_labour_line_without_a_discount():
    bill = bill_of(listed(price_estimate=50_000, coupon_fen=2_000), STORE)
    assert amounts(bill) == [(LABOUR, 52_000), (DISCOUNT, 0), (PARTS, 0), (COUPON, -2_000), (DEPOSIT, 0)]
    assert bill.balance_fen == 50_000


def test_a_booking_without_a_price_has_an_unpriced_bill():
    bill = bill_of(a_booking(), STORE)
    assert not bill.priced and bill.balance_fen == 0


def test_once_completed_the_bill_is_final_with_the_amounts_staff_set():
    booking = listed(status=Status.COMPLETED)
    change = set_final(booking, STORE, NOW, "staff:wang", 40_000, 10_000)
    assert change is not None
    after = change.after
    assert final_amounts(after) is not None and after.version == booking.version + 1
    bill = bill_of(after, STORE)
    assert bill.stage == FINAL
    assert amounts(bill)[:3] == [(LABOUR, 40_000), (DISCOUNT, -6_000), (PARTS, 10_000)]
    assert final_charged_fen(after) == 44_000
    assert set_final(after, STORE, NOW, "staff:wang", 40_000, 10_000) is None  # the same amounts again: no change


def test_a_deposit_more_than_the_bill_leaves_a_refund_due_and_no_balance():
    bill = bill_of(listed(status=Status.COMPLETED, payment=paid(100_000)), STORE)
    assert (bill.balance_fen, bill.refund_fen) == (0, 27_400)


def test_only_the_deposit_kept_counts():
    bill = bill_of(listed(payment=paid(30_000, refund=30_000)), STORE)
    assert dict(amounts(bill))[DEPOSIT] == 0


def test_the_final_amounts_wait_for_the_customer_to_come():
    with pytest.raises(Conflict):
        set_final(listed(), STORE, NOW, "staff:wang", 40_000, 10_000)


def test_a_job_not_completed_has_no_final_revenue():
    assert final_charged_fen(listed(status=Status.IN_SERVICE)) is None
    assert final_charged_fen(listed(status=Status.COMPLETED, extra_work=(item(1, APPROVED, 1_000),))) == 73_600


@given(labour=st.integers(0, 500_000), parts=st.integers(0, 500_000), discount=st.sampled_from([0.0, 0.1, 0.15, 0.3]),
       coupon=st.integers(0, 100_000), deposit=st.integers(0, 500_000), final=st.booleans(),
       extras=st.lists(st.tuples(st.sampled_from([PROPOSED, APPROVED, DECLINED]), st.integers(1, 200_000)),
                       max_size=6))
def test_the_lines_add_up_to_the_balance_and_only_approved_extra_work_is_billed(labour, parts, discount, coupon,
                                                                               deposit, final, extras):
    work = tuple(item(n, status, price) for n, (status, price) in enumerate(extras, 1))
    booking = a_booking(status=Status.COMPLETED, discount=discount, price_estimate=labour, coupon_fen=coupon or None,
                        payment=paid(deposit) if deposit else None, extra_work=work)
    if final:
        booking = set_final(booking, STORE, NOW, "staff:wang", labour, parts).after  # type: ignore[union-attr]
    bill = bill_of(booking, STORE)
    assert sum(line.fen for line in bill.lines) == bill.balance_fen - bill.refund_fen
    assert min(bill.balance_fen, bill.refund_fen) == 0
    billed = [line.item_id for line in bill.lines if line.kind == EXTRA]
    assert billed == [i.item_id for i in work if i.status == APPROVED]
    assert sum(line.fen for line in bill.lines if line.kind == EXTRA) == sum(p for s, p in extras if s == APPROVED)
    assert bill.charged_fen >= 0 and dict(amounts(bill))[DEPOSIT] == -deposit


@given(hours=st.sampled_from([0.5, 1.0, 2.0, 3.5]), rate=st.integers(0, 50_000), parts=st.integers(0, 300_000),
       discount=st.sampled_from([0.0, 0.1, 0.15, 0.3]), coupon=st.integers(0, 100_000), own_price=st.booleans(),
       extra=st.integers(0, 100_000))
def test_an_estimate_adds_up_to_the_price_the_customer_was_told_plus_approved_extra_work(hours, rate, parts, discount,
                                                                                        coupon, own_price, extra):
    store = replace(STORE, price_list={"maintenance": PriceItem(hours, rate, parts)})
    listed_total = money.discounted(money.times(rate, hours), discount) + parts
    told = max(listed_total - coupon, 0) if not own_price else coupon + rate  # as requote, or the advisor's
    work = (item(1, APPROVED, extra),) if extra else ()
    bill = bill_of(a_booking(discount=discount, price_estimate=told, coupon_fen=coupon or None, extra_work=work), store)
    assert bill.charged_fen == told + extra
