"""What a booking change tells staff (docs/product-rules.md#wecom-for-staff): a booking rescheduled or
cancelled (by the customer or by the store), a pending booking about to miss its 2-hour confirmation, and the
call tasks the change opens. Each notice is one more outbox record in the change's own transaction, sent at
once by the staff delivery (WeCom, then the official account, then SMS); its key makes it exist once.

Whom: the booking's advisor; without one (or a disabled one), the store's managers, and for a confirmation
about to miss its time also the store's advisors on duty that day. A task for the store manager (a
complaint) goes to the store's managers. Never the member who made the change, never one who does not want
the notice (domain/messaging/staff_notices.py), never one no channel reaches."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .. import money
from ..booking.booking import Booking, Event
from ..booking.change import BookingChange
from ..booking.lifecycle import Status
from ..followup.agenda import ERASED_EVENT, SLA_WARNING, SLA_WARNING_BEFORE
from ..messaging import catalogue, staff_notices
from ..messaging.outbox import OutboxRecord
from ..people.staff import Role
from ..people.staff_member import StaffMember
from ..tenancy.store import Store
from . import advisors
from .tasks import MANAGER_KINDS, CallTask, task_title

STAFF_BOOKING_RESCHEDULED = "staff_booking_rescheduled"
STAFF_BOOKING_CANCELLED = "staff_booking_cancelled"
STAFF_SLA_WARNING = "staff_sla_warning"
STAFF_TASK_OPENED = "staff_task_opened"
STAFF_TASK_ESCALATED = "staff_task_escalated"
STAFF_EXTRA_WORK_DECIDED = "staff_extra_work_decided"
KINDS: tuple[str, ...] = (STAFF_BOOKING_RESCHEDULED, STAFF_BOOKING_CANCELLED, STAFF_SLA_WARNING, STAFF_TASK_OPENED,
                          STAFF_TASK_ESCALATED, STAFF_EXTRA_WORK_DECIDED)
EXTRA_WORK_ANSWERS = ("extra_work_approved", "extra_work_declined")  # domain/booking/extra_work.py's events


@dataclass(frozen=True)
class About:
    """What changed: the catalogue's notice name, its outbox kind, who changed it, what makes it unique."""

    notice: str  # booking_rescheduled, booking_cancelled_customer, booking_cancelled_store, sla_warning
    kind: str
    by: str
    occasion: str
    was: datetime | None = None
    item: str | None = None  # the extra-work item answered


def _new_events(change: BookingChange) -> tuple[Event, ...]:
    assert change.before is not None
    return change.after.events[len(change.before.events):]


def booking_change(change: BookingChange) -> About | None:
    """The notice a change of an existing booking calls for, or None (a new booking has its own; a booking whose
    customer erased their data has nothing left to name, and the day plan shows it cancelled)."""
    before, after = change.before, change.after
    if before is None:
        return None
    new = _new_events(change)
    if any(e.kind == ERASED_EVENT for e in new):
        return None
    if after.status is Status.CANCELLED and before.status is not Status.CANCELLED:
        by = next((e.by for e in reversed(new) if e.kind == Status.CANCELLED.value), "")
        who = "customer" if by.split(":")[0] == "customer" else "store"
        return About(f"booking_cancelled_{who}", STAFF_BOOKING_CANCELLED, by, "cancelled")
    moved = next((e for e in new if e.kind == "rescheduled"), None)
    if moved is not None and before.start is not None and after.start != before.start:
        return About("booking_rescheduled", STAFF_BOOKING_RESCHEDULED, moved.by, change.at.isoformat(), before.start)
    warned = next((e for e in new if e.kind == SLA_WARNING and not (e.note or "").startswith("skipped")), None)
    if warned is not None:
        return About("sla_warning", STAFF_SLA_WARNING, warned.by, SLA_WARNING)
    answered = next((e for e in new if e.kind in EXTRA_WORK_ANSWERS), None)
    if answered is not None:
        item = (answered.note or "").split(" ", 1)[0]
        return About(answered.kind, STAFF_EXTRA_WORK_DECIDED, answered.by, f"extra-{item}", item=item)
    return None


def _managers(roster: Sequence[StaffMember], store_id: str) -> list[StaffMember]:
    return [m for m in roster if m.role is Role.STORE_MANAGER and store_id in m.store_ids and not m.disabled]


