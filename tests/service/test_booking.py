"""Online bookings through the use cases: what a booking writes, tiers, capacity and labour hours, idempotency,
a customer's own view, cancel, reschedule, acknowledge, the sister-store offer, subscriptions, the cap."""
from datetime import date

import pytest

from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict, IllegalTransition, NotFound, SlotFull, ValidationError
from chalicelib.domain.people.principal import Principal
from tests.conftest import at
from tests.support.bookings import customer, request, with_demo_plan

DAY = "2026-11-24"
# A car bought on this day gets its first-service invitation on 2026-12-01: the vehicle port's due() then
# shows whose vehicle record a booking wrote (the port exposes it no other way).
BOUGHT = "2026-10-01"
FIRST_SERVICE_INVITE = at("2026-12-01", "18:00")  # the contact window's end: every invitation is due


def taken(svc, chain, store="pudong", day=DAY):
    return svc.ports.bookings.day_load(chain, store, date.fromisoformat(day)).taken


def new_car(plate: str) -> dict:
    return {"plate": plate, "model": "Mazda 6", "mileage": 35000, "purchase_date": BOUGHT}


def vehicle_owners(svc) -> dict[str, str]:
    """Plate -> customer of every vehicle record with a first-service invitation ahead."""
    return {d.plate: d.customer_id for d in svc.ports.vehicles.due(FIRST_SERVICE_INVITE)}


def test_create_writes_booking_counter_customer_and_vehicle(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, created = svc.booking.book_online(alice, request(at(DAY, "09:00"), vehicle=new_car("沪A12345")), "k1")
    assert created and booking.status is Status.PENDING
    assert (booking.tier, booking.discount, booking.price_estimate) == ("normal", 0.0, 71_000)  # no plan: full price
    assert taken(svc, chain) == {"09:00": 1}
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.to_json() == booking.to_json()
    assert svc.ports.customers.get(chain, alice.subject).phone == "13800138000"
    assert vehicle_owners(svc) == {"沪A12345": alice.subject}


def test_tier_discount_and_price_follow_the_plan_and_the_load_the_customer_saw(svc, chain):
    with_demo_plan(svc, chain)
    people = [customer(svc, chain, n) for n in ("a", "b", "c")]
    tiers = [svc.booking.book_online(p, request(at(DAY, "14:00"), plate=f"沪A1000{i}"), "k")[0] for i, p in enumerate(people)]
    assert [(b.tier, b.discount, b.price_estimate, b.segment_name) for b in tiers] == [
        ("recommended", 0.15, 65_600, "周中午后闲时"), ("normal", 0.0, 71_000, "周中午后闲时"),
        ("busy", 0.0, 71_000, "周中午后闲时")]
    outside = svc.booking.book_online(customer(svc, chain, "d"), request(at(DAY, "10:00"), plate="沪A10009"), "k")[0]
    assert (outside.tier, outside.discount, outside.price_estimate, outside.segment) == ("normal", 0.0, 71_000, None)


def test_full_slot_is_a_clean_refusal_that_writes_nothing(svc, chain):
    for i in range(3):
        svc.booking.book_online(customer(svc, chain, f"p{i}"), request(at(DAY, "11:00"), vehicle=new_car(f"沪B1000{i}")), "k")
    late = customer(svc, chain, "late")
    with pytest.raises(SlotFull) as err:
        svc.booking.book_online(late, request(at(DAY, "11:00"), vehicle=new_car("沪C99999")), "k")
    assert err.value.code == "slot_full" and err.value.field == "start"
    assert taken(svc, chain)["11:00"] == 3
    assert svc.booking.list_own(late) == []
    assert sorted(vehicle_owners(svc)) == ["沪B10000", "沪B10001", "沪B10002"]  # no vehicle record for 沪C99999


def test_labour_hours_per_day_are_enforced(svc, chain):
    from dataclasses import replace

    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, labour_hours={"gr": 4.0}))
    who = customer(svc, chain, "r")
    svc.booking.book_online(who, request(at(DAY, "09:00"), service_type="repair"), "k1")  # 2 h
    svc.booking.book_online(who, request(at(DAY, "10:00"), service_type="repair", plate="沪A22222"), "k2")  # 4 h
    with pytest.raises(SlotFull) as err:
        svc.booking.book_online(who, request(at(DAY, "11:00"), service_type="repair", plate="沪A33333"), "k3")
    assert err.value.code == "day_full"
    # maintenance draws on another category
    svc.booking.book_online(who, request(at(DAY, "11:00"), plate="沪A44444"), "k4")
    slots = svc.availability.day(chain, "pudong", date.fromisoformat(DAY), "repair").slots
    assert all(s.available == 0 for s in slots)


