"""Contact hours hold when a message goes, not only when its step was planned (docs/product-rules.md#contact-hours):
a reminder found late by a run that was down, or retried after a channel's error, waits in the outbox for the
next allowed moment and the outbox run sends it then; when that moment is not before the appointment it is
dropped, and the drop is counted. A message answering what staff just did goes at once."""
from __future__ import annotations

from collections import deque

import pytest

from chalicelib import container
from chalicelib.adapters.metrics import RecordingMetrics
from chalicelib.config import Settings
from chalicelib.domain.messaging.delivery import DeliveryError
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request


@pytest.fixture
def svc(clock):
    """The use cases on memory ports, with the metrics they emit recorded."""
    ports = container.memory_ports(clock)
    ports.metrics = RecordingMetrics()
    return container.use_cases(Settings.from_env({}), ports)


def booked(svc, chain, start):
    clock = svc.ports.clock
    clock.set(at("2026-11-20", "10:00"))
    booking, _ = svc.booking.book_online(customer(svc, chain, "early"), request(start), "k")
    run(svc, "2026-11-20", "12:00", "reminders")  # its confirmation deadline (an SLA call, no message)
    run(svc, "2026-11-23", "09:00", "reminders")  # the T-24h reminder (08:30 or 09:00), on time
    run(svc, "2026-11-23", "12:00", "reminders")  # the unacknowledged reminder's call
    return booking


def run(svc, day, hhmm, check):
    svc.ports.clock.set(at(day, hhmm))
    return svc.fanout.run(check)


def reminders_sent(svc) -> list[str]:
    return [s.data for s in sent(svc, "sms") if s.template_id == "sms-reminder"]


def outbox(svc, booking_id):
    return [r for r in svc.ports.outbox.due(at("2026-11-25", "00:00"), days_back=7) if booking_id in r.dedupe_key]


def test_a_reminder_found_late_in_the_night_waits_for_the_morning(svc, chain):
    booking = booked(svc, chain, at("2026-11-24", "09:00"))
    assert len(reminders_sent(svc)) == 1
    run(svc, "2026-11-24", "05:31", "reminders")  # down from 20:59 (T-3h and T-1h moved there) until 05:31
    assert len(reminders_sent(svc)) == 1  # not at 05:31
    [held] = outbox(svc, booking.booking_id)
    assert held.kind == "reminder" and held.attempts == 0  # waiting is not a failed attempt
    run(svc, "2026-11-24", "08:29", "outbox")
    assert len(reminders_sent(svc)) == 1
    run(svc, "2026-11-24", "08:30", "outbox")  # the first allowed moment, before the 09:00 start
    assert len(reminders_sent(svc)) == 2 and "今天11月24日 09:00" in reminders_sent(svc)[-1]
    assert svc.ports.metrics.total("MessagesDropped") == 0


def test_a_reminder_whose_next_allowed_moment_is_the_appointment_is_dropped_and_counted(svc, chain):
    booking = booked(svc, chain, at("2026-11-24", "08:30"))
    run(svc, "2026-11-24", "05:31", "reminders")
    run(svc, "2026-11-24", "08:30", "outbox")
    assert len(reminders_sent(svc)) == 1  # only the T-24h
    dropped = svc.ports.outbox.get(f"{chain}#{booking.booking_id}#reminder#reminder_180@{booking.start.isoformat()}")
    assert dropped is not None and dropped.status == "dropped"
    assert svc.ports.metrics.total("MessagesDropped", kind="reminder") == 1


def test_a_reminder_retried_after_a_channel_error_waits_out_the_quiet_hours(svc, chain):
    booking = booked(svc, chain, at("2026-11-24", "10:00"))  # T-3h (07:00) moved to 20:59; T-1h at 09:00
    svc.ports.channels.fail["sms"] = deque([DeliveryError("retry", "LimitExceeded.PhoneNumberOneHourLimit", "busy")])
    run(svc, "2026-11-23", "20:59", "reminders")
    assert len(reminders_sent(svc)) == 1  # the channel was busy: retried in a minute
    run(svc, "2026-11-23", "21:00", "outbox")  # the retry falls in the quiet hours: it waits
    run(svc, "2026-11-24", "05:30", "outbox")
    assert len(reminders_sent(svc)) == 1
    run(svc, "2026-11-24", "08:30", "outbox")
    assert len(reminders_sent(svc)) == 2
    assert "今天11月24日 10:00" in reminders_sent(svc)[-1]  # said as seen from the morning it went, not the evening
    assert outbox(svc, booking.booking_id) == []


def test_a_store_cancellation_at_night_is_told_at_once(svc, chain, mgr):
    booking = booked(svc, chain, at("2026-11-24", "10:00"))
    svc.ports.clock.set(at("2026-11-23", "22:00"))
    svc.staff_ops.act(mgr, booking.booking_id, "cancel")
    assert [s.template_id for s in sent(svc, "sms")][-1] == "sms-booking_cancelled"


def test_a_held_reminder_of_a_booking_cancelled_meanwhile_is_dropped(svc, chain, mgr):
    booking = booked(svc, chain, at("2026-11-24", "09:00"))
    run(svc, "2026-11-24", "05:31", "reminders")  # held until 08:30
    svc.ports.clock.set(at("2026-11-24", "07:00"))
    svc.staff_ops.act(mgr, booking.booking_id, "cancel")
    run(svc, "2026-11-24", "08:30", "outbox")
    assert len(reminders_sent(svc)) == 1  # only the T-24h: never "see you at 09:00" after the cancellation
    assert svc.ports.metrics.total("MessagesDropped", kind="reminder") == 1
