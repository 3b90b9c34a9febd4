"""Call tasks: the list staff work through by phone ("提醒后2小时内,客户关系员与客户进行电话联系" [000])."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

TASK_KINDS = {
    "reminder_unacknowledged": "提醒未确认,请电话确认是否按时到店",
    "late": "客户迟到30分钟,请电话询问是否在路上",
    "near_lost": "客户6个月未回厂,请电话关怀邀约",
    "follow_up_complaint": "回访低分/投诉,请主管跟进",
    "sla_confirmation": "预约超过2小时未确认时间与价格",
}


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

    def to_json(self) -> dict:
        return {
            "task_id": self.task_id,
            "store_id": self.store_id,
            "kind": self.kind,
            "title": TASK_KINDS.get(self.kind, self.kind),
            "due_at": self.due_at.isoformat(),
            "created_at": self.created_at.isoformat(),
            "customer": {"name": self.customer_name, "phone": self.customer_phone},
            "booking_id": self.booking_id,
            "note": self.note,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "done_by": self.done_by,
        }
