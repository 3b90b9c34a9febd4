"""What store staff look at: their stores, the day's plan, the lobby board, the call list, the reports."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from ...domain.booking import decisions, search
from ...domain.booking.booking import Booking, first_event_at
from ...domain.booking.change import BookingChange
from ...domain.booking.lifecycle import TERMINAL, Status
from ...domain.booking.ports import BookingStore
from ...domain.booking.search import SearchHit
from ...domain.errors import Conflict, ValidationError
from ...domain.floor import day_plan, job_draft, offers, parts_desk
from ...domain.floor.board import ON_BOARD
from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import OUTCOMES, CallTask
from ...domain.people.customer_notes import FileNotes
from ...domain.people.ports import CustomerStore
from ...domain.people.principal import Principal
from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.reporting import report
from ...domain.reporting.ports import ReportStore
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges

MAX_REPORT_DAYS = 31
SEARCH_LIMIT = 60  # index entries per keystroke: a booking is filed under about ten terms


@dataclass(frozen=True)
class PlanEntry:
    booking: Booking
    sla_overdue: bool
    actions: tuple[str, ...] = ()  # what staff may do to it now (domain/floor/offers.py)
    confirm_by: datetime | None = None  # a pending booking's confirmation deadline
    carried: dict[str, str | None] | None = None  # the file's leftovers and notes for the job order (job_draft.py)
    parts_checks: dict[str, object] | None = None  # the parts desk's two checks (domain/floor/parts_desk.py)

    def to_json(self) -> dict[str, Any]:
        return {**self.booking.to_json(), "sla_overdue": self.sla_overdue, "actions": list(self.actions),
                "confirm_by": self.confirm_by.isoformat() if self.confirm_by else None, "carried": self.carried,
                **(self.parts_checks or {})}


@dataclass(frozen=True)
class DayPlan:
    store: Store
    day: date
    entries: list[PlanEntry]
    waiting_for_parts: list[PlanEntry]
    slots: list[day_plan.SlotLoad]


def _same_close(task: CallTask, who: StaffAccess, outcome: str, note: str | None) -> bool:
    """Whether a closed task was closed by this person with this outcome and note: asking again writes nothing
    and answers the task as it was closed."""
    return task.done_by == who.actor and task.outcome == outcome and (note is None or task.note == note)


def waitlist_order(b: Booking) -> tuple[bool, float]:
    """The parts waitlist: priority customers (rebooking first among them by being flagged) first, then by age."""
    return (b.priority is None, b.created_at.timestamp() if b.created_at else 0.0)


def plan_order(b: Booking) -> tuple[bool, float, bool, float]:
    """By slot; within a slot priority first (rework, recall, warranty, emergency, VIP), then first booked."""
    booked = first_event_at(b, "booked")
    return (b.start is None, b.start.timestamp() if b.start else 0.0, b.priority is None, booked.timestamp() if booked else 0.0)


class StaffDesk:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, tasks: TaskStore, reports: ReportStore,
                 clock: Clock, *, changes: BookingChanges | None = None, customers: CustomerStore | None = None) -> None:
        self._stores, self._bookings, self._tasks, self._reports, self._clock = stores, bookings, tasks, reports, clock
        self._changes, self._customers = changes, customers

    def stores(self, who: StaffAccess) -> list[Store]:
        return [s for s in self._stores.of_chain(who.chain_id) if who.role is Role.CHAIN_ADMIN or s.store_id in who.store_ids]

    def store(self, who: StaffAccess, store_id: str) -> Store:
        who.ensure_store(store_id)
        return self._stores.get(who.chain_id, store_id)

    def today(self, store: Store) -> date:
        return self._clock.now().astimezone(store.tz).date()

    def day_plan(self, who: StaffAccess, store_id: str, day: date | None = None) -> DayPlan:
        """Two Queries: the store-day and the parts waitlist; and a BatchGetItem of the files of the customers
        with a visit still to be done on the day (what their rows carry into the job order)."""
        store = self.store(who, store_id)
        day = day or self.today(store)
        now = self._clock.now()
        bookings = sorted(self._bookings.for_store_day(who.chain_id, store_id, day), key=plan_order)
        files = self._files(who.chain_id, bookings)
        entries = [replace(self._entry(b, store, now), carried=job_draft.carried(files.get(b.customer_id)))
                   if job_draft.wants_file(b) else self._entry(b, store, now) for b in bookings]
        waiting = sorted(self._bookings.waiting_for_parts(who.chain_id, store_id), key=waitlist_order)
        return DayPlan(store, day, entries, [self._entry(b, store, now) for b in waiting
                                             if b.start is None and b.status not in TERMINAL],
                       day_plan.slot_loads(store, day, bookings))

    def _files(self, chain_id: str, bookings: list[Booking]) -> dict[str, FileNotes]:
        ids = sorted({b.customer_id for b in bookings if job_draft.wants_file(b)})
        return self._customers.files(chain_id, ids) if self._customers is not None and ids else {}

    @staticmethod
    def _entry(b: Booking, store: Store, now: datetime) -> PlanEntry:
        return PlanEntry(b, b.status is Status.PENDING and report.sla_missed(b, now, store),
                         tuple(offers.actions_now(b, store, now)), day_plan.confirm_by(b, store),
                         parts_checks=parts_desk.states_json(b, now, store))

    def search(self, who: StaffAccess, store_id: str, text: str) -> tuple[str | None, list[SearchHit]]:
        """The store's bookings (latest first) filed under a term beginning with what was typed: one Query, none
        for a query too short to look up."""
        self.store(who, store_id)
        term = search.query_term(text)
        if term is None:
            return None, []
        return term, search.latest_first(self._bookings.search(who.chain_id, store_id, term, SEARCH_LIMIT))

    def board(self, viewer: Principal, store_id: str) -> tuple[Store, list[Booking], datetime]:
        """Today's jobs still ahead or in the workshop, in time order (finished, cancelled and no-shows left off),
        and now."""
        store = self._stores.get(viewer.chain_id, store_id)
        now = self._clock.now()
        bookings = self._bookings.for_store_day(viewer.chain_id, store.store_id, now.astimezone(store.tz).date())
        shown = [b for b in bookings if b.status in ON_BOARD]
        return store, sorted(shown, key=plan_order), now

    def report(self, who: StaffAccess, store_id: str, first: date, last: date) -> list[report.DayFigures]:
        """One Query per day in the range."""
        who.ensure_role(Role.CHAIN_ADMIN, Role.STORE_MANAGER)
        store = self.store(who, store_id)
        if last < first:
            raise ValidationError("to must not be before from", field="to")
        if (last - first).days >= MAX_REPORT_DAYS:
            raise ValidationError(f"a report covers at most {MAX_REPORT_DAYS} days", field="to")
        now = self._clock.now()
        grace = timedelta(minutes=store.grace_minutes)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return [report.day_figures(d, self._bookings.for_store_day(who.chain_id, store_id, d), grace, now, store=store)
                for d in days]

    def daily_reports(self, who: StaffAccess, store_id: str, first: date, last: date) -> list[dict[str, Any]]:
        """What the evening run stored: each day's figures and the next day's preparation digest."""
        self.store(who, store_id)
        return self._reports.between(who.chain_id, store_id, first, last)

    def tasks(self, who: StaffAccess, store_id: str, status: str = "open", day: date | None = None) -> list[CallTask]:
        """The open call list (due first), or the tasks closed on a day (today by default): one Query."""
        store = self.store(who, store_id)
        if status == "open":
            return self._tasks.open_for_store(who.chain_id, store_id)
        if status != "done":
            raise ValidationError("status must be open or done", field="status")
        return self._tasks.done_for_store(who.chain_id, store_id, day or self.today(store))

    def claim_task(self, who: StaffAccess, store_id: str, task_id: str) -> CallTask:
        self.store(who, store_id)
        return self._tasks.claim(who.chain_id, store_id, task_id, who.actor, self._clock.now())

    def close_task(self, who: StaffAccess, store_id: str, task_id: str, note: str | None, outcome: str = "other",
                   *, retry: bool = False) -> CallTask:
        """Close any kind of task with an outcome and a note; a task about a booking is closed by a change of
        the booking (so the booking stops listing it, in the same write)."""
        if outcome not in OUTCOMES:
            raise ValidationError(f"outcome must be one of {', '.join(OUTCOMES)}", field="outcome")
        store = self.store(who, store_id)
        task = self._tasks.get(who.chain_id, store_id, task_id)
        if not task.is_open:
            if retry and _same_close(task, who, outcome, note):  # a screen's repeat of this very close
                return task
            raise Conflict("the task is already done", field="task_id", code="task_done")
        if task.assignee not in (None, who.actor) and who.role is Role.ADVISOR:
            raise Conflict(f"the task is claimed by {task.assignee}", field="task_id", code="task_claimed")
        now = self._clock.now()
        if task.booking_id is None or self._changes is None:
            return self._tasks.close(who.chain_id, store_id, task_id, who.actor, now, note, outcome, self.today(store))
        listed = True

        def close(b: Booking, s: Store) -> BookingChange | None:
            nonlocal listed
            listed = any(tid == task_id for _, tid in b.open_tasks)
            return decisions.close_task(b, s, now, task_id, who.actor, outcome, note) if listed else None

        self._changes.apply(task.booking_id, close)  # one read of the booking, which decides
        if not listed:  # the booking no longer lists it (settled elsewhere): the task alone
            return self._tasks.close(who.chain_id, store_id, task_id, who.actor, now, note, outcome, self.today(store))
        return self._tasks.get(who.chain_id, store_id, task_id)