def recipients(kind: str, advisor: StaffMember | None, roster: Sequence[StaffMember], store_id: str, day: date,
               by: str) -> list[StaffMember]:
    """Who is told: `advisor` (the booking's, as read; None when it has none) when usable, else from `roster`
    (the chain's staff, read only then) the store's managers, and for the SLA warning its advisors on duty."""
    if advisor is not None and not advisor.disabled and kind != STAFF_TASK_ESCALATED:
        chosen = [advisor]
    else:
        chosen = _managers(roster, store_id)
        if kind == STAFF_SLA_WARNING:
            chosen += [m for m in roster if advisors.on_duty(m, store_id, day)]
    return [m for m in chosen if staff_notices.wants(m.notices, kind) and by != f"staff:{m.username}" and reachable(m)]


def parts_desk(roster: Sequence[StaffMember], store_id: str, kind: str, by: str) -> list[StaffMember]:
    """Who hears of a parts desk's task (tasks.PARTS_KINDS): the store's parts members; with none, its managers."""
    desk = [m for m in roster if m.role is Role.PARTS and store_id in m.store_ids and not m.disabled]
    chosen = desk or _managers(roster, store_id)
    return [m for m in chosen if staff_notices.wants(m.notices, kind) and by != f"staff:{m.username}" and reachable(m)]


def workshop_desk(roster: Sequence[StaffMember], store_id: str, kind: str, by: str) -> list[StaffMember]:
    """The store's workshop members (the customer's answer to extra work reaches them at once)."""
    desk = [m for m in roster if m.role is Role.WORKSHOP and store_id in m.store_ids and not m.disabled]
    return [m for m in desk if staff_notices.wants(m.notices, kind) and by != f"staff:{m.username}" and reachable(m)]


def reachable(member: StaffMember) -> bool:
    """A member some channel can reach (WeCom, the official account, SMS): nobody else gets a record to fail."""
    return bool(member.wecom_userid or member.oa_openid or member.phone)


def task_for_managers(task: CallTask) -> bool:
    return task.kind in MANAGER_KINDS


def _shown(at: datetime, store: Store) -> str:
    local = at.astimezone(store.tz)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _record(chain_id: str, store: Store, kind: str, key: str, member: StaffMember, values: Mapping[str, object],
            notice: str, link: str, day: date, booking_id: str | None) -> OutboxRecord:
    title = catalogue.text(f"staff_notice.{notice}.title", "zh", **values)
    text = catalogue.text(f"staff_notice.{notice}.text", "zh", **values)
    context = {"title": title, "text": text, "link": link, "store": store.name, "day": day.isoformat(),
               "username": member.username, "phone": member.phone, "oa_openid": member.oa_openid,
               "wecom_userid": member.wecom_userid, "booking_id": booking_id, "notice": notice}
    return OutboxRecord(
        dedupe_key=f"{chain_id}#{key}#{kind}#{member.username}", chain_id=chain_id,
        customer_id=f"staff:{member.username}", kind=kind, context={k: v for k, v in context.items() if v is not None},
        store_id=store.store_id, booking_id=booking_id,
    )


def booking_notice(about: About, booking: Booking, store: Store, member: StaffMember, now: datetime,
                   link: str) -> OutboxRecord:
    item = next((i for i in booking.extra_work if i.item_id == about.item), None) if about.item else None
    values = {"name": booking.customer_name, "plate": booking.plate,
              "time": _shown(booking.start or now, store), "was": _shown(about.was or now, store),
              "left": int(SLA_WARNING_BEFORE / timedelta(minutes=1)),
              "what": item.what if item else "", "price": money.yuan(item.price_fen) if item else ""}
    day = (booking.start or now).astimezone(store.tz).date()
    return _record(booking.chain_id, store, about.kind, f"{booking.booking_id}@{about.occasion}", member, values,
                   about.notice, link, day, booking.booking_id)


def task_notice(task: CallTask, store: Store, member: StaffMember, kind: str, link: str) -> OutboxRecord:
    """A task opened for `member`, or escalated to them (kind STAFF_TASK_OPENED or STAFF_TASK_ESCALATED)."""
    notice = "task_opened" if kind == STAFF_TASK_OPENED else "task_escalated"
    values = {"task": task_title(task.kind), "name": task.customer_name or "-", "time": _shown(task.deadline, store)}
    return _record(task.chain_id, store, kind, f"{task.store_id}|{task.task_id}", member, values, notice, link,
                   task.deadline.astimezone(store.tz).date(), task.booking_id)
