"""Call tasks: the list staff work through by phone ("提醒后2小时内,客户关系员与客户进行电话联系").

A task's title is the catalogue's task.<kind>."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .catalogue import text

TASK_KIND_NAMES: tuple[str, ...] = (
    "reminder_unacknowledged",
    "late",
    "near_lost",
    "follow_up_complaint",
    "sla_confirmation",
)
# kind -> Chinese title, as callers have always read it
TASK_KINDS: dict[str, str] = {kind: text(f"task.{kind}") for kind in TASK_KIND_NAMES}


def task_title(kind: str, lang: str = "zh") -> str:
    """The title staff see for a task kind in a language; a kind we do not know is shown as itself."""
    return text(f"task.{kind}", lang) if kind in TASK_KINDS else kind


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

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "store_id": self.store_id,
            "kind": self.kind,
            "title": task_title(self.kind, lang),
            "due_at": self.due_at.isoformat(),
            "created_at": self.created_at.isoformat(),
            "customer": {"name": self.customer_name, "phone": self.customer_phone},
            "booking_id": self.booking_id,
            "note": self.note,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "done_by": self.done_by,
        }
