"""Call tasks: the list staff work through by phone ("提醒后2小时内,客户关系员与客户进行电话联系").

A task has a due time, may be claimed by a staff member, and is closed with an outcome and a note; a task
whose reason went away is closed by the change that removed the reason, with that reason as its outcome;
one still open past its deadline is escalated to the store manager (docs/product-rules.md#call-tasks).
A task's title is the catalogue's task.<kind>.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..contact_preference import as_preference, preference_from
from ..messaging.catalogue import text

TASK_KIND_NAMES: tuple[str, ...] = (
    "reminder_unacknowledged",
    "late",
    "near_lost",
    "follow_up_complaint",
    "sla_confirmation",
    "rebook_no_show",
    "rebook_store_cancel",
    "parts_arrived",
    "follow_up_unanswered",
    "first_service_unanswered",
    "agree_new_time",
    "call_back",
    "parts_short",
    "parts_unconfirmed",
    "deposit_mismatch",  # the day's WeChat Pay bill disagrees with the booking's deposit (decision 0062)
    "extra_work_unanswered",
)
# kind -> Chinese title, as callers have always read it
TASK_KINDS: dict[str, str] = {kind: text(f"task.{kind}") for kind in TASK_KIND_NAMES}
# the calls to rebook a customer (a no-show, a store cancellation): their next staff booking settles every one open
REBOOKING_KINDS = frozenset({"rebook_no_show", "rebook_store_cancel"})
# the call to agree a new time after a customer's own cancellation: their next booking settles it
NEW_TIME_KIND = "agree_new_time"
# how a member of staff may close a task
OUTCOMES: tuple[str, ...] = ("reached", "no_answer", "rebooked", "declined", "other")
# who a task is for: the store manager's kinds; the rest are any advisor's
MANAGER_KINDS = frozenset({"follow_up_complaint", "deposit_mismatch"})
PARTS_KINDS = frozenset({"parts_unconfirmed"})  # the parts desk's (docs/product-rules.md#workshop-and-parts)
# how long after it is opened a task is due (and, unless escalated sooner by its kind, its deadline)
DUE_IN: dict[str, timedelta] = {
    "rebook_no_show": timedelta(hours=2),
    "rebook_store_cancel": timedelta(hours=2),
    "parts_arrived": timedelta(hours=1),
    "follow_up_unanswered": timedelta(days=1),
    "follow_up_complaint": timedelta(hours=4),
    "near_lost": timedelta(days=1),
    "first_service_unanswered": timedelta(days=1),
    "agree_new_time": timedelta(hours=2),
    "parts_short": timedelta(hours=1),
    "parts_unconfirmed": timedelta(minutes=30),
    "deposit_mismatch": timedelta(days=1),
}
DEFAULT_DUE_IN = timedelta(minutes=15)
COMPLAINT_ESCALATION = timedelta(hours=24)  # of store hours (domain/tenancy/store_hours.py)
# How long a closed call task is kept: the manager's look back over a quarter's calls; the day's figures are
# in the stored daily report. An open task is kept until it is closed (docs/product-rules.md#retention).
TASK_RETENTION = timedelta(days=90)


def task_title(kind: str, lang: str = "zh") -> str:
    """The title staff see for a task kind in a language; a kind we do not know is shown as itself."""
    return text(f"task.{kind}", lang) if kind in TASK_KINDS else kind


def task_prefix(concerning: str) -> str:
    """What the ids of every task about a booking or a customer begin with (erasure finds them by it)."""
    return f"{concerning}-"


def task_id_for(concerning: str, kind: str, occasion: str = "") -> str:
    """A task's id from what makes it unique (the booking or customer it concerns, its kind, the occasion):
    the same parts give the same id, so a check run twice opens a task once. URL-safe (booking and
    customer ids are "b_<hex>" and "c_<hex>"), so every task can be claimed and closed by its path."""
    digest = hashlib.sha256(f"{concerning}|{kind}|{occasion}".encode()).hexdigest()[:16]
    return f"{task_prefix(concerning)}{kind}-{digest}"


def due_in(kind: str) -> timedelta:
    return DUE_IN.get(kind, DEFAULT_DUE_IN)


@dataclass(frozen=True)
class CallTask:
    chain_id: str
    store_id: str
    task_id: str
    kind: str
    due_at: datetime
    created_at: datetime
    customer_name: str | None = None
    customer_phone: str | None = None
    booking_id: str | None = None
    note: str | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    outcome: str | None = None
    assignee: str | None = None
    claimed_at: datetime | None = None
    escalate_at: datetime | None = None  # None: the due time is the deadline
    escalated_at: datetime | None = None
    # the customer's contact preference (its text form, domain/contact_preference.py) and the first moment at
    # or after the due time that suits it: when to call (docs/product-rules.md#contact-preference)
    contact_preference: str | None = None
    call_from: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def deadline(self) -> datetime:
        """Still open at this moment, the task goes to the store manager."""
        return self.escalate_at or self.due_at

    @property
    def for_role(self) -> str:
        if self.kind in MANAGER_KINDS or self.escalated_at:
            return "store_manager"
        return "parts" if self.kind in PARTS_KINDS else "advisor"

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "store_id": self.store_id,
            "kind": self.kind,
            "title": task_title(self.kind, lang),
            "booking_id": self.booking_id,
            "due": self.due_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "deadline": self.deadline.isoformat(),
            "created_at": self.created_at.isoformat(),
            "status": "open" if self.is_open else "done",
            "assignee": self.assignee,
            "claimed_at": self.claimed_at.isoformat() if self.claimed_at else None,
            "outcome": self.outcome,
            "for_role": self.for_role,
            "escalated": self.escalated_at is not None,
            "escalated_at": self.escalated_at.isoformat() if self.escalated_at else None,
            "customer": {"name": self.customer_name, "phone": self.customer_phone},
            "note": self.note,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "done_by": self.done_by,
            "call_from": self.call_from.isoformat() if self.call_from else None,
            "contact_preference": contact_text(self.contact_preference, lang),
        }


def escalation_due(task: CallTask, now: datetime) -> bool:
    """Open, not yet escalated, and past its deadline."""
    return task.is_open and task.escalated_at is None and now >= task.deadline


def contact_text(stored: str | None, lang: str = "zh") -> str | None:
    """How staff read a customer's contact preference: 休息日 09:00–20:00，避开07:30–09:00."""
    preference = as_preference(preference_from(stored))
    if preference is None:
        return None
    hours = f"{preference.hours[0]:%H:%M}–{preference.hours[1]:%H:%M}" if preference.hours else ""
    avoid = text("contact.separator", lang).join(f"{w[0]:%H:%M}–{w[1]:%H:%M}" for w in preference.avoid)
    return text("contact.preference", lang, days=text(f"contact.days.{preference.days}", lang), hours=hours,
                avoid=text("contact.avoid", lang, windows=avoid) if avoid else "").strip()
