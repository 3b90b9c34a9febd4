"""The scheduled checks over bookings (reminders, lateness, follow-up) [SPEC §4].

Each run Queries only what is due (domain/agenda.py keeps every booking's next step in a sparse index).
Each step is claimed and done in one transaction that also queues its message in the outbox and raises
its call task, conditional on the step still being next: a run twice, two runs at once or a run that
dies midway neither repeats nor loses anything (the outbox's own run sends what a dead run queued).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from ..adapters.clock import Clock
from ..adapters.dynamo.bookings import BookingRepository, CustomerChange
from ..adapters.dynamo.outbox import OutboxRecord
from ..adapters.dynamo.stores import StoreRepository
from ..domain.agenda import NO_SHOW_AFTER, Step, next_step
from ..domain.booking import Booking, Event
from ..domain.errors import Conflict
from ..domain.lifecycle import Status
from ..domain.store import Store
from ..domain.tasks import CallTask
from .booking import placement_for
from .notify import Notifier, booking_message

log = logging.getLogger(__name__)
BOOKING_CHECKS = ("reminders", "lateness", "follow_up")
FIRST_LOOKBACK = timedelta(hours=24)
MAX_LOOKBACK = timedelta(days=14)  # a longer outage is a matter for people; its steps are far too late to send


class BookingChecks:
    def __init__(self, stores: StoreRepository, bookings: BookingRepository, notifier: Notifier | None, clock: Clock) -> None:
        self._stores, self._bookings, self._notifier, self._clock = stores, bookings, notifier, clock

    def run(self, check: str) -> dict[str, int]:
        """Every hour bucket since the watermark (the first run looks back a day); the watermark then moves
        to the earliest hour still holding an unfinished step, and never closer than an hour to now, so a
        step that the index shows late is still found."""
        now = self._clock.now()
        this_hour = now.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
        since = self._bookings.clean_before(check) or this_hour - FIRST_LOOKBACK
        since = max(since, this_hour - MAX_LOOKBACK)
        counts = {"due": 0, "done": 0, "stale": 0}
        unfinished = this_hour - timedelta(hours=1)
        for booking, action, hour in self._bookings.due(check, since, now):
            counts["due"] += 1
            try:
                finished = self._advance(check, booking, action, now, counts)
            except Exception:  # one booking's trouble never stops the run; its step stays due for the next
                log.exception("%s: booking %s step %s failed", check, booking.booking_id, action)
                counts["error"] = counts.get("error", 0) + 1
                finished = False
            if not finished:
                unfinished = min(unfinished, hour)
        self._bookings.advance_watermark(check, unfinished)
        return counts

    def _advance(self, check: str, booking: Booking, action: str, now: datetime, counts: dict[str, int]) -> bool:
        """Do the booking's due steps; False when one is left for a later run to look at again."""
        store = self._stores.get(booking.chain_id, booking.store_id)
        step = next_step(booking, store)
        if step is None or step.action != action or step.at > now:
            counts["stale"] += 1  # another run got here first (or the index lags the table): the
            return True  # booking's current step is filed afresh, in an hour no earlier than its write
        while step is not None and step.check == check and step.at <= now:  # a late run catches up
            try:
                message, booking = self._perform(booking, store, step, now)
            except Conflict:
                counts["stale"] += 1
                return True  # someone else moved the booking on; its new step is filed afresh
            counts["done"] += 1
            if message is not None and self._notifier is not None:
                self._notifier.deliver_quietly(message.dedupe_key)
            step = next_step(booking, store)
        return True

    def _perform(self, booking: Booking, store: Store, step: Step, now: datetime) -> tuple[OutboxRecord | None, Booking]:
        actor = f"system:{step.check}"
        event = Event(at=now, kind=step.action, by=actor)
        status = booking.status
        fields: dict = {}
        message = task = customer = leave = slot_only = None
        start = booking.start or now
        if step.action.startswith("reminder_"):
            later = next_step(replace(booking, events=booking.events + (event,)), store)
            if later is not None and later.action.startswith("reminder_") and later.at <= now:
                event = replace(event, note="skipped: a later reminder is already due")  # a late run sends only the latest
            elif now >= start:
                event = replace(event, note="skipped: the appointment has begun")
            else:
                message = booking_message("reminder", booking, store, occurrence=self._occurrence(booking, step), variant=step.variant)
        elif step.action == "ack_check":
            if now < start:
                task = self._task(booking, "reminder_unacknowledged", now)
            else:
                event = replace(event, note="skipped: the appointment has begun")
        elif step.action == "release":
            fields["place_released"] = True
            slot_only = placement_for(store, booking, may_use_reserve=True)
        elif step.action == "late":
            if now < start + NO_SHOW_AFTER:
                message = booking_message("late", booking, store, occurrence=self._occurrence(booking, step))
                task = self._task(booking, "late", now)
            else:
                event = replace(event, note="skipped: past the no-show time")
        elif step.action == "no_show":
            status = Status.NO_SHOW
            event = replace(event, kind=Status.NO_SHOW.value, note="no arrival 60 minutes after the start")
            leave = placement_for(store, booking, may_use_reserve=True)
            customer = CustomerChange(active_delta=-1 if booking.source == "mini_program" else 0, rebook_priority=True)
            message = booking_message("no_show", booking, store, occurrence=self._occurrence(booking, step))
        elif step.action == "follow_up":
            message = booking_message("follow_up", booking, store, occurrence=self._occurrence(booking, step))
        else:
            raise ValueError(step.action)
        # the event's kind is the step's name: the history itself says the step is done
        after = replace(booking, status=status, events=booking.events + (event,),
                        place_released=booking.place_released or bool(slot_only))
        self._bookings.transition(
            booking, status, event, after=after, store=store, fields=fields, customer=customer, leave=leave,
            message=message, task=task, release_slot_only=slot_only, expect_step=step.action,
        )
        return message, after

    @staticmethod
    def _occurrence(booking: Booking, step: Step) -> str:
        """A step of a booking's time: moved bookings get their reminders again, never one twice."""
        return f"{step.action}@{booking.start.isoformat() if booking.start else ''}"

    @staticmethod
    def _task(booking: Booking, kind: str, now: datetime) -> CallTask:
        return CallTask(
            chain_id=booking.chain_id,
            store_id=booking.store_id,
            # one per booking, kind and time, however often the check runs
            task_id=f"{booking.booking_id}#{kind}@{booking.start.isoformat() if booking.start else ''}",
            kind=kind,
            due_at=now + timedelta(minutes=15),
            created_at=now,
            customer_name=booking.customer_name,
            customer_phone=booking.customer_phone,
            booking_id=booking.booking_id,
        )
