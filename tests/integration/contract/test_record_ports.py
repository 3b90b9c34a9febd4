"""The other ports' contract (stores, customers, lapse stages, vehicles, outbox, tasks, staff, reports), on
the fakes and on DynamoDB alike: conditions that refuse, claims that happen once, queries that page."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.domain.booking.change import CustomerChange, VehicleChange, decide
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.messaging.outbox import OutboxRecord
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from devstack.seed import demo_store
from tests.conftest import at
from tests.integration.contract.test_booking_ports import book, customer


def message(chain_id: str, n: int) -> OutboxRecord:
    return OutboxRecord(f"{chain_id}#m{n}", chain_id, "c1", "follow_up", {"store_name": "浦东店"}, store_id="pudong")


def test_stores_page_and_a_missing_one_is_not_found(ports, chain_id):
    for i in range(4):
        ports.stores.put(demo_store(f"s{i}", f"店{i}", chain_id=chain_id))
    assert [s.store_id for s in ports.stores.of_chain(chain_id)] == ["pudong", "s0", "s1", "s2", "s3"]
    assert {s.store_id for s in ports.stores.everywhere() if s.chain_id == chain_id} == {"pudong", "s0", "s1", "s2", "s3"}
    with pytest.raises(NotFound):
        ports.stores.get(chain_id, "nowhere")
    with pytest.raises(NotFound):
        ports.stores.get_chain("no-such-chain")


def test_the_outbox_puts_once_claims_once_and_pages_what_is_due(ports, chain_id):
    now = ports.clock.now()
    for n in range(5):
        assert ports.outbox.enqueue(message(chain_id, n), now)
    assert not ports.outbox.enqueue(message(chain_id, 0), now)
    due = [r.dedupe_key for r in ports.outbox.due(now) if r.chain_id == chain_id]
    assert sorted(due) == [f"{chain_id}#m{n}" for n in range(5)]
    claimed = ports.outbox.claim(f"{chain_id}#m0", now)
    assert claimed is not None and claimed.status == "sending" and claimed.attempts == 1
    assert ports.outbox.claim(f"{chain_id}#m0", now) is None  # one sender only
    assert ports.outbox.claim(f"{chain_id}#m0", now + timedelta(minutes=5)) is not None  # an abandoned claim lapses
    ports.outbox.sent(f"{chain_id}#m0", "sms", "p1", now)
    assert ports.outbox.get(f"{chain_id}#m0").status == "sent"
    ports.outbox.claim(f"{chain_id}#m1", now)
    ports.outbox.retry_at(f"{chain_id}#m1", now + timedelta(minutes=30), "busy")
    ports.outbox.claim(f"{chain_id}#m2", now)
    ports.outbox.failed(f"{chain_id}#m2", "bad data", "subscribe")
    assert ports.outbox.get(f"{chain_id}#m2").status == "failed"
    due = {r.dedupe_key for r in ports.outbox.due(now + timedelta(minutes=1)) if r.chain_id == chain_id}
    assert due == {f"{chain_id}#m3", f"{chain_id}#m4"}
    later = {r.dedupe_key for r in ports.outbox.due(now + timedelta(hours=1)) if r.chain_id == chain_id}
    assert later == {f"{chain_id}#m1", f"{chain_id}#m3", f"{chain_id}#m4"}
    assert ports.outbox.claim(f"{chain_id}#m1", now) is None  # not before its retry time
    pages = list(ports.outbox.due_pages(now + timedelta(hours=1)))
    assert {r.dedupe_key for page in pages for r in page if r.chain_id == chain_id} == later  # the same, paged
    assert all(page for page in pages)


def test_a_message_held_or_retried_is_due_at_its_moment_whatever_zone_names_it(ports, chain_id):
    """The retry run finds a message at the instant it was put off to, however the clock and the store zone
    write it (a store-local 08:30 is 00:30 UTC); holding it for contact hours is no failed attempt, and a
    dropped message is never due again."""
    now = ports.clock.now()
    for n in range(3):
        ports.outbox.enqueue(message(chain_id, n), now)
        ports.outbox.claim(f"{chain_id}#m{n}", now)
    morning = at("2026-11-24", "08:30")
    ports.outbox.retry_at(f"{chain_id}#m0", morning, "busy")
    ports.outbox.hold(f"{chain_id}#m1", morning, "contact hours")
    ports.outbox.drop(f"{chain_id}#m2", "contact hours: nothing allowed before the appointment")
    in_utc = morning.astimezone(UTC)

    def due(at_: datetime) -> set[str]:
        return {r.dedupe_key for r in ports.outbox.due(at_) if r.chain_id == chain_id}

    assert due(in_utc - timedelta(minutes=1)) == set()
    assert due(in_utc) == {f"{chain_id}#m0", f"{chain_id}#m1"}
    assert {r.dedupe_key for page in ports.outbox.due_pages(in_utc) for r in page if r.chain_id == chain_id} == due(in_utc)
    assert ports.outbox.claim(f"{chain_id}#m1", in_utc - timedelta(minutes=1)) is None
    held = ports.outbox.claim(f"{chain_id}#m1", in_utc)
    assert held is not None and held.attempts == 1 and datetime.fromisoformat(held.held_until or "") == morning
    dropped = ports.outbox.get(f"{chain_id}#m2")
    assert dropped is not None and dropped.status == "dropped" and ports.outbox.claim(dropped.dedupe_key, in_utc) is None


def test_tasks_are_created_once_listed_by_due_and_closed_once(ports, chain_id):
    now = ports.clock.now()
    for n in range(5):
        assert ports.tasks.create(CallTask(chain_id, "pudong", f"t{n}", "late", now + timedelta(minutes=10 - n), now))
    assert not ports.tasks.create(CallTask(chain_id, "pudong", "t0", "late", now, now))
    assert [t.task_id for t in ports.tasks.open_for_store(chain_id, "pudong")] == ["t4", "t3", "t2", "t1", "t0"]
    done = ports.tasks.close(chain_id, "pudong", "t2", "staff:wang", now, "客户已改约")
    assert done.done_by == "staff:wang" and done.note == "客户已改约" and not done.is_open
    assert "t2" not in [t.task_id for t in ports.tasks.open_for_store(chain_id, "pudong")]
    with pytest.raises(Conflict):
        ports.tasks.close(chain_id, "pudong", "t2", "staff:wang", now, None)
    with pytest.raises(NotFound):
        ports.tasks.close(chain_id, "pudong", "nope", "staff:wang", now, None)


def test_customers_and_their_one_time_authorizations(ports, chain_id):
    now = ports.clock.now()
    first = ports.customers.sign_in(chain_id, "openid-x", "union-x", now)
    assert ports.customers.sign_in(chain_id, "openid-x", "union-x", now) == first
    assert ports.customers.get(chain_id, first).unionid == "union-x"
    assert not ports.customers.spend_subscription(chain_id, first, "reminder")
    assert ports.customers.add_subscriptions(chain_id, first, {"reminder": 2}) == {"reminder": 2}
    assert ports.customers.spend_subscription(chain_id, first, "reminder")
    ports.customers.refund_subscription(chain_id, first, "reminder")
    assert ports.customers.get(chain_id, first).subscriptions == {"reminder": 2}
    ports.customers.zero_subscription(chain_id, first, "reminder")
    assert not ports.customers.spend_subscription(chain_id, first, "reminder")
    with pytest.raises(NotFound):
        ports.customers.get(chain_id, "c_nobody")


def test_staff_accounts(ports, chain_id):
    member = StaffMember(chain_id, "wang", "王顾问", Role.ADVISOR, frozenset({"pudong"}), ports.passwords.hash("wang-pass"))
    ports.staff.create(member)
    with pytest.raises(Conflict):
        ports.staff.create(member)
    assert ports.passwords.verify("wang-pass", ports.staff.get(chain_id, "wang").password_hash)
    assert ports.staff.get(chain_id, "nobody") is None


def test_staff_accounts_are_listed_changed_and_deleted(ports, chain_id):
    for name, role in (("wang", Role.ADVISOR), ("boss", Role.CHAIN_ADMIN)):
        ports.staff.create(StaffMember(chain_id, name, name, role, frozenset({"pudong"}), ports.passwords.hash("pass-1234")))
    assert [m.username for m in sorted(ports.staff.of_chain(chain_id), key=lambda m: m.username)] == ["boss", "wang"]
    changed = ports.staff.change(chain_id, "wang", role="store_manager", store_ids=frozenset({"pudong", "xuhui"}),
                                 disabled=True)
    assert (changed.role, changed.store_ids, changed.disabled, changed.token_version) == (
        Role.STORE_MANAGER, frozenset({"pudong", "xuhui"}), True, 1)
    assert ports.staff.change(chain_id, "wang", password_hash="h2", revoke=False).token_version == 1
    assert ports.staff.get(chain_id, "wang").password_hash == "h2"
    ports.staff.delete(chain_id, "wang")
    assert ports.staff.get(chain_id, "wang") is None
    with pytest.raises(NotFound):
        ports.staff.delete(chain_id, "wang")
    with pytest.raises(NotFound):
        ports.staff.change(chain_id, "wang", disabled=False)


def test_the_login_throttle_counts_and_claims_once(ports, chain_id):
    now = ports.clock.now()
    key = f"{chain_id}#wang#10.0.0.1"
    assert [ports.throttle.attempt(key, now)[0] for _ in range(3)] == [1, 2, 3]
    assert ports.throttle.claim(key, None, now + timedelta(seconds=1))
    assert not ports.throttle.claim(key, None, now + timedelta(seconds=1))  # someone else took that window
    assert ports.throttle.attempt(key, now) == (4, now + timedelta(seconds=1))
    ports.throttle.release(key)  # that one was refused for its window: not counted
    assert ports.throttle.attempt(key, now) == (4, now + timedelta(seconds=1))
    ports.throttle.reset(key)
    ports.throttle.release(key)  # after a reset: never below zero
    assert ports.throttle.attempt(key, now) == (1, None)


def test_daily_reports_are_written_once(ports, chain_id):
    now = ports.clock.now()
    for day in range(20, 25):
        assert ports.reports.put_once(chain_id, "pudong", date(2026, 11, day), {"bookings": day}, [], now)
    assert not ports.reports.put_once(chain_id, "pudong", date(2026, 11, 24), {"bookings": 0}, [], now)
    found = ports.reports.between(chain_id, "pudong", date(2026, 11, 21), date(2026, 11, 24))
    assert [r["figures"]["bookings"] for r in found] == [21, 22, 23, 24]


def test_lapse_stages_are_found_when_due_and_claimed_once(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    people = [customer(ports, chain_id, f"p{i}") for i in range(3)]
    for i, who in enumerate(people):
        booking = book(ports, chain_id, who, "09:00" if i < 2 else "09:30", plate=f"沪E1000{i}")
        when = at("2027-02-24", "10:00") + timedelta(minutes=i)
        ports.uow.commit(decide(booking, booking, store, ports.clock.now(),
                                customer=CustomerChange(last_visit="2026-11-24", home_store="pudong", lapse_at=when)))
    ports.clock.set(at("2027-02-24", "12:00"))
    due = [d for d in ports.lapses.due(ports.clock.now()) if d.chain_id == chain_id]
    assert sorted(d.customer_id for d in due) == sorted(p.subject for p in people)
    first = due[0]
    task = CallTask(chain_id, "pudong", f"{first.customer_id}#lapse", "near_lost", ports.clock.now(), ports.clock.now())
    assert ports.lapses.advance(first, "invited", "near_lost", at("2027-05-24", "10:00"), message(chain_id, 9), task,
                                ports.clock.now())
    assert not ports.lapses.advance(first, "invited", "near_lost", at("2027-05-24", "10:00"), None, None, ports.clock.now())
    assert ports.outbox.get(f"{chain_id}#m9") is not None
    assert first.customer_id not in [d.customer_id for d in ports.lapses.due(ports.clock.now())]


def test_vehicle_invitations_are_found_when_due_and_sent_once(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    alice = customer(ports, chain_id, "alice")
    booking = book(ports, chain_id, alice, "09:00")
    invite = at("2027-05-17", "10:00")
    ports.uow.commit(decide(booking, booking, store, ports.clock.now(), vehicle=VehicleChange(
        booking.plate, last_service_date="2026-11-24", last_service_mileage=35000, next_due="2027-05-24",
        due=("maintenance_due", invite))))
    assert ports.vehicles.due(at("2027-05-17", "09:00")) == []
    ports.clock.set(at("2027-05-17", "10:30"))
    due = [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id]
    assert [(d.plate, d.kind, d.next_due) for d in due] == [(booking.plate, "maintenance_due", "2027-05-24")]
    note = replace(message(chain_id, 7), kind="maintenance_due")
    assert ports.vehicles.invite(due[0], note, ports.clock.now())
    assert not ports.vehicles.invite(due[0], note, ports.clock.now())
    assert [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id] == []
    assert ports.vehicles.last_service(chain_id, booking.plate) == ("2026-11-24", 35000)


def test_a_claimed_invitation_may_set_what_falls_due_next_and_open_a_call(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    booking = book(ports, chain_id, customer(ports, chain_id, "newcar"), "09:00")
    ports.uow.commit(decide(booking, booking, store, ports.clock.now(), vehicle=VehicleChange(
        booking.plate, purchase_date="2026-11-01", first_due=("first_service_due", at("2027-01-01", "10:00")))))
    assert ports.vehicles.invitation_ahead(chain_id, booking.plate) == "first_service_due"
    assert ports.vehicles.invitation_ahead(chain_id, "沪Z99999") is None
    ports.clock.set(at("2027-01-01", "10:30"))
    [due] = [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id]
    chase = ("first_service_unanswered", at("2027-01-15", "11:00"))
    assert ports.vehicles.invite(due, replace(message(chain_id, 8), kind="first_service_due"), ports.clock.now(),
                                 then=chase)
    assert ports.vehicles.invitation_ahead(chain_id, booking.plate) == "first_service_unanswered"
    assert [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id] == []
    ports.clock.set(at("2027-01-15", "11:00"))
    [chased] = [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id]
    assert chased.kind == "first_service_unanswered"
    task = CallTask(chain_id, "pudong", "c1-first_service_unanswered-x", chased.kind, ports.clock.now(), ports.clock.now())
    assert ports.vehicles.invite(chased, None, ports.clock.now(), task=task)
    assert not ports.vehicles.invite(chased, None, ports.clock.now(), task=task)  # once
    assert [t.kind for t in ports.tasks.open_for_store(chain_id, "pudong")] == ["first_service_unanswered"]
    assert ports.vehicles.invitation_ahead(chain_id, booking.plate) is None
