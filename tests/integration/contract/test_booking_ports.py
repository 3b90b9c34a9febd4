"""The BookingStore, UnitOfWork and Watermarks contract, on the fakes and on DynamoDB alike."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.domain.booking import decisions, new_booking, tiers
from chalicelib.domain.booking.change import CustomerChange, IdempotentReplay, TaskClosure, VehicleChange, decide
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict, NotFound, SlotFull, StaleBooking
from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.messaging.outbox import booking_message
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.tenancy.calendar import locate_slot
from tests.conftest import at
from tests.integration.helpers import request

DAY = "2026-11-24"


def customer(ports, chain_id, name):
    return Principal(ports.customers.sign_in(chain_id, f"openid-{name}", None, ports.clock.now()), chain_id, "customer")


def online(ports, chain_id, who, hhmm, key="k", day=DAY, plate="沪A12345", booking_id=None, service_type="maintenance"):
    store = ports.stores.get(chain_id, "pudong")
    slot = locate_slot(store, at(day, hhmm), ports.clock.now())
    counts = ports.bookings.counts(chain_id, "pudong", slot.start.date(), tiers.counters_for(store, slot.start))
    booking_id = booking_id or f"b-{who.subject}-{day}-{hhmm}-{key}"
    req = request(at(day, hhmm), plate=plate, service_type=service_type)
    return new_booking.online(who, req, store, slot, tiers.for_slot(store, slot.start, counts), ports.clock.now(),
                              booking_id, key)


def book(ports, chain_id, who, hhmm, **kw):
    change = online(ports, chain_id, who, hhmm, **kw)
    ports.uow.commit(change)
    return change.after


def test_a_committed_change_writes_every_part(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00", key="k1")
    assert ports.bookings.get(booking.booking_id) == booking and booking.version == 1
    assert [b.booking_id for b in ports.bookings.for_store_day(chain_id, "pudong", date(2026, 11, 24))] == [booking.booking_id]
    assert [b.booking_id for b in ports.bookings.for_customer(chain_id, alice.subject)] == [booking.booking_id]
    load = ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24))
    assert load.taken == {"09:00": 1} and load.hours == {"pm": 1.0}
    assert ports.bookings.idempotent_booking(chain_id, alice.subject, "k1")[0] == booking.booking_id
    assert ports.customers.get(chain_id, alice.subject).phone == "13800138000"

    store = ports.stores.get(chain_id, "pudong")
    now = ports.clock.now()
    message = booking_message("booking_confirmed", booking, store, occurrence="c1")
    task = CallTask(chain_id, "pudong", "t1", "late", now, now, booking_id=booking.booking_id)
    change = decide(booking, replace(booking, status=Status.CONFIRMED), store, now, messages=(message,), open_tasks=(task,),
                    vehicle=VehicleChange(booking.plate, last_service_date="2026-06-01", last_service_mileage=30000))
    ports.uow.commit(change)
    assert ports.bookings.get(booking.booking_id).status is Status.CONFIRMED
    assert ports.outbox.get(message.dedupe_key).status == "pending"
    assert [t.task_id for t in ports.tasks.open_for_store(chain_id, "pudong")] == ["t1"]
    assert ports.vehicles.last_service(chain_id, booking.plate) == ("2026-06-01", 30000)
    assert ports.vehicles.holder(chain_id, booking.plate) == alice.subject  # the car is on file for its booker


def test_a_failed_condition_writes_nothing(ports, chain_id):
    for name in ("a", "b"):
        book(ports, chain_id, customer(ports, chain_id, name), "10:00", plate=f"沪B1000{len(name)}")
    late = customer(ports, chain_id, "late")
    change = online(ports, chain_id, late, "10:00", plate="沪C99999")
    store = ports.stores.get(chain_id, "pudong")
    now = ports.clock.now()
    message = booking_message("booking_confirmed", change.after, store, occurrence="x")
    task = CallTask(chain_id, "pudong", "t-late", "late", now, now)
    change = replace(change, messages=(message,), open_tasks=(task,))
    with pytest.raises(SlotFull) as refused:
        ports.uow.commit(change)
    assert refused.value.code == "slot_full"
    with pytest.raises(NotFound):
        ports.bookings.get(change.after.booking_id)
    assert ports.outbox.get(message.dedupe_key) is None
    assert ports.tasks.open_for_store(chain_id, "pudong") == []
    assert ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24)).taken == {"10:00": 2}
    assert ports.bookings.idempotent_booking(chain_id, late.subject, "k") is None
    assert ports.vehicles.last_service(chain_id, "沪C99999") == (None, None)
    assert ports.vehicles.holder(chain_id, "沪C99999") is None


def test_a_change_decided_on_a_stale_read_is_refused_whole(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00")
    store = ports.stores.get(chain_id, "pudong")
    now = ports.clock.now()
    cancel = decisions.release(booking, store, now, "cancel", "customer")
    slot = locate_slot(store, at(DAY, "11:00"), now)
    move = decisions.move(booking, store, slot, tiers.for_slot(store, slot.start, {}), now, "staff", may_use_reserve=False)
    ports.uow.commit(cancel)
    with pytest.raises(StaleBooking):
        ports.uow.commit(move)
    stored = ports.bookings.get(booking.booking_id)
    assert (stored.status, stored.version) == (Status.CANCELLED, 2)
    load = ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24))
    assert load.taken.get("09:00", 0) == 0 and load.taken.get("11:00", 0) == 0 and load.hours.get("pm", 0) == 0
    assert ports.outbox.get(move.messages[0].dedupe_key) is None


def test_a_new_booking_never_overwrites_one_with_its_id(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    first = book(ports, chain_id, alice, "09:00", booking_id="same-id", key="k1")
    with pytest.raises(StaleBooking):
        ports.uow.commit(online(ports, chain_id, alice, "09:30", booking_id="same-id", key="k2"))
    assert ports.bookings.get("same-id") == first


def test_a_replayed_idempotency_key_names_the_booking_it_made(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    first = book(ports, chain_id, alice, "09:00", key="same")
    again = online(ports, chain_id, alice, "09:30", key="same")
    with pytest.raises(IdempotentReplay) as replay:
        ports.uow.commit(again)
    assert replay.value.booking_id == first.booking_id and replay.value.request_hash


def test_the_customer_cap_and_a_missing_customer(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    for i, hhmm in enumerate(("08:30", "09:00", "09:30")):
        book(ports, chain_id, alice, hhmm, key=f"k{i}", day="2026-11-25")
    with pytest.raises(Conflict) as capped:
        ports.uow.commit(online(ports, chain_id, alice, "10:00", key="k9", day="2026-11-26"))
    assert capped.value.code == "too_many_bookings"
    ghost = Principal("c_nobody", chain_id, "customer")
    with pytest.raises(NotFound) as missing:
        ports.uow.commit(online(ports, chain_id, ghost, "10:00"))
    assert missing.value.code == "customer_not_found"


def test_the_days_labour_hours_are_a_limit(ports, chain_id):
    for i, hhmm in enumerate(("08:30", "09:00", "09:30")):
        book(ports, chain_id, customer(ports, chain_id, f"p{i}"), hhmm, plate=f"沪A2000{i}")
    with pytest.raises(SlotFull) as full:
        ports.uow.commit(online(ports, chain_id, customer(ports, chain_id, "p9"), "10:00", plate="沪A20009"))
    assert full.value.code == "day_full"


def test_every_query_pages_through_all_items(ports, chain_id):
    people = [customer(ports, chain_id, f"p{i}") for i in range(5)]
    made = [book(ports, chain_id, who, hhmm, plate=f"沪D1000{i}", service_type="repair")  # repair hours are unplanned
            for i, (who, hhmm) in enumerate(zip(people, ("09:00", "09:00", "09:30", "10:00", "10:30"), strict=True))]
    day = ports.bookings.for_store_day(chain_id, "pudong", date(2026, 11, 24))
    assert sorted(b.booking_id for b in day) == sorted(b.booking_id for b in made)
    assert [b.start for b in day] == sorted(b.start for b in day)
    load = ports.bookings.day_load(chain_id, "pudong", date(2026, 11, 24))
    assert load.taken == {"09:00": 2, "09:30": 1, "10:00": 1, "10:30": 1} and load.hours == {"gr": 10.0}
    # each booking's first step is its T-24h reminder, due from 09:00 the day before; the 10:30 one's reminder
    # comes after its confirmation warning (10:00: 30 store-minutes before the 2 hours from 08:30 are over)
    ports.clock.set(at("2026-11-23", "11:00"))
    due = ports.bookings.due("reminders", at("2026-11-23", "08:00"), ports.clock.now())
    assert sorted(d.booking.booking_id for d in due) == sorted(b.booking_id for b in made)
    assert sorted(d.action for d in due) == ["reminder_1440"] * 4 + ["sla_warning"]
    assert ports.bookings.due("lateness", at("2026-11-23", "08:00"), ports.clock.now()) == []


def test_a_change_closes_tasks_only_while_they_are_open(ports, chain_id):
    booking = book(ports, chain_id, customer(ports, chain_id, "alice"), "09:00")
    now = ports.clock.now()
    ports.tasks.create(CallTask(chain_id, "pudong", "t1", "late", now, now, booking_id=booking.booking_id))
    store = ports.stores.get(chain_id, "pudong")
    close = TaskClosure(chain_id, "pudong", "t1", "acknowledged", now.date())
    acknowledged = decisions.acknowledge(booking, store, now, "customer")
    ports.uow.commit(replace(acknowledged, close_tasks=(close,)))
    assert ports.tasks.open_for_store(chain_id, "pudong") == []
    [done] = ports.tasks.done_for_store(chain_id, "pudong", now.date())
    assert (done.task_id, done.outcome, done.done_by, done.done_at) == ("t1", "acknowledged", "system", now)
    again = decide(acknowledged.after, acknowledged.after, store, now, close_tasks=(close,))
    with pytest.raises(Conflict):
        ports.uow.commit(again)
    assert ports.bookings.get(booking.booking_id).version == 2


def test_the_watermark_only_moves_forward(ports):
    hour = at("2026-11-23", "10:00")
    assert ports.watermarks.clean_before("reminders") is None
    ports.watermarks.advance("reminders", hour)
    ports.watermarks.advance("reminders", hour - timedelta(hours=3))
    assert ports.watermarks.clean_before("reminders") == hour
    ports.watermarks.advance("reminders", hour + timedelta(hours=1))
    assert ports.watermarks.clean_before("reminders") == hour + timedelta(hours=1)


def test_a_cursor_only_moves_forward_and_apart_from_the_watermark(ports):
    cursor = "daily_report#Asia/Shanghai"
    assert ports.watermarks.position(cursor) is None
    ports.watermarks.move(cursor, "2026-11-23|c#s10")
    ports.watermarks.move(cursor, "2026-11-23|c#s05")  # a slower run that enqueued less
    assert ports.watermarks.position(cursor) == "2026-11-23|c#s10"
    ports.watermarks.move(cursor, "2026-11-23|~")
    assert ports.watermarks.position(cursor) == "2026-11-23|~"
    ports.watermarks.move(cursor, "2026-11-24|c#s00")
    assert ports.watermarks.position(cursor) == "2026-11-24|c#s00"
    ports.watermarks.advance(cursor, at("2026-11-23", "10:00"))  # the same item may hold a watermark
    assert ports.watermarks.position(cursor) == "2026-11-24|c#s00"
    assert ports.watermarks.position("lapse#customer") is None


def test_customer_changes_of_a_change(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00")
    store = ports.stores.get(chain_id, "pudong")
    change = decide(booking, booking, store, ports.clock.now(), customer=CustomerChange(rebook_priority=True))
    ports.uow.commit(change)
    assert ports.customers.get(chain_id, alice.subject).rebook_priority is True


def test_the_due_index_spreads_over_its_shards_and_pages_each_one(ports, chain_id):
    from chalicelib.adapters.dynamo import keys

    made = [book(ports, chain_id, customer(ports, chain_id, f"s{i}"), hhmm, plate=f"沪S1000{i}", service_type="repair")
            for i, hhmm in enumerate(("09:00", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:00"))]
    ports.clock.set(at("2026-11-23", "13:30"))  # every T-24h reminder above is due
    now = ports.clock.now()
    assert ports.bookings.due_shards() == keys.DUE_SHARDS > 1
    by_shard: dict[int, list[str]] = {}
    for hour in (at("2026-11-23", "08:00") + timedelta(hours=h) for h in range(6)):
        for shard in range(ports.bookings.due_shards()):
            pages = list(ports.bookings.due_pages("reminders", shard, hour, now))
            assert pages, "an empty shard is one empty page"
            for page in pages:
                assert all(d.hour == hour.astimezone(d.hour.tzinfo) for d in page)
                # each with its step's moment (the dispatcher's cursor and delivery delay): an instant, due by now
                assert all(d.at is not None and d.at.utcoffset() is not None and d.at <= now for d in page)
                by_shard.setdefault(shard, []).extend(d.booking.booking_id for d in page)
    assert sorted(b for found in by_shard.values() for b in found) == sorted(b.booking_id for b in made)
    assert len([found for found in by_shard.values() if found]) > 1, "eight bookings all in one shard"
    for shard, found in by_shard.items():
        assert {keys.shard_of(b) for b in found} <= {shard}


def test_spend_first_takes_an_authorization_and_reads_the_customer_in_one_go(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    assert ports.customers.spend_first(chain_id, alice.subject, "reminder") is None  # none granted
    ports.customers.add_subscriptions(chain_id, alice.subject, {"reminder": 2})
    spent = ports.customers.spend_first(chain_id, alice.subject, "reminder")
    assert spent is not None and spent.openid == "openid-alice" and spent.subscriptions == {"reminder": 1}
    booking = book(ports, chain_id, alice, "09:00")
    store = ports.stores.get(chain_id, "pudong")
    prefers_sms = decide(booking, booking, store, ports.clock.now(), customer=CustomerChange(preferred_channel="sms"))
    ports.uow.commit(prefers_sms)
    assert ports.customers.spend_first(chain_id, alice.subject, "reminder") is None  # SMS comes first for them
    assert ports.customers.get(chain_id, alice.subject).subscriptions == {"reminder": 1}  # nothing taken
    assert ports.customers.spend_first(chain_id, "c_nobody", "reminder") is None


def test_a_segments_quota_is_a_counter_under_its_limit(ports, chain_id):
    """Read consistently with the slot's counter; incremented under the quota in the same write as the place;
    given back by a cancel; a refusal names it and writes nothing."""
    from devstack.seed import DEMO_PLAN

    store = ports.stores.get(chain_id, "pudong")
    ports.stores.put(replace(store, plan=(*DEMO_PLAN[:2], replace(DEMO_PLAN[2], quota=2))))
    first = book(ports, chain_id, customer(ports, chain_id, "a"), "13:30", plate="沪A10001")
    book(ports, chain_id, customer(ports, chain_id, "b"), "15:30", plate="沪A10002")
    assert (first.segment, first.tier, first.discount, first.price_estimate) == ("midweek-idle", "recommended", 0.15, 65_600)
    day = date(2026, 11, 24)
    assert ports.bookings.counts(chain_id, "pudong", day, ("14:00", "SEG#midweek-idle")) == {"SEG#midweek-idle": 2}
    assert ports.bookings.counts(chain_id, "pudong", day, ("13:30",)) == {"13:30": 1}
    assert ports.bookings.counts(chain_id, "pudong", day, ("09:00",)) == {}
    late = customer(ports, chain_id, "c")
    with pytest.raises(SlotFull) as refused:
        ports.uow.commit(online(ports, chain_id, late, "14:00", plate="沪A10003"))
    assert refused.value.code == "segment_full"
    load = ports.bookings.day_load(chain_id, "pudong", day)
    assert (load.taken, load.segments) == ({"13:30": 1, "15:30": 1}, {"midweek-idle": 2})
    store = ports.stores.get(chain_id, "pudong")
    ports.uow.commit(decisions.release(first, store, ports.clock.now(), "cancel", "customer"))
    assert ports.bookings.day_load(chain_id, "pudong", day).segments == {"midweek-idle": 1}
    third = book(ports, chain_id, late, "14:00", plate="沪A10003")
    assert ports.bookings.get(third.booking_id) == third


def test_a_stores_day_summaries_follow_its_counters_across_days(ports, chain_id):
    """first-available reads a run of days from the summaries: they move with the counters, a move between days
    included, and a refused change moves neither."""
    alice, bob = customer(ports, chain_id, "alice"), customer(ports, chain_id, "bob")
    booking = book(ports, chain_id, alice, "09:00")
    book(ports, chain_id, bob, "09:00", day="2026-11-26", plate="沪B20000")
    store = ports.stores.get(chain_id, "pudong")
    now = ports.clock.now()
    slot = locate_slot(store, at("2026-11-25", "11:00"), now)
    ports.uow.commit(decisions.move(booking, store, slot, tiers.for_slot(store, slot.start, {}), now, "staff",
                                    may_use_reserve=False))
    for name in ("c", "d"):
        book(ports, chain_id, customer(ports, chain_id, name), "10:00", day="2026-11-25", plate=f"沪C3000{len(name)}")
    with pytest.raises(SlotFull):
        book(ports, chain_id, customer(ports, chain_id, "late"), "10:00", day="2026-11-25", plate="沪C99999")
    first, last = date(2026, 11, 23), date(2026, 11, 30)
    loads = ports.bookings.day_loads(chain_id, "pudong", first, last)
    for day in (date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)):
        assert loads[day] == ports.bookings.day_load(chain_id, "pudong", day), day
    assert loads[date(2026, 11, 25)].taken == {"10:00": 2, "11:00": 1}
    assert loads[date(2026, 11, 24)].taken == {"09:00": 0} and loads[date(2026, 11, 24)].hours == {"pm": 0}
    assert set(loads) == {date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)}
    assert ports.bookings.day_loads(chain_id, "pudong", date(2026, 11, 25), date(2026, 11, 25)).keys() == {date(2026, 11, 25)}
    assert ports.bookings.day_loads(chain_id, "xuhui", first, last) == {}
def test_the_store_search_index_finds_a_booking_by_its_terms_and_forgets_an_erased_one(ports, chain_id):
    from chalicelib.domain.people.erasure import forget

    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00", key="k1", plate="沪A88801")
    assert [h.booking_id for h in ports.bookings.search(chain_id, "pudong", "A888", 60)] == [booking.booking_id]
    assert [h.plate for h in ports.bookings.search(chain_id, "pudong", "8801", 60)] == ["沪A88801"]
    assert ports.bookings.search(chain_id, "xuhui", "A888", 60) == []
    moved = replace(booking, start=at(DAY, "10:00"), end=at(DAY, "10:30"))
    ports.uow.commit(decide(booking, moved, ports.stores.get(chain_id, "pudong"), ports.clock.now()))
    [hit] = ports.bookings.search(chain_id, "pudong", "沪A88801", 60)
    assert hit.start == at(DAY, "10:00")  # filed again with its new time
    stored = ports.bookings.get(booking.booking_id)
    ports.uow.commit(forget(stored, ports.stores.get(chain_id, "pudong"), ports.clock.now()))
    assert ports.bookings.search(chain_id, "pudong", "A888", 60) == []


def test_a_staff_members_idempotency_key_is_theirs(ports, chain_id):
    from chalicelib.domain.booking.change import Idempotency

    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00", key="k1")
    store = ports.stores.get(chain_id, "pudong")
    confirm = decisions.advance(booking, store, ports.clock.now(), "confirm", "staff:wang", decisions.StaffStep())
    ports.uow.commit(replace(confirm, idempotency=Idempotency("click-1", "h1", owner="staff:wang")))
    assert ports.bookings.idempotent_booking(chain_id, "staff:wang", "click-1") == (booking.booking_id, "h1")
    assert ports.bookings.idempotent_booking(chain_id, alice.subject, "click-1") is None
    again = decisions.release(ports.bookings.get(booking.booking_id), store, ports.clock.now(), "cancel", "staff:wang")
    with pytest.raises(IdempotentReplay):
        ports.uow.commit(replace(again, idempotency=Idempotency("click-1", "h2", owner="staff:wang")))
