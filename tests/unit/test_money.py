"""Money in fen: labour × rate and the off-peak discount rounded half-up to the fen, yuan at the edge."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain import money
from chalicelib.domain.booking.quote import quote
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.tenancy.plan import PriceItem
from chalicelib.domain.tenancy.store import Store

MAINTENANCE = PriceItem(labour_hours=2.0, hourly_rate=18_000, parts=35_000)
STORE = Store("c", "s", "店", price_list={"maintenance": MAINTENANCE})


def test_the_demo_maintenance_quote_full_price_and_in_a_recommended_slot():
    full, off_peak = quote(STORE, "maintenance", 0.0), quote(STORE, "maintenance", 0.15)
    assert full is not None and off_peak is not None
    assert (full.labour, full.parts, full.total, money.yuan(full.total)) == (36_000, 35_000, 71_000, "710.00")
    assert (off_peak.labour_due, off_peak.saving, money.yuan(off_peak.total)) == (30_600, 5_400, "656.00")


def test_the_discount_is_on_labour_only():
    parts_only = Store("c", "s", "店", price_list={"maintenance": PriceItem(0.0, 18_000, 35_000)})
    found = quote(parts_only, "maintenance", 0.15)
    assert found is not None and found.total == 35_000


def test_no_listed_price_no_quote():
    assert quote(STORE, "repair", 0.15) is None


@pytest.mark.parametrize("fen, discount, expected", [
    (1, 0.5, 1),  # 0.5 fen rounds up
    (3, 0.5, 2),  # 1.5 → 2
    (5, 0.1, 5),  # 4.5 → 5, never banker's 4
    (10_001, 0.15, 8_501),  # 8500.85
    (333, 0.15, 283),  # 283.05
    (90, 0.15, 77),  # 76.5 → 77: 0.15 is taken as written, not as the float just under it
])
def test_half_up_to_the_fen(fen, discount, expected):
    assert money.discounted(fen, discount) == expected


@pytest.mark.parametrize("rate, hours, labour", [(18_000, 2.0, 36_000), (18_000, 1.5, 27_000), (12_345, 0.5, 6_173),
                                                 (17_999, 0.3, 5_400)])
def test_labour_is_hours_times_rate_half_up(rate, hours, labour):
    assert money.times(rate, hours) == labour


@given(st.integers(0, 10**9), st.sampled_from([0.0, 0.05, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.5]))
def test_discounted_labour_is_the_exact_product_rounded_half_up(fen, discount):
    exact = Decimal(fen) * (1 - Decimal(str(discount)))
    got = money.discounted(fen, discount)
    assert got == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert abs(Decimal(got) - exact) <= Decimal("0.5")
    assert 0 <= got <= fen and got + (fen - got) == fen


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from([0.0, 0.15, 0.2]))
def test_a_quote_never_discounts_parts(labour_rate, parts, discount):
    store = Store("c", "s", "店", price_list={"repair": PriceItem(1.0, labour_rate, parts)})
    found = quote(store, "repair", discount)
    assert found is not None
    assert found.total - parts == money.discounted(labour_rate, discount)
    assert found.total <= labour_rate + parts


@given(st.integers(0, 10**8))
def test_yuan_text_round_trips_to_fen(fen):
    text = money.yuan(fen)
    assert text.count(".") == 1 and len(text.split(".")[1]) == 2
    assert money.fen_from_yuan(text, "amount") == fen


@pytest.mark.parametrize("sent, fen", [(710, 71_000), (710.5, 71_050), ("710.00", 71_000), (" 0.01", 1), (0, 0),
                                       (656.0, 65_600)])
def test_amounts_arrive_in_yuan(sent, fen):
    assert money.fen_from_yuan(sent, "estimate.price") == fen


@pytest.mark.parametrize("sent", [-1, "-1", "7.001", 0.001, "abc", True, None, [1], "1e3", 1_000_001, float("nan")])
def test_bad_amounts_name_their_field(sent):
    with pytest.raises(ValidationError) as refused:
        money.fen_from_yuan(sent, "estimate.price")
    assert refused.value.field == "estimate.price"


def test_negative_fen_show_their_sign():
    assert money.yuan(-5) == "-0.05" and money.yuan(71_000) == "710.00"
