"""The counters of a store-day against the bookings they count.

Read through the model classes only (not the repositories), so the audit stays the same whatever the
repositories become. A slot counter ("HH:MM") counts the bookings of that slot that still hold their place:
not cancelled or no-show, and not given to walk-ins (place_released). A labour-hours counter ("DAY#<category>")
sums the labour hours of the day's bookings that are not cancelled or no-show (a released place keeps its
hours). A segment counter ("SEG#<segment id>") counts the bookings recorded in that plan segment that still
hold their place. No slot may hold more such bookings than the store's capacity, no segment more than the
quota the store's plan gives it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date

from chalicelib.adapters.dynamo import keys
from chalicelib.adapters.dynamo.models import BookingModel, SlotCounterModel, StoreModel
from chalicelib.domain.service_types import SERVICE_TYPES

GONE = ("cancelled", "no_show")  # bookings in these states hold neither a place nor labour hours
HOURS_PREFIX = keys.labour_slot("")  # "DAY#"
SEGMENT_PREFIX = "SEG#"


def drift(chain_id: str, store_id: str, day: date) -> dict[str, dict[str, tuple[float, float]]]:
    """Mismatches of one store-day; every dict empty when the counters agree with the bookings.

    {"slots": {"10:00": (counter, actual)}, "hours": {"pm": (counter, actual)},
     "overbooked": {"10:00": (actual, capacity)}, "segments": {"midweek-idle": (counter, actual)},
     "over_quota": {"midweek-idle": (actual, quota)}}
    """
    store_day = keys.store_day(chain_id, store_id, day)
    live = [b for b in BookingModel.by_store_day.query(store_day) if b.status not in GONE]
    places: Counter[str] = Counter(b.slot for b in live if b.slot and not b.place_released)
    in_segments: Counter[str] = Counter(b.segment for b in live if b.slot and not b.place_released and b.segment)
    hours: defaultdict[str, float] = defaultdict(float)
    for b in live:
        hours[SERVICE_TYPES[b.service_type].category.value] += float(b.labour_hours)

    counted_places: dict[str, float] = {}
    counted_hours: dict[str, float] = {}
    counted_segments: dict[str, float] = {}
    for counter in SlotCounterModel.query(store_day):
        if counter.slot.startswith(HOURS_PREFIX):
            counted_hours[counter.slot.removeprefix(HOURS_PREFIX)] = float(counter.hours)
        elif counter.slot.startswith(SEGMENT_PREFIX):
            counted_segments[counter.slot.removeprefix(SEGMENT_PREFIX)] = int(counter.taken)
        else:
            counted_places[counter.slot] = int(counter.taken)

    store = StoreModel.get(chain_id, store_id)
    capacity = int(store.capacity_per_slot)
    quotas = {s["id"]: int(s["quota"]) for s in (_plain(item) for item in store.plan or ()) if s.get("quota") is not None}
    return {
        "slots": _mismatches(counted_places, places),
        "hours": _mismatches(counted_hours, hours),
        "overbooked": {slot: (n, capacity) for slot, n in sorted(places.items()) if n > capacity},
        "segments": _mismatches(counted_segments, in_segments),
        "over_quota": {seg: (n, quotas[seg]) for seg, n in sorted(in_segments.items()) if seg in quotas and n > quotas[seg]},
    }


def _plain(item: object) -> dict:
    """A stored plan segment as a dict, however the list attribute handed it back."""
    return item.as_dict() if hasattr(item, "as_dict") else dict(item)  # type: ignore[call-overload]


def _mismatches(counted: Mapping[str, float], actual: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """(counter, actual) for every key where they differ; a missing counter or booking counts as 0."""
    return {
        key: (counted.get(key, 0), actual.get(key, 0))
        for key in sorted(counted.keys() | actual.keys())
        if abs(counted.get(key, 0) - actual.get(key, 0)) > 1e-9
    }
