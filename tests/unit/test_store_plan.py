"""The store's plan: segment tiers, live load pushing toward busy only, the discount only in recommended
slots, quotas; the plan and price list from an admin's JSON, each refusal naming its field."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.booking import tiers
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.tenancy.plan_config import plan_from_json, plan_to_json, price_list_from_json, price_list_to_json
from chalicelib.domain.tenancy.store import Store
from chalicelib.domain.tenancy.store_config import store_from_json
from devstack.seed import DEMO_PLAN, DEMO_PRICES, demo_store

TZ = ZoneInfo("Asia/Shanghai")
STORE = demo_store("p", "浦东店", plan=DEMO_PLAN)  # 4 places a slot
MONDAY, TUESDAY, FRIDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 27), date(2026, 11, 28)


def seen(day: date, hhmm: str, taken: int = 0, segment_taken: int = 0, store: Store = STORE) -> tiers.SlotTier:
    return tiers.slot_tier(store, day, time.fromisoformat(hhmm), taken, segment_taken)


@pytest.mark.parametrize("day, hhmm, tier, segment, discount", [
    (MONDAY, "08:30", "busy", "周一早高峰", 0.0),
    (MONDAY, "10:00", "busy", "周一早高峰", 0.0),
    (MONDAY, "10:30", "normal", None, 0.0),  # the segment ends at 10:30
    (SATURDAY, "08:30", "busy", "周六全天", 0.0),
    (SATURDAY, "17:00", "busy", "周六全天", 0.0),
    (TUESDAY, "13:00", "normal", None, 0.0),
    (TUESDAY, "13:30", "recommended", "周中午后闲时", 0.15),
    (TUESDAY, "15:30", "recommended", "周中午后闲时", 0.15),
    (TUESDAY, "16:00", "normal", None, 0.0),
    (FRIDAY, "14:00", "normal", None, 0.0),  # the idle segment is Tuesday to Thursday
])
def test_empty_slots_take_their_segments_tier_and_nothing_else_is_recommended(day, hhmm, tier, segment, discount):
    found = seen(day, hhmm)
    assert (found.tier.value, found.segment_name, found.discount) == (tier, segment, discount)


def test_live_load_pushes_a_recommended_slot_toward_busy_and_drops_the_discount():
    assert seen(TUESDAY, "14:00", taken=1).tier.value == "recommended"  # 1 of 4 is under the low mark
    pushed = seen(TUESDAY, "14:00", taken=2)
    assert (pushed.tier.value, pushed.discount) == ("normal", 0.0)
    assert seen(TUESDAY, "14:00", taken=3).tier.value == "busy"


def test_a_filling_segment_counts_as_load_too():
    # 12 a day in the idle segment: 4 taken of them is past the low mark even if this slot is empty
    assert seen(TUESDAY, "14:00", segment_taken=3).tier.value == "recommended"
    assert seen(TUESDAY, "14:00", segment_taken=4).tier.value == "normal"
    assert seen(TUESDAY, "14:00", segment_taken=9).tier.value == "busy"
    assert seen(TUESDAY, "14:00", segment_taken=9).segment_left == 3
    assert seen(TUESDAY, "14:00", segment_taken=12).segment_left == 0


@given(st.sampled_from([MONDAY, TUESDAY, FRIDAY, SATURDAY]), st.integers(8, 17), st.sampled_from([0, 30]),
       st.integers(0, 4), st.integers(0, 50))
def test_a_busy_segment_is_never_recommended_and_discounts_follow_the_tier(day, hour, minute, taken, segment_taken):
    found = seen(day, f"{hour:02d}:{minute:02d}", taken, segment_taken)
    if found.segment is not None and found.segment.tier.value == "busy":
        assert found.tier.value == "busy"
    if found.segment is None or found.segment.tier.value != "recommended":
        assert found.tier.value != "recommended"
    assert (found.discount > 0) == (found.tier.value == "recommended")
    # more load never makes a slot less crowded
    assert seen(day, f"{hour:02d}:{minute:02d}", min(4, taken + 1), segment_taken).tier.rank >= found.tier.rank


def test_a_store_without_a_plan_recommends_nothing():
    bare = replace(STORE, plan=())
    assert {seen(TUESDAY, f"{h:02d}:00", store=bare).tier.value for h in range(9, 17)} == {"normal"}


def test_the_counters_a_slot_is_judged_by():
    at = datetime(2026, 11, 24, 14, 0, tzinfo=TZ)
    assert tiers.counters_for(STORE, at) == ("14:00", "SEG#midweek-idle")
    assert tiers.counters_for(STORE, at.replace(hour=10)) == ("10:00",)
    assert tiers.for_slot(STORE, at, {"14:00": 2, "SEG#midweek-idle": 5}).segment_left == 7


def test_plan_and_prices_round_trip_through_json():
    assert plan_from_json(plan_to_json(DEMO_PLAN), 0.15) == DEMO_PLAN
    assert price_list_from_json(price_list_to_json(DEMO_PRICES)) == DEMO_PRICES
    assert price_list_to_json(DEMO_PRICES)["maintenance"] == {"labour_hours": 2.0, "hourly_rate": "180.00",
                                                            "parts": "350.00"}


def test_a_recommended_segment_without_its_own_discount_takes_the_stores():
    store = store_from_json("c", "s", {"name": "店", "recommended_discount": 0.2, "plan": [
        {"id": "idle", "name": "闲时", "days": ["wed"], "from": "14:00", "to": "16:00", "tier": "recommended"}]})
    assert store.plan[0].discount == 0.2 and store.plan[0].quota is None


GOOD = {"id": "idle", "name": "闲时", "days": ["tue"], "from": "13:30", "to": "16:00", "tier": "recommended", "quota": 5}


@pytest.mark.parametrize("plan, field", [
    ("x", "plan"),
    (["x"], "plan[0]"),
    ([{**GOOD, "id": "Bad Id"}], "plan[0].id"),
    ([{**GOOD, "name": ""}], "plan[0].name"),
    ([{**GOOD, "days": ["tuesday"]}], "plan[0].days"),
    ([{**GOOD, "days": []}], "plan[0].days"),
    ([{**GOOD, "from": "1:30"}], "plan[0].from"),
    ([{**GOOD, "to": "25:00"}], "plan[0].to"),
    ([{**GOOD, "to": "13:00"}], "plan[0].to"),
    ([{**GOOD, "tier": "idle"}], "plan[0].tier"),
    ([{**GOOD, "quota": -1}], "plan[0].quota"),
    ([{**GOOD, "discount": 0.9}], "plan[0].discount"),
    ([{**GOOD, "tier": "busy", "discount": 0.1}], "plan[0].discount"),
    ([GOOD, {**GOOD, "id": "other", "from": "15:00", "to": "17:00"}], "plan[1].from"),
    ([GOOD, {**GOOD, "from": "08:00", "to": "09:00"}], "plan[1].id"),
])
def test_a_bad_plan_names_its_field(plan, field):
    with pytest.raises(ValidationError) as refused:
        store_from_json("c", "s", {"name": "店", "plan": plan})
    assert refused.value.field == field


@pytest.mark.parametrize("prices, field", [
    ([], "price_list"),
    ({"oil": {}}, "price_list.oil"),
    ({"maintenance": 5}, "price_list.maintenance"),
    ({"maintenance": {"labour_hours": -1, "hourly_rate": 180}}, "price_list.maintenance.labour_hours"),
    ({"maintenance": {"labour_hours": 2, "hourly_rate": "180.005"}}, "price_list.maintenance.hourly_rate"),
    ({"maintenance": {"labour_hours": 2, "hourly_rate": 180, "parts": -3}}, "price_list.maintenance.parts"),
])
def test_a_bad_price_list_names_its_field(prices, field):
    with pytest.raises(ValidationError) as refused:
        store_from_json("c", "s", {"name": "店", "price_list": prices})
    assert refused.value.field == field


def test_segments_on_different_weekdays_may_share_hours():
    plan = plan_from_json([GOOD, {**GOOD, "id": "wed", "days": ["wed"]}], 0.15)
    assert len(plan) == 2
