"""What the test believes of a job under way (docs/product-rules.md#promised-time, #extra-work, #the-bill), and
the properties checked after every step through what customers and staff see:

- the promise: the system's promised time is the one the check-in gave, moved only by the delays staff announced
  and the approved extra work's minutes;
- the pick-up notice: at most once per promised time, while the job is under way, before that time, about the
  time promised when it went, never inside the store's quiet hours or outside the customer's contact hours;
- extra work: an item is answered once, as the model recorded; the call about unanswered items opened only for
  items unanswered 30 minutes, and open only while something is unanswered;
- the bill (staff's and the customer's alike): its lines add up to its balance (or the refund due), nothing is
  billed without a recorded yes, the final amounts are the last ones staff set, the deposit line is what the
  chain keeps of what was paid.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib.domain.booking.bill import BALANCE_PAID, DEPOSIT, DISCOUNT, EXTRA, LABOUR, PARTS, Bill
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.extra_items import ANSWER_WITHIN, ESCALATED_EVENT, PROPOSED, escalated_ids
from chalicelib.domain.booking.progress import MIN_JOB
from chalicelib.domain.booking.promise import PROMISED_EVENT, promise_of
from chalicelib.domain.floor.tasks import CallTask

from .messages import allowed
from .model import Model
from .world import WECHAT, World

UNDER_WAY = frozenset({"arrived", "in_service"})
CHECKED_IN = UNDER_WAY | {"completed"}


@dataclass
class Item:
    price_fen: int
    minutes: int
    status: str = PROPOSED
    proposed_at: datetime | None = None


@dataclass
class Job:
    """A job checked in: the time promised now, the extra work, the final amounts staff set."""

    since: datetime  # checked in
    at: datetime  # the time promised now
    items: dict[str, Item] = field(default_factory=dict)
    final: tuple[int, int] | None = None  # (labour, parts) fen, the last staff set


def follow_check_ins(world: World, model: Model, jobs: dict[str, Job]) -> None:
    """A booking just checked in (by any rule) gets its job: the promise its check-in recorded, later than the
    check-in (a computed one at least 30 minutes on), no delay yet."""
    for t in model.bookings.values():
        if t.status not in CHECKED_IN or t.booking_id in jobs:
            continue
        b = world.booking(t.booking_id)
        found = promise_of(b.events)
        assert found is not None, f"{t.booking_id} was checked in without a promised time"
        assert found.delays == 0 and found.at == found.first, f"{t.booking_id}: a promise moved before the model saw it"
        note = next(e.note or "" for e in b.events if e.kind == PROMISED_EVENT)
        least = MIN_JOB if note.endswith("computed") else timedelta(seconds=1)
        assert found.at >= found.since + least, f"{t.booking_id}: promised {found.at} at check-in {found.since}"
        jobs[t.booking_id] = Job(found.since, found.at)


def check_jobs(world: World, model: Model, jobs: dict[str, Job]) -> None:
    follow_check_ins(world, model, jobs)
    for booking_id, job in jobs.items():
        b = world.booking(booking_id)
        found = promise_of(b.events)
        assert found is not None and found.at == job.at, \
            f"{booking_id}: promised {found.at if found else None}, the model {job.at}"
        answered = {i.item_id: i.status for i in b.extra_work}
        assert answered == {k: i.status for k, i in job.items.items()}, f"{booking_id}: extra work {answered}"
        _check_calls(b, world.tasks())
    for sent in world.sent:
        if sent.kind == "pickup_notice":
            check_pickup(sent.key, sent.at, sent.booking, world)
    for t in model.bookings.values():
        check_bill(world, t.booking_id, jobs.get(t.booking_id), t.status, t.customer_id)


def check_pickup(key: str, at: datetime, b: Booking | None, world: World) -> None:
    """A pick-up notice as it went: about the time promised then, before it, the job under way, in hours."""
    assert b is not None, key
    promised = datetime.fromisoformat(key.split("#", 3)[3])
    found = promise_of(b.events)
    assert b.status.value in UNDER_WAY, f"{key} went at {at} to a booking {b.status.value}"
    assert found is not None and found.at == promised, f"{key} went at {at}, the time promised then {found}"
    assert at < promised, f"{key} went at {at}, not before the time promised"
    assert allowed(at, world.store, b.contact_window), f"{key} went at {at}, outside its hours ({b.contact_window})"


def _check_calls(b: Booking, tasks: list[CallTask]) -> None:
    """Each call about extra work comes 30 minutes after the earliest item it covers (decision 0067: it takes the
    set then unanswered) and covers items unanswered then; it is open only while one is."""
    items = {i.item_id: i for i in b.extra_work}
    for e in b.events:
        if e.kind != ESCALATED_EVENT or (e.note or "").startswith("skipped"):
            continue
        covered = [items[item_id] for item_id in escalated_ids([e.note])]
        assert min(i.proposed_at for i in covered) + ANSWER_WITHIN <= e.at, f"{b.booking_id}: a call at {e.at}: {covered}"
        for i in covered:
            assert i.proposed_at <= e.at and (i.decided_at is None or i.decided_at > e.at), \
                f"{b.booking_id}: a call at {e.at} about {i.item_id} ({i.status} at {i.decided_at})"
    open_calls = [t for t in tasks if t.booking_id == b.booking_id and t.kind == "extra_work_unanswered" and t.is_open]
    if open_calls:
        assert any(i.status == PROPOSED for i in b.extra_work), \
            f"{b.booking_id}: the extra-work call stays open, every item answered"


def check_bill(world: World, booking_id: str, job: Job | None, status: str, customer_id: str) -> None:
    bill = world.svc.bills.for_staff(world.staff("mgr"), booking_id)
    lines = sum(line.fen for line in bill.lines)
    assert (bill.balance_fen, bill.refund_fen) == (max(lines, 0), max(-lines, 0)), f"{booking_id}: {bill.to_json()}"
    assert bill.charged_fen == sum(line.fen for line in bill.lines if line.kind not in (DEPOSIT, BALANCE_PAID))
    assert bill.stage == ("final" if status == "completed" else "estimate"), (booking_id, bill.stage, status)
    b = world.booking(booking_id)
    yes = {i.item_id for i in b.extra_work if i.status == "approved" and i.decided_by and i.decided_at}
    billed = [line.item_id for line in bill.lines if line.kind == EXTRA]
    modelled = {k for k, i in job.items.items() if i.status == "approved"} if job else set()
    assert sorted(billed) == sorted(yes) == sorted(modelled), f"{booking_id}: billed {billed}, answered yes {yes}"
    if job is not None and job.final is not None:
        assert (_line(bill, LABOUR), _line(bill, PARTS)) == job.final, f"{booking_id}: {bill.to_json()}"
        assert -_line(bill, DISCOUNT) <= job.final[0]
    kept = b.payment.kept_fen if b.payment else 0
    assert _line(bill, DEPOSIT) == -kept, f"{booking_id}: the deposit line {_line(bill, DEPOSIT)}, kept {kept}"
    owner = next((name for name in WECHAT if world.principal(name).subject == customer_id), None)
    if owner is not None:
        assert world.svc.bills.for_customer(world.principal(owner), booking_id) == bill, "the customer's bill differs"


def _line(bill: Bill, kind: str) -> int:
    return sum(line.fen for line in bill.lines if line.kind == kind)
