"""What a store's people do in the benches' simulated days, and how often: the customers book, acknowledge a
reminder and arrive; the advisors confirm the online bookings, check in, start and complete the cars that came,
and work the call list. The scheduled checks' per-item figures (bench/scale.py) and the API's calls per store-day
(bench/api_day.py) both follow from these shares, so they are kept here, once.

Each share is assumed (no store's data here), with its reason. Until decision 0087 the scale bench's people did
nothing but arrive: no booking was ever confirmed (every booking missed its confirmation SLA: a warning and a call
task each), no reminder was acknowledged (a call task each), no call was worked (every task escalated), no car was
started or finished, and the two days of bookings seeded the day before fell due on the one day measured.
"""
from __future__ import annotations

import random
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

BOOKINGS_PER_DAY = 60  # online bookings made, and served, per store-day (a busy 4S store's service lane)
BOOKED_AHEAD_DAYS = 2  # the day's new bookings are for the day after tomorrow
CONFIRMED = 0.9  # online bookings an advisor confirms (time and price by phone) within the 2-store-hour SLA;
# the rest miss it: the SLA's warning to staff and its call task, as docs/product-rules.md#confirmation-sla means
CONFIRM_AFTER = (15, 90)  # minutes after the booking
ACKNOWLEDGED = 0.5  # customers who tap 确认到店 on their first reminder (bench/api_day calls the route as often)
ACK_AFTER = (5, 90)  # minutes after that reminder
ARRIVED = 0.9  # the rest are no-shows (the lateness check's release, late notice, no-show)
EARLY = (5, 10, 15)  # minutes before their time that arriving customers come
START_AFTER = (10, 30)  # minutes from check-in to the job started
JOB_MINUTES = (60, 180)  # from start to complete (ready for pick-up)
TASKS_WORKED = 0.7  # call tasks an advisor closes within their 15 minutes; the rest escalate to the manager, who
TASK_LATE = timedelta(minutes=45)  # closes them this long after their due time

Action = Callable[[Any], None]


def chosen(key: str, share: float) -> bool:
    """A stable draw: the same key is chosen in every run and on every worker."""
    return zlib.crc32(key.encode()) % 1000 < share * 1000


@dataclass
class People:
    """The people's actions by minute; `act` does those of the ticks' minutes, metered apart from the checks."""

    rng: random.Random
    admin: Any  # the staff access the advisors act with
    chain_id: str
    stores: list[str]
    timeline: dict[datetime, list[Action]] = field(default_factory=lambda: defaultdict(list))
    closed_tasks: int = 0

    def at(self, when: datetime, action: Action) -> None:
        self.timeline[when.replace(second=0, microsecond=0)].append(action)

    def after(self, when: datetime, minutes: tuple[int, int], action: Action) -> None:
        self.at(when + timedelta(minutes=self.rng.randint(*minutes)), action)

    def booked(self, svc: Any, who: Any, booking: Any, now: datetime) -> None:
        """A new online booking: confirmed (or not), acknowledged after its first reminder (or not)."""
        booking_id = booking.booking_id
        if chosen(f"confirm-{booking_id}", CONFIRMED):
            self.after(now, CONFIRM_AFTER, lambda s: s.staff_ops.act(self.admin, booking_id, "confirm"))
        if chosen(f"ack-{booking_id}", ACKNOWLEDGED):
            first = _first_reminder(svc, booking)
            if first is not None:
                self.after(max(first, now), ACK_AFTER, lambda s: _quietly(s.booking.acknowledge_own, who, booking_id))

    def visit(self, booking: Any) -> None:
        """Most customers come, a few minutes early; the car is started and finished the same day."""
        if self.rng.random() >= ARRIVED:
            return
        arrived = booking.start - timedelta(minutes=self.rng.choice(EARLY))
        started = arrived + timedelta(minutes=self.rng.randint(*START_AFTER))
        done = started + timedelta(minutes=self.rng.randint(*JOB_MINUTES))
        for when, action in ((arrived, "check-in"), (started, "start"), (done, "complete")):
            self.at(when, lambda s, a=action: s.staff_ops.act(self.admin, booking.booking_id, a))

    def catch_up(self, svc: Any, until: datetime) -> None:
        """Everything planned before `until`, in its order (the seed's evening: its confirmations, its acks)."""
        for when in sorted(w for w in self.timeline if w < until):
            self._run(svc, when)

    def act(self, svc: Any, now: datetime, tick_minutes: int) -> None:
        for minute in range(tick_minutes - 1, -1, -1):
            self._run(svc, now - timedelta(minutes=minute))
        svc.ports.clock.set(now)
        self.work_calls(svc, now)

    def _run(self, svc: Any, when: datetime) -> None:
        """What was planned for the minute `when`, at that minute."""
        for action in self.timeline.pop(when, []):
            svc.ports.clock.set(when)
            action(svc)

    def work_calls(self, svc: Any, now: datetime) -> None:
        """The call list, read once a tick per store: a task is closed within its 15 minutes when chosen, else
        after escalation."""
        for store_id in self.stores:
            for task in svc.staff_desk.tasks(self.admin, store_id, "open"):
                due = chosen(f"task-{task.task_id}", TASKS_WORKED) or now >= task.due_at + TASK_LATE
                if due and _quietly(svc.staff_desk.close_task, self.admin, store_id, task.task_id, None, "reached"):
                    self.closed_tasks += 1


def _first_reminder(svc: Any, booking: Any) -> datetime | None:
    from chalicelib.domain.followup.agenda import reminder_plan

    store = svc.ports.stores.get(booking.chain_id, booking.store_id)
    plan = reminder_plan(booking, store)
    return plan[0].at if plan else None


def _quietly(call: Callable[..., Any], *args: Any) -> bool:
    """A person's action the booking's state refuses (acknowledging a booking that was cancelled, a task closed
    by its booking's change meanwhile) is what the app would answer with a 409: nothing happens."""
    from chalicelib.domain.errors import DomainError

    try:
        call(*args)
    except DomainError:
        return False
    return True
