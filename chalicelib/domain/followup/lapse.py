"""Customers drifting away (招揽/流失, docs/product-rules.md#lapse): no visit for 3 months → invitation and
the proactive list; 6 months → near-lost, a staff call; 9 months → lost. Each stage is dated from the
last visit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from . import contact

STAGES: tuple[tuple[str, int], ...] = (("invite", 3), ("near_lost", 6), ("lost", 9))  # months after the visit
CONTACT_TIME = time(10, 0)
TIER_OF = {"invite": "invited", "near_lost": "near_lost", "lost": "lost"}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stage_at(stage: str, last_visit: date, tz: ZoneInfo, key: str = "") -> datetime:
    """The stage's day, at the customer's moment of the contact window (`key`: the customer id)."""
    months = dict(STAGES)[stage]
    day = add_months(last_visit, months)
    return contact.spread(day, key, tz) if key else datetime.combine(day, CONTACT_TIME, tzinfo=tz)


def following(stage: str) -> str | None:
    names = [name for name, _ in STAGES]
    index = names.index(stage)
    return names[index + 1] if index + 1 < len(names) else None


@dataclass(frozen=True)
class LapseDue:
    """A customer whose next lapse stage is due, as the lapse index holds them."""

    chain_id: str
    customer_id: str
    name: str
    phone: str | None
    honorific: str | None
    stage: str
    at: str  # as stored: the claim compares it
    last_visit: str | None
    home_store: str | None
    last_plate: str | None