def test_same_idempotency_key_returns_the_same_booking(svc, chain):
    alice = customer(svc, chain, "alice")
    first, created = svc.booking.book_online(alice, request(at(DAY, "09:00")), "same")
    again, created_again = svc.booking.book_online(alice, request(at(DAY, "09:00")), "same")
    assert created and not created_again and again.booking_id == first.booking_id
    assert taken(svc, chain) == {"09:00": 1}
    with pytest.raises(Conflict) as err:
        svc.booking.book_online(alice, request(at(DAY, "09:30")), "same")
    assert err.value.code == "idempotency_key_reused"
    # another customer's identical key is theirs alone
    bob = customer(svc, chain, "bob")
    other, created_other = svc.booking.book_online(bob, request(at(DAY, "09:00"), plate="沪B12345"), "same")
    assert created_other and other.booking_id != first.booking_id


def test_replay_after_the_slot_filled_still_returns_the_booking(svc, chain):
    alice = customer(svc, chain, "alice")
    first, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "mine")
    for i in range(2):
        svc.booking.book_online(customer(svc, chain, f"o{i}"), request(at(DAY, "09:00"), plate=f"沪D1000{i}"), "k")
    again, created = svc.booking.book_online(alice, request(at(DAY, "09:00")), "mine")
    assert not created and again.booking_id == first.booking_id


def test_customers_see_only_their_own_bookings(svc, chain):
    alice, bob = customer(svc, chain, "alice"), customer(svc, chain, "bob")
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    assert [b.booking_id for b in svc.booking.list_own(alice)] == [mine.booking_id]
    assert svc.booking.list_own(bob) == []
    with pytest.raises(NotFound):
        svc.booking.own(bob, mine.booking_id)
    with pytest.raises(NotFound):
        svc.booking.own(Principal(alice.subject, "another-chain", "customer"), mine.booking_id)


