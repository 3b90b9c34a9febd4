"""What the tables keep and for how long (docs/product-rules.md#retention, decision 0024): a booking carries a
TTL of 400 days after its appointment (or its last change, without one), a message 30 days after it was
queued, a call task 90 days after it was closed (an open task none)."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters.dynamo.models import BookingModel, CallTaskModel, OutboxModel
from tests.conftest import at
from tests.integration.helpers import customer, request


def _epoch(moment) -> int:
    return int(moment.timestamp())


def test_a_booking_is_kept_400_days_after_its_appointment(svc, chain):
    start = at("2026-11-24", "09:00")
    booking, _ = svc.booking.book_online(customer(svc, chain, "alice"), request(start), "k1")
    item = BookingModel.get(booking.booking_id)
    assert _epoch(item.expires_at) == _epoch(start + timedelta(days=400))


def test_a_message_is_kept_30_days_after_it_was_queued(svc, chain):
    from chalicelib.domain.messaging.outbox import booking_message

    booking, _ = svc.booking.book_online(customer(svc, chain, "alice"), request(at("2026-11-24", "09:00")), "k1")
    message = booking_message("booking_confirmed", booking, svc.ports.stores.get(chain, "pudong"), occurrence="t1")
    assert svc.ports.outbox.enqueue(message, svc.clock.now())
    item = OutboxModel.get(message.dedupe_key)
    assert _epoch(item.expires_at) == _epoch(svc.clock.now() + timedelta(days=30))


def test_a_call_task_is_kept_90_days_after_it_is_closed_and_forever_while_open(svc, chain):
    from chalicelib.domain.floor.tasks import CallTask

    now = svc.clock.now()
    svc.ports.tasks.create(CallTask(chain, "pudong", "t1", "late", now, now))
    assert CallTaskModel.get(f"{chain}#pudong", "t1").expires_at is None
    svc.ports.tasks.close(chain, "pudong", "t1", "wang", now, None, "reached")
    assert _epoch(CallTaskModel.get(f"{chain}#pudong", "t1").expires_at) == _epoch(now + timedelta(days=90))


def test_a_bookings_search_entries_go_with_it_400_days_after_its_appointment(svc, chain):
    """The store's search index (decision 0038) holds the customer's name, phone and plate: its entries carry the
    booking's expiry, so they do not outlive the booking they point at (decision 0070)."""
    from chalicelib.adapters.dynamo.models import SearchEntryModel

    start = at("2026-11-24", "09:00")
    svc.booking.book_online(customer(svc, chain, "alice"), request(start), "k1")
    entries = list(SearchEntryModel.query(f"{chain}#pudong"))
    assert entries and {_epoch(e.expires_at) for e in entries} == {_epoch(start + timedelta(days=400))}
