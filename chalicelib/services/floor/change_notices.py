"""The staff notices a booking change carries (domain/floor/change_notices.py): asked by the unit of work's
caller (services/booking/changes.py) before each commit, so each notice is written in the change's own
transaction and sent at once by the staff delivery. Cost: nothing for a change that tells nobody; otherwise a
GetItem of the booking's advisor, and the chain's staff (one Query, kept a minute per container like the advisor
desk's roster) only when the notice goes to the store's managers (no advisor, a disabled one, a complaint
task, an escalation)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.floor import change_notices
from ...domain.floor.tasks import PARTS_KINDS, CallTask
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.staff_messages import report_link
from ...domain.people.ports import StaffStore
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from .roster import Roster


class ChangeNotices:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, clock: Clock, *, link_root: str) -> None:
        self._stores, self._staff, self._clock, self._link_root = stores, staff, clock, link_root
        self._roster = Roster(staff, clock).of_chain

    def for_change(self, change: BookingChange) -> tuple[OutboxRecord, ...]:
        about = change_notices.booking_change(change)
        if about is None and not change.open_tasks:
            return ()
        booking = change.after
        store = self._stores.get(booking.chain_id, booking.store_id)
        people = _People(self._staff, booking, lambda: self._roster(booking.chain_id))
        now = self._clock.now()
        link = self._link(store, booking)
        records: list[OutboxRecord] = []
        if about is not None:
            day = (booking.start or now).astimezone(store.tz).date()
            members = people.told(about.kind, store, day, about.by)
            if about.kind == change_notices.STAFF_EXTRA_WORK_DECIDED:  # the workshop hears the answer at once
                members += [m for m in change_notices.workshop_desk(people.roster(), store.store_id, about.kind,
                                                                    about.by) if m not in members]
            for member in members:
                records.append(change_notices.booking_notice(about, booking, store, member, now, link))
        told = {r.customer_id for r in records}  # the change's notice says what the task asks (a call): one message
        by = booking.events[-1].by if booking.events else ""
        for task in change.open_tasks:
            records += [r for r in self._task_notices(task, store, people, by, link) if r.customer_id not in told]
        return tuple(records)

    def _task_notices(self, task: CallTask, store: Store, people: _People, by: str, link: str) -> list[OutboxRecord]:
        kind = change_notices.STAFF_TASK_OPENED
        if task.kind in PARTS_KINDS:  # the parts desk's own task: its members hear of it, not the advisor
            desk = change_notices.parts_desk(people.roster(), store.store_id, kind, by)
            return [change_notices.task_notice(task, store, m, kind, link) for m in desk]
        managers = change_notices.task_for_managers(task)
        if not managers and not people.booking.advisor_id:
            return []  # a task any advisor of the store may take: the console's list, not a message to each
        day = task.deadline.astimezone(store.tz).date()
        members = people.told(kind, store, day, by, managers_only=managers)
        return [change_notices.task_notice(task, store, m, kind, link) for m in members]

    def escalated(self, task: CallTask) -> tuple[OutboxRecord, ...]:
        """The notices of a task escalated to the store's managers (services/floor/task_escalation.py)."""
        store = self._stores.get(task.chain_id, task.store_id)
        kind = change_notices.STAFF_TASK_ESCALATED
        members = change_notices.recipients(kind, None, self._roster(task.chain_id), store.store_id,
                                            task.deadline.astimezone(store.tz).date(), "")
        link = report_link(self._link_root, store.store_id, self._clock.now().astimezone(store.tz).date(), "tasks")
        return tuple(change_notices.task_notice(task, store, m, kind, link) for m in members)

    def _link(self, store: Store, booking: Booking) -> str:
        day = (booking.start or self._clock.now()).astimezone(store.tz).date()
        return report_link(self._link_root, store.store_id, day, "plan")


class _People:
    """The staff a change's notices need, each read at most once."""

    def __init__(self, staff: StaffStore, booking: Booking, roster: Callable[[], list[StaffMember]]) -> None:
        self._staff, self.booking, self.roster = staff, booking, roster
        self._advisor: tuple[StaffMember | None] | None = None

    def advisor(self) -> StaffMember | None:
        if self._advisor is None:
            aid = self.booking.advisor_id
            self._advisor = (self._staff.get(self.booking.chain_id, aid) if aid else None,)
        return self._advisor[0]

    def told(self, kind: str, store: Store, day: date, by: str, *, managers_only: bool = False) -> list[StaffMember]:
        advisor = None if managers_only else self.advisor()
        usable = advisor is not None and not advisor.disabled
        roster = [] if usable else self.roster()
        return change_notices.recipients(kind, advisor, roster, store.store_id, day, by)