def test_cancel_releases_the_place_in_the_same_write(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    cancelled = svc.booking.cancel_own(alice, booking.booking_id, "plans changed")
    assert cancelled.status is Status.CANCELLED
    assert taken(svc, chain) == {"09:00": 0}
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.status is Status.CANCELLED and [e.kind for e in stored.events] == ["booked", "cancelled"]
    assert stored.events[-1].note == "plans changed"
    with pytest.raises(IllegalTransition) as err:
        svc.booking.cancel_own(alice, booking.booking_id)
    assert err.value.details["current_status"] == "cancelled"
    assert taken(svc, chain) == {"09:00": 0}


def test_customer_cutoff(svc, chain, clock):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    clock.set(at(DAY, "07:01"))  # cut-off is 120 minutes before start
    with pytest.raises(Conflict) as err:
        svc.booking.cancel_own(alice, booking.booking_id)
    assert err.value.code == "past_cutoff"
    with pytest.raises(Conflict):
        svc.booking.reschedule_own(alice, booking.booking_id, at(DAY, "15:00"))


def test_reschedule_moves_both_counters_and_the_booking(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    moved = svc.booking.reschedule_own(alice, booking.booking_id, at("2026-11-26", "14:00"))
    assert moved.start == at("2026-11-26", "14:00")
    assert taken(svc, chain) == {"09:00": 0}
    assert taken(svc, chain, day="2026-11-26") == {"14:00": 1}
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.start == moved.start and stored.events[-1].kind == "rescheduled"
    assert [b.booking_id for b in svc.ports.bookings.for_store_day(chain, "pudong", date(2026, 11, 26))] == [booking.booking_id]
    assert svc.ports.bookings.for_store_day(chain, "pudong", date(2026, 11, 24)) == []


def test_reschedule_into_a_full_slot_changes_nothing(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    for i in range(3):
        svc.booking.book_online(customer(svc, chain, f"f{i}"), request(at(DAY, "10:00"), plate=f"沪E1000{i}"), "k")
    with pytest.raises(SlotFull):
        svc.booking.reschedule_own(alice, booking.booking_id, at(DAY, "10:00"))
    assert taken(svc, chain) == {"09:00": 1, "10:00": 3}
    assert svc.ports.bookings.get(booking.booking_id).start == at(DAY, "09:00")


def test_reschedule_to_the_same_slot_or_a_bad_time(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    with pytest.raises(ValidationError) as err:
        svc.booking.reschedule_own(alice, booking.booking_id, at(DAY, "09:00"))
    assert err.value.code == "same_slot"
    with pytest.raises(ValidationError) as err:
        svc.booking.reschedule_own(alice, booking.booking_id, at(DAY, "09:15"))
    assert err.value.code == "not_a_slot"


def test_acknowledge_is_recorded_once(svc, chain):
    alice = customer(svc, chain, "alice")
    booking, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "k")
    first = svc.booking.acknowledge_own(alice, booking.booking_id)
    second = svc.booking.acknowledge_own(alice, booking.booking_id)
    assert first.acknowledged_at is not None and second.acknowledged_at == first.acknowledged_at
    assert [e.kind for e in svc.ports.bookings.get(booking.booking_id).events] == ["booked", "acknowledged"]


def test_first_available_offers_a_sister_store_when_the_usual_one_is_full(svc, chain, clock):
    from dataclasses import replace

    # the usual store has no online places at all (every place kept for walk-ins)
    pudong = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(pudong, walk_in_reserve=1.0))
    found = svc.availability.first_available(chain, "maintenance", days=3, limit=5)
    assert found and {store.store_id for store, _ in found} == {"xuhui"}
    assert [v.start for _, v in found] == sorted(v.start for _, v in found)
    assert found[0][1].start == at("2026-11-23", "09:00")  # 08:00 now + 60 min lead time


def test_subscriptions_accumulate_per_kind(svc, chain):
    alice = customer(svc, chain, "alice")
    assert svc.customer_access.grant_subscriptions(alice, {"reminder": 2}) == {"reminder": 2}
    assert svc.customer_access.grant_subscriptions(alice, {"reminder": 1, "booking_confirmed": 1}) == {
        "reminder": 3, "booking_confirmed": 1,
    }
    with pytest.raises(ValidationError) as err:
        svc.customer_access.grant_subscriptions(alice, {"spam": 1})
    assert err.value.field == "templates.spam"


def test_a_customer_holds_at_most_three_upcoming_online_bookings(svc, chain):
    alice = customer(svc, chain, "alice")
    held = [
        svc.booking.book_online(alice, request(at(DAY, f"{h:02d}:00"), plate=f"沪A1111{h % 10}"), f"k{h}")[0]
        for h in (9, 10, 11)
    ]
    with pytest.raises(Conflict) as err:
        svc.booking.book_online(alice, request(at(DAY, "12:00"), plate="沪A22222"), "k12")
    assert err.value.code == "too_many_bookings"
    assert taken(svc, chain).get("12:00", 0) == 0  # refused whole: no place taken
    svc.booking.cancel_own(alice, held[0].booking_id)
    svc.booking.book_online(alice, request(at(DAY, "12:00"), plate="沪A22222"), "k12")
    # three held again: the cancel gave exactly one back, the new booking took it
    with pytest.raises(Conflict) as err:
        svc.booking.book_online(alice, request(at(DAY, "13:00"), plate="沪A33333"), "k13")
    assert err.value.code == "too_many_bookings"


def test_a_retry_arriving_after_the_lead_time_closed_still_gets_its_booking(svc, chain, clock):
    alice = customer(svc, chain, "alice")
    first, _ = svc.booking.book_online(alice, request(at(DAY, "09:00")), "retry")
    clock.set(at(DAY, "08:30"))  # now inside the 60-minute lead time
    again, created = svc.booking.book_online(alice, request(at(DAY, "09:00")), "retry")
    assert not created and again.booking_id == first.booking_id
    with pytest.raises(ValidationError) as err:
        svc.booking.book_online(alice, request(at(DAY, "09:00")), "a-new-key")
    assert err.value.code == "too_soon"
