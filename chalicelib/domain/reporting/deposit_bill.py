"""The daily reconciliation of deposits against WeChat Pay's trade bill (docs/product-rules.md#deposit-payment):
what the bill says each order collected and refunded, and the call task a disagreement opens on its booking."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from ..booking import balance
from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.deposits import mismatches
from ..booking.payment import BillRow
from ..floor.task_rules import booking_task
from ..tenancy.store import Store

MISMATCH = "deposit_mismatch"


def bill_totals(rows: Iterable[BillRow]) -> dict[str, tuple[int, int]]:
    """Per order number: (collected, refunded) in fen, by the bill."""
    totals: dict[str, tuple[int, int]] = {}
    for row in rows:
        collected, refunded = totals.get(row.order_no, (0, 0))
        if row.state == "REFUND":
            refunded += row.amount_fen
        else:
            collected += row.amount_fen
        totals[row.order_no] = (collected, refunded)
    return totals


def reconcile(booking: Booking, store: Store, now: datetime, day: date, collected: int,
              refunded: int, order_no: str | None = None) -> BookingChange | None:
    """Nothing when the booking's deposit (or, for a balance order's `order_no`, its balance: decision 0077) agrees
    with the bill; else a store manager's call task (once per booking and bill day) and an event that says what
    disagrees."""
    payment = booking.payment
    if order_no is not None and balance.booking_id_of(order_no) is not None:
        payment = booking.balance if booking.balance and booking.balance.order_no == order_no else None
    found = mismatches(payment, collected, refunded)
    if not found:
        return None
    task = booking_task(booking, store, MISMATCH, now, occurrence=day.isoformat(), note="; ".join(found))
    if (MISMATCH, task.task_id) in booking.open_tasks:
        return None
    after = replace(booking, events=booking.events + (
        Event(at=now, kind=MISMATCH, by="system", note=f"{day.isoformat()}: {'; '.join(found)}"),))
    return decide(booking, after, store, now, open_tasks=(task,))
