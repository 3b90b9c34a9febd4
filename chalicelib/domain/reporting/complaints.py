"""The complaint summary of a store over a range, and of a chain (docs/product-rules.md#complaint-summary): how
many complaints were made, their causes, how many the manager resolved and how long that took (median and
longest, in hours), how many were escalated, and what the customers said when asked again. A chain's summary
is the same over every store's complaints.

A complaint is a `follow_up_complaint` task opened in the range (store-local days); its causes, resolution and
re-check are read from its booking's history (domain/booking/complaints.py). Pure: no I/O."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from ..booking.booking import Booking, Event
from ..booking.complaints import ANSWER_EVENT, CAUSES, COMPLAINT_EVENT, RECHECK_EVENT, RESOLVING_OUTCOMES, assess
from ..floor.tasks import CallTask

KIND = "follow_up_complaint"
_HOUR = timedelta(hours=1)


def _causes(task: CallTask, booking: Booking | None) -> list[str]:
    """The causes the booking noted when this task was opened ("low_score" when the history lacks them)."""
    noted = next((e.note for e in booking.events if e.kind == COMPLAINT_EVENT and e.at == task.created_at), None) \
        if booking else None
    return [c for c in (noted or "").split(",") if c in CAUSES] or ["low_score"]


def _recheck(task: CallTask, booking: Booking | None) -> str | None:
    """After this task's resolution: "satisfied", "unsatisfied", "awaiting" (asked, no answer yet), "pending"
    (not asked yet); None when the task was not resolved."""
    if task.done_at is None or task.outcome not in RESOLVING_OUTCOMES or booking is None:
        return None
    after = [e for e in booking.events if e.at >= task.done_at]
    asked = next((e for e in after if e.kind == RECHECK_EVENT), None)
    if asked is None:
        return "pending"
    answer = next((e for e in after if e.kind == ANSWER_EVENT and e.at >= asked.at), None)
    if answer is None:
        return "awaiting"
    return "unsatisfied" if _unhappy(answer) else "satisfied"


def _unhappy(answer: Event) -> bool:
    score, _, comment = (answer.note or "").partition(" ")
    return bool(assess(int(score.split("/")[0] or 0), comment or None))


def opened_between(tasks: Iterable[CallTask], first: date, last: date, tz: ZoneInfo) -> list[CallTask]:
    """The complaints among a store's tasks opened from `first` to `last`, store-local days, each once."""
    found = {t.task_id: t for t in tasks if t.kind == KIND and first <= t.created_at.astimezone(tz).date() <= last}
    return list(found.values())


def summary(complaints: Iterable[CallTask], bookings: Mapping[str, Booking]) -> dict[str, Any]:
    """The summary of complaint tasks (one store's, or every store's of a chain), with their bookings by id."""
    found = {t.task_id: t for t in complaints}
    causes: Counter[str] = Counter()
    rechecks: Counter[str] = Counter()
    hours: list[float] = []
    outcomes: Counter[str] = Counter()
    for task in found.values():
        booking = bookings.get(task.booking_id or "")
        causes.update(_causes(task, booking))
        outcomes["open" if task.is_open else ("resolved" if task.outcome in RESOLVING_OUTCOMES else "unresolved")] += 1
        if task.done_at is not None and task.outcome in RESOLVING_OUTCOMES:
            hours.append((task.done_at - task.created_at) / _HOUR)
        if (result := _recheck(task, booking)) is not None:
            rechecks[result] += 1
    return {
        "complaints": len(found),
        "by_cause": {c: causes[c] for c in CAUSES if causes[c]},
        "resolved": outcomes["resolved"], "unresolved": outcomes["unresolved"], "open": outcomes["open"],
        "escalated": sum(1 for t in found.values() if t.escalated_at is not None),
        "hours_to_resolve_median": round(median(hours), 1) if hours else None,
        "hours_to_resolve_max": round(max(hours), 1) if hours else None,
        "recheck": {k: rechecks[k] for k in ("satisfied", "unsatisfied", "awaiting", "pending")},
    }
