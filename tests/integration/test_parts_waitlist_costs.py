"""The store's parts waiting list stays the size of what still waits (docs/product-rules.md#parts-waitlist,
decision 0084): every day plan reads it whole, so a booking cancelled while it waited for parts moves, in the
same conditioned write, to the list of those closed on that (UTC) day, which only the nightly auditor reads."""
from __future__ import annotations

from datetime import UTC, date

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import parts_input
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import PHONE_BOOKING, add_staff


def _waiting(svc, mgr, n: int):
    body = {**PHONE_BOOKING, "start": None, "waiting_for_parts": True, "parts": {"expected": "2026-11-30"},
            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": f"沪P{n:05d}"}}
    return svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(body),
                              parts_input(body, waiting=True))


def _items_read(calls) -> int:
    return sum(scanned for _, _, scanned in calls.queries)


def test_the_day_plans_items_read_stay_flat_after_fifty_cancellations(svc, chain, calls, clock):
    clock.set(at("2026-11-23", "09:00"))
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    still = [_waiting(svc, mgr, n) for n in range(2)]
    day = date(2026, 11, 24)
    svc.ports.stores.get(chain, "pudong")  # a warm store cache
    calls.clear()
    calls.queries.clear()
    before = svc.staff_desk.day_plan(mgr, "pudong", day)
    read_before = _items_read(calls)
    for n in range(2, 52):
        cancelled = svc.staff_ops.act(mgr, _waiting(svc, mgr, n).booking_id, "cancel",
                                      staff_requests.staff_action({"note": "客户不修了"}))
        assert cancelled.status.value == "cancelled"
    calls.clear()
    calls.queries.clear()
    after = svc.staff_desk.day_plan(mgr, "pudong", day)
    assert _items_read(calls) == read_before
    assert sorted(e.booking.booking_id for e in after.waiting_for_parts) == sorted(b.booking_id for b in still) == sorted(
        e.booking.booking_id for e in before.waiting_for_parts)
    closed = svc.ports.bookings.parts_closed(chain, "pudong", clock.now().astimezone(UTC).date())
    assert len(closed) == 50 and all(b.status.value == "cancelled" for b in closed)


def test_the_auditor_still_checks_a_cancelled_and_refunded_deposit_on_the_day_it_closed(svc, chain, clock):
    from dataclasses import replace
    from datetime import timedelta

    from chalicelib.domain.booking.change import decide
    from chalicelib.domain.booking.payment import Deposit, DepositState

    clock.set(at("2026-11-23", "09:00"))
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    booking = svc.staff_ops.act(mgr, _waiting(svc, mgr, 1).booking_id, "cancel",
                                staff_requests.staff_action({"note": "配件停产"}))
    now = clock.now()
    # its deposit was collected and refunded for less than was asked: 61,800 collected, 30,000 back
    broken = Deposit(DepositState.REFUNDED, "o1", 61_800, now, now + timedelta(minutes=30), transaction_id="t1",
                     paid_at=now, paid_fen=61_800, refund_no="r1", refund_fen=61_800, refunded_fen=30_000)
    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.uow.commit(decide(booking, replace(booking, payment=broken), store, now))
    assert svc.ports.bookings.waiting_for_parts(chain, "pudong") == []  # off the list every day plan reads
    assert svc.auditor.nightly()["drift"] == 1
    clock.advance(days=2)  # the nightly run's days reach back two days
    assert svc.auditor.nightly()["drift"] == 1
    clock.advance(days=1)
    assert svc.auditor.nightly()["drift"] == 0


def test_a_booking_cancelled_on_the_waiting_list_before_the_closed_lists_is_moved_once(svc, chain, clock, tables):
    """Migration 0008: an item written before decision 0084 (closed, still listed as waiting) moves to the list of
    its closing day; a second run, or an item the app rewrote meanwhile, changes nothing."""
    import boto3

    from chalicelib.adapters.dynamo import keys
    from infra import migrations

    clock.set(at("2026-11-23", "09:00"))
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    still = _waiting(svc, mgr, 0)
    gone = svc.staff_ops.act(mgr, _waiting(svc, mgr, 1).booking_id, "cancel", staff_requests.staff_action({}))
    client = boto3.client("dynamodb")
    client.update_item(TableName=tables.table("bookings"), Key={"booking_id": {"S": gone.booking_id}},
                       UpdateExpression="SET store_day = :old",
                       ExpressionAttributeValues={":old": {"S": keys.parts_waitlist(chain, "pudong")}})  # as before
    assert len(svc.ports.bookings.waiting_for_parts(chain, "pudong")) == 2
    [migration] = [m for m in migrations.MIGRATIONS if m.id == "0008_parts_closed_lists"]
    assert migrations.apply(client, tables, migration, dry_run=True) == 1
    assert migrations.apply(client, tables, migration) == 1
    assert [b.booking_id for b in svc.ports.bookings.waiting_for_parts(chain, "pudong")] == [still.booking_id]
    day = clock.now().astimezone(UTC).date()
    assert [b.booking_id for b in svc.ports.bookings.parts_closed(chain, "pudong", day)] == [gone.booking_id]
    assert migrations.apply(client, tables, migration) == 0
