"""The bill (结算单) of a booking, item by item (docs/product-rules.md#the-bill): labour at the list rate, the
segment discount as its own negative line, parts, each approved extra-work item, the coupon, the deposit already
paid; the balance is what the lines add up to, never below 0 (a refund is then due). An estimate while the job is
not completed, the final bill once it is; staff may set the final labour and parts at completion or after (an
event in the booking's history, so setting them is one conditioned booking change). Pure; all integer fen."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from .. import money
from ..errors import Conflict
from ..tenancy.store import Store
from .booking import Booking, Event
from .change import BookingChange, decide
from .extra_items import APPROVED
from .invoice import InvoiceRequest, invoice_of
from .lifecycle import ARRIVED, Status
from .payment import Deposit, DepositState
from .quote import quote

ESTIMATE, FINAL = "estimate", "final"
FINAL_EVENT = "bill_final"  # note: "<labour fen> <parts fen>", the final amounts staff set
LABOUR, DISCOUNT, PARTS, EXTRA, COUPON, DEPOSIT = "labour", "discount", "parts", "extra_work", "coupon", "deposit"
BALANCE_PAID = "balance_paid"  # the balance paid in the mini-program (balance.py): what was left, now 0
PAID_LINES = (DEPOSIT, BALANCE_PAID)  # money paid, not charged


@dataclass(frozen=True)
class Line:
    kind: str  # LABOUR, DISCOUNT, PARTS, EXTRA, COUPON or DEPOSIT
    fen: int  # what it adds to the balance: a discount, a coupon and a deposit are negative
    what: str = ""  # an extra-work item's what
    item_id: str | None = None  # an extra-work item's id

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "what": self.what, "item_id": self.item_id, "fen": self.fen,
                "amount": money.yuan(self.fen)}


@dataclass(frozen=True)
class Bill:
    booking_id: str
    stage: str  # ESTIMATE or FINAL
    lines: tuple[Line, ...]
    priced: bool  # False when neither the price list nor the advisor put a price on the job
    invoice: InvoiceRequest | None = None  # the customer's invoice request, passed on to the store
    balance_mode: str | None = None  # where the chain takes the balance: "cashier" or "mini_program" (balance.py)
    balance_payment: Deposit | None = None  # the balance's payment in the mini-program, once ordered

    @property
    def charged_fen(self) -> int:
        """What the job costs the customer: every line but the deposit (the day's revenue)."""
        return sum(line.fen for line in self.lines if line.kind not in PAID_LINES)

    @property
    def balance_fen(self) -> int:
        """What is left to pay at pickup, never below 0."""
        return max(sum(line.fen for line in self.lines), 0)

    @property
    def refund_fen(self) -> int:
        """What goes back to the customer when the deposit paid is more than the bill."""
        return max(-sum(line.fen for line in self.lines), 0)

    def to_json(self) -> dict[str, object]:
        return {"booking_id": self.booking_id, "stage": self.stage, "priced": self.priced,
                "lines": [line.to_json() for line in self.lines],
                "charged_fen": self.charged_fen, "charged": money.yuan(self.charged_fen),
                "balance_fen": self.balance_fen, "balance": money.yuan(self.balance_fen),
                "refund_fen": self.refund_fen, "refund": money.yuan(self.refund_fen),
                "invoice": self.invoice.to_json() if self.invoice else None,
                "balance_mode": self.balance_mode,
                "balance_payment": self.balance_payment.receipt_json() if self.balance_payment else None}


@dataclass(frozen=True)
class Amounts:
    labour: int  # fen, at the list rate (before the segment discount)
    parts: int  # fen


def final_amounts(booking: Booking) -> Amounts | None:
    """The last final labour and parts staff set, or None."""
    found = None
    for e in booking.events:
        if e.kind == FINAL_EVENT and e.note:
            labour, _, parts = e.note.partition(" ")
            found = Amounts(int(labour), int(parts))
    return found


def _amounts(booking: Booking, store: Store | None) -> tuple[Amounts, float] | None:
    """The labour and parts billed and the discount on that labour: the final amounts staff set; else the price
    list's when they make the price the booking carries (less its coupon, which takes off labour only); else the
    booking's price as labour already discounted, so the bill adds up to what the customer was told; None when
    the booking carries no price."""
    final = final_amounts(booking)
    if final is not None:
        return final, booking.discount
    if booking.price_estimate is None:
        return None
    listed = quote(store, booking.service_type, booking.discount) if store is not None else None
    if listed is not None and listed.total - min(booking.coupon_fen or 0, listed.labour_due) == booking.price_estimate:
        return Amounts(listed.labour, listed.parts), booking.discount
    return Amounts(booking.price_estimate + (booking.coupon_fen or 0), 0), 0.0


def bill_of(booking: Booking, store: Store | None) -> Bill:
    """The booking's bill: final once the job is completed, an estimate before."""
    stage = FINAL if booking.status is Status.COMPLETED else ESTIMATE
    found = _amounts(booking, store)
    amounts, discount = found if found is not None else (Amounts(0, 0), 0.0)
    off = amounts.labour - money.discounted(amounts.labour, discount)
    lines = [Line(LABOUR, amounts.labour), Line(DISCOUNT, -off), Line(PARTS, amounts.parts)]
    lines += [Line(EXTRA, i.price_fen, i.what, i.item_id) for i in booking.extra_work if i.status == APPROVED]
    coupon = min(booking.coupon_fen or 0, amounts.labour - off)  # a coupon takes off labour only
    lines += [Line(COUPON, -coupon), Line(DEPOSIT, -(booking.payment.kept_fen if booking.payment else 0))]
    paid = booking.balance if booking.balance and booking.balance.state is DepositState.PAID else None
    lines += [Line(BALANCE_PAID, -paid.paid_fen, paid.transaction_id or "")] if paid else []
    return Bill(booking.booking_id, stage, tuple(lines), priced=found is not None, invoice=invoice_of(booking),
                balance_payment=booking.balance)


def final_charged_fen(booking: Booking) -> int | None:
    """What a completed, priced job costs the customer by its final bill (the report's revenue), or None. The
    split of the advisor's price needs no store: its total is the same."""
    if booking.status is not Status.COMPLETED:
        return None
    bill = bill_of(booking, None)
    return bill.charged_fen if bill.priced else None


def set_final(booking: Booking, store: Store, now: datetime, by: str, labour: int, parts: int) -> BookingChange | None:
    """Staff set the final labour (at the list rate) and parts of a job the customer came for; None when they
    are already so."""
    if booking.status not in ARRIVED:
        raise Conflict(f"the customer has not come (the booking is {booking.status.value})", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    if final_amounts(booking) == Amounts(labour, parts):
        return None
    _unlocked(booking)
    event = Event(at=now, kind=FINAL_EVENT, by=by, note=f"{labour} {parts}")
    return decide(booking, replace(booking, events=booking.events + (event,)), store, now)


def _unlocked(booking: Booking) -> None:
    """The final amounts stay as they were paid: refused once the balance is paid in the mini-program (a correction
    is made at the cashier), and while an order for it is open (the use case closes it at WeChat Pay first)."""
    payment = booking.balance
    if payment is not None and payment.state is DepositState.PAID:
        raise Conflict("the balance was paid by this bill; correct it at the cashier", field="bill",
                       code="bill_paid")
    if payment is not None and payment.state is DepositState.ORDERED:
        raise Conflict("the customer is paying this bill; try again in a moment", field="bill",
                       code="balance_order_open")
