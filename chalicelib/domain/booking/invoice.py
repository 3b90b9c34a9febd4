"""The customer's invoice request (发票抬头、税号) on a booking (docs/product-rules.md#the-bill): we issue no
invoice; the request is kept in the booking's history (an event, so asking is one conditioned booking change) and
the store reads it with the bill. Asked once the customer has come; asked again, the last request counts. Pure."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import datetime

from .. import codec
from ..errors import Conflict, ValidationError
from ..tenancy.store import Store
from .booking import Booking, Event
from .change import BookingChange, decide
from .lifecycle import ARRIVED

INVOICE_EVENT = "invoice_requested"  # note: the request as JSON
PERSONAL, COMPANY = "personal", "company"
MAX_TITLE = 100
_TAX_ID = re.compile(r"[0-9A-Z]{18}")  # 统一社会信用代码
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class InvoiceRequest:
    kind: str  # PERSONAL or COMPANY
    title: str  # 抬头
    tax_id: str | None = None  # a company's 统一社会信用代码
    email: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "title": self.title, "tax_id": self.tax_id, "email": self.email}


def _text(body: dict[str, object], field: str) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text", field=field)
    return value.strip() or None


def invoice_input(body: dict[str, object]) -> InvoiceRequest:
    """The request as sent, refused naming the field that is wrong."""
    kind = body.get("kind")
    if kind not in (PERSONAL, COMPANY):
        raise ValidationError("kind must be personal or company", field="kind")
    title = _text(body, "title")
    if title is None or len(title) > MAX_TITLE:
        raise ValidationError(f"title must be 1 to {MAX_TITLE} characters", field="title")
    tax_id = _text(body, "tax_id")
    if kind == COMPANY and (tax_id is None or not _TAX_ID.fullmatch(tax_id)):
        raise ValidationError("a company's tax_id is 18 digits and capital letters", field="tax_id")
    if kind == PERSONAL and tax_id is not None:
        raise ValidationError("a personal invoice has no tax_id", field="tax_id")
    email = _text(body, "email")
    if email is not None and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        raise ValidationError("email is not an e-mail address", field="email")
    return InvoiceRequest(str(kind), title, tax_id, email)


def invoice_of(booking: Booking) -> InvoiceRequest | None:
    """The last invoice request the customer made on the booking, or None."""
    found = None
    for e in booking.events:
        if e.kind == INVOICE_EVENT and e.note:
            data = json.loads(e.note)
            found = InvoiceRequest(data["kind"], data["title"], data.get("tax_id"), data.get("email"))
    return found


def request_invoice(booking: Booking, store: Store, now: datetime, by: str,
                    request: InvoiceRequest) -> BookingChange | None:
    """The customer asks for an invoice once they have come; None when they already asked for just this."""
    if booking.status not in ARRIVED:
        raise Conflict(f"the customer has not come (the booking is {booking.status.value})", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    if invoice_of(booking) == request:
        return None
    note = codec.canonical(request.to_json())
    event = Event(at=now, kind=INVOICE_EVENT, by=by, note=note)
    return decide(booking, replace(booking, events=booking.events + (event,)), store, now)
