"""Extra work (增项) found during a job, as the booking holds it (docs/product-rules.md#extra-work): each item
proposed by staff (what, why, labour hours, parts, price in fen, its time impact) and the customer's recorded
answer (in the mini-program, or on the phone with who said what, when). Pure values and readings; the
decisions are in extra_work.py (the customer's and the phone answer) and floor/extra_work.py (a proposal)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import money

PROPOSED, APPROVED, DECLINED = "proposed", "approved", "declined"
ANSWER_WITHIN = timedelta(minutes=30)  # an unanswered proposal becomes the advisor's call after this
ESCALATED_EVENT = "extra_work_call"  # the step that opened the call; note: the item ids it covered
MAX_ITEMS = 20


@dataclass(frozen=True)
class ExtraItem:
    item_id: str  # x1, x2 … in the booking
    what: str
    why: str
    labour_hours: float
    parts: str  # the parts it needs, as staff name them ("" for none)
    price_fen: int  # labour and parts, what the customer pays for it
    minutes: int  # how much later the car is handed back when it is done
    proposed_at: datetime
    proposed_by: str
    status: str = PROPOSED
    decided_at: datetime | None = None
    decided_by: str | None = None  # customer:<id> in the mini-program, staff:<username> for a phone answer
    said: str | None = None  # a phone answer: who said what ("车主本人电话同意")
    told_at: datetime | None = None  # a phone answer: when the customer was told

    def to_json(self) -> dict[str, object]:
        return {"item_id": self.item_id, "what": self.what, "why": self.why, "labour_hours": self.labour_hours,
                "parts": self.parts, "price": money.yuan(self.price_fen), "price_fen": self.price_fen,
                "minutes": self.minutes, "status": self.status, "proposed_at": self.proposed_at.isoformat(),
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "by_phone": bool(self.decided_by and self.decided_by.startswith("staff:")), "said": self.said,
                "told_at": self.told_at.isoformat() if self.told_at else None}


def pending(items: Sequence[ExtraItem]) -> list[ExtraItem]:
    return [i for i in items if i.status == PROPOSED]


def approved_fen(items: Sequence[ExtraItem]) -> int:
    """What the approved extra work adds to the bill."""
    return sum(i.price_fen for i in items if i.status == APPROVED)


def escalation_due(items: Sequence[ExtraItem], escalated: Sequence[str]) -> datetime | None:
    """When the earliest proposal still unanswered and not yet called about becomes a call, or None."""
    waiting = [i.proposed_at + ANSWER_WITHIN for i in pending(items) if i.item_id not in escalated]
    return min(waiting, default=None)


def escalated_ids(notes: Sequence[str | None]) -> list[str]:
    """The item ids the escalation events covered (their notes: ids separated by commas)."""
    return [item for note in notes for item in (note or "").split(",") if item]
