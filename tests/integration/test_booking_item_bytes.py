"""The booking item's bytes (decision 0070): on-demand DynamoDB bills a write per started KB of the larger image,
twice in a transaction, and again for each index copy it rewrites (`by_store_day` and `due_by_check` project the
whole item), so a booking just over 1 KB costs about twice one just under it on every step of its agenda. The
item lists its open call tasks without repeating the booking's id and the kind in each task's id."""
from __future__ import annotations

from bench.capacity import item_size
from chalicelib.adapters.dynamo.bookings import booking_from_model
from chalicelib.adapters.dynamo.models import BookingModel
from tests.conftest import at
from tests.integration.helpers import customer, request


def _raw(booking_id: str) -> dict:
    return BookingModel.get(booking_id, consistent_read=True).serialize()


def _reminded_and_unanswered(svc, chain, clock) -> str:
    """Booked at 08:00 for tomorrow 10:00; the T-24h reminder at 10:00, nobody answers: by 12:00 the booking lists
    two open calls (the unacknowledged reminder, the unconfirmed booking)."""
    clock.set(at("2026-11-23", "08:00"))
    booking, _ = svc.booking.book_online(customer(svc, chain, "alice"), request(at("2026-11-24", "10:00"),
                                                                                plate="沪AD12345"), "k")
    for hhmm in ("10:00", "12:00"):
        clock.set(at("2026-11-23", hhmm))
        svc.checks.run("reminders")
    return booking.booking_id


def test_an_open_task_is_listed_by_its_kind_and_digest_and_read_back_whole(svc, chain, clock):
    booking_id = _reminded_and_unanswered(svc, chain, clock)
    stored = svc.ports.bookings.get(booking_id)
    opened = {t.kind: t.task_id for t in svc.ports.tasks.open_for_store(chain, "pudong")}
    assert dict(stored.open_tasks) == opened == {k: v for k, v in opened.items()
                                                 if k in ("reminder_unacknowledged", "sla_confirmation")}
    refs = _raw(booking_id)["open_tasks"]["L"]
    assert sorted(r["S"] for r in refs) == sorted(f"{kind}|*{task_id.rsplit('-', 1)[1]}" for kind, task_id in opened.items())


def test_the_reminded_booking_with_two_open_calls_stays_under_one_kb(svc, chain, clock):
    booking_id = _reminded_and_unanswered(svc, chain, clock)
    # 1,106 bytes before (each open task's id repeated the booking's id and its kind): 2 WCU a write, 4 in a transaction
    assert item_size(_raw(booking_id)) <= 1024


def test_an_item_written_with_whole_task_ids_reads_the_same(svc, chain, clock):
    booking_id = _reminded_and_unanswered(svc, chain, clock)
    model = BookingModel.get(booking_id, consistent_read=True)
    expected = booking_from_model(model).open_tasks
    model.open_tasks = [f"{kind}|{task_id}" for kind, task_id in expected]  # as items were written before
    assert booking_from_model(model).open_tasks == expected


def _worked(svc, chain, clock) -> str:
    """The reminded booking, then checked in, started and completed by the store manager at 10:00 the next day."""
    from chalicelib.domain.people.staff import Role
    from tests.service.helpers import add_staff

    booking_id = _reminded_and_unanswered(svc, chain, clock)
    mgr = add_staff(svc, chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    clock.set(at("2026-11-24", "10:00"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking_id, action)
    return booking_id


def test_each_event_is_one_string_and_reads_back_whole(svc, chain, clock):
    from chalicelib.adapters.dynamo.moments import moment_text

    booking_id = _worked(svc, chain, clock)
    stored = svc.ports.bookings.get(booking_id)
    kinds = [e.kind for e in stored.events]
    assert kinds == ["booked", "reminder_1440", "sla_warning", "sla", "ack_check", "arrived", "promised", "in_service",
                     "completed"]
    assert stored.events[0].by == f"customer:{stored.customer_id}" and stored.events[1].by == "system:reminders"
    raw = _raw(booking_id)["events"]["L"]
    assert [next(iter(e)) for e in raw] == ["S"] * len(kinds)
    assert raw[0]["S"] == f"{moment_text(stored.events[0].at)}|booked|@"  # the booking's own customer
    assert raw[1]["S"] == f"{moment_text(stored.events[1].at)}|reminder_1440|~reminders"
    assert len(moment_text(stored.events[0].at)) == 15  # epoch seconds and the offset, not ISO's 25 characters


def test_the_worked_booking_stays_under_one_kb(svc, chain, clock):
    """Checked in, started and completed with its history of seven events: 1,099 bytes before (each event a map
    of named attributes), so each of the three staff writes billed 2 WCU (4 in its transaction) and 2 more per
    whole-item index copy."""
    assert item_size(_raw(_worked(svc, chain, clock))) <= 1024


def test_events_written_as_maps_and_events_the_string_cannot_hold_read_the_same(svc, chain, clock):
    from dataclasses import replace

    from chalicelib.adapters.dynamo.bookings import booking_item

    booking_id = _worked(svc, chain, clock)
    booking = svc.ports.bookings.get(booking_id)
    model = BookingModel.get(booking_id, consistent_read=True)
    model.events = [{"at": e.at.isoformat(), "kind": e.kind, "by": e.by, **({"note": e.note} if e.note else {})}
                    for e in booking.events]  # as items were written before
    assert booking_from_model(model).events == booking.events
    odd = replace(booking.events[-1], by="staff:a|b", note="1|2")
    unusual = replace(booking, events=(*booking.events, odd, replace(odd, by="~x"), replace(odd, by="@")))
    assert booking_from_model(booking_item(unusual, None, clock.now())).events == unusual.events
