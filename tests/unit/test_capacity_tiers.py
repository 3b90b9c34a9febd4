import pytest

from chalicelib.domain.booking import capacity, tiers
from chalicelib.domain.tenancy.store import Store


def store(**kw) -> Store:
    return Store(**{"chain_id": "c", "store_id": "s", "name": "店", **kw})


@pytest.mark.parametrize(
    "cap, share, reserved",
    [(4, 0.25, 1), (3, 0.0, 0), (3, 0.1, 1), (10, 0.2, 2), (10, 0.25, 3), (2, 1.0, 2), (5, -1, 0)],
)
def test_walk_in_reserve_keeps_places_from_online_booking(cap, share, reserved):
    s = store(capacity_per_slot=cap, walk_in_reserve=share)
    assert capacity.reserved_places(s) == reserved
    assert capacity.online_limit(s) == cap - reserved
    assert capacity.limit_for(s, may_use_reserve=True) == cap


def test_online_sees_the_slot_full_while_priority_staff_still_have_the_reserve():
    s = store(capacity_per_slot=4, walk_in_reserve=0.25)
    assert capacity.available(s, 3) == 0
    assert capacity.available(s, 3, may_use_reserve=True) == 1
    assert capacity.available(s, 5, may_use_reserve=True) == 0


def test_labour_hours_per_category():
    s = store(labour_hours={"pm": 16.0})
    assert capacity.labour_fits(s, "pm", 15.0, 1.0)
    assert not capacity.labour_fits(s, "pm", 15.5, 1.0)
    assert capacity.labour_fits(s, "gr", 999.0, 4.0)  # not planned: unlimited


@pytest.mark.parametrize("booked, tier", [(0, "recommended"), (1, "recommended"), (2, "normal"), (3, "busy"), (4, "busy")])
def test_live_load_alone_allows_these_tiers(booked, tier):
    s = store(capacity_per_slot=4, recommended_below=0.34, busy_from=0.67)
    assert tiers.live_tier(s, booked / 4).value == tier
