"""The customer's invoice request (docs/product-rules.md#the-bill) through the use case on the in-memory ports:
their own booking only, once they have come; kept as one conditioned booking change that the bill then shows."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.invoice import INVOICE_EVENT, invoice_input
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.people.principal import Principal
from tests.conftest import at
from tests.service.test_extra_work import DAY, owner, under_way, wang  # noqa: F401  (wang is a fixture)
from tests.support.bookings import PHONE_BOOKING

COMPANY = {"kind": "company", "title": "上海某某汽车服务有限公司", "tax_id": "91310115MA1H7XXX0A"}


def test_the_owner_asks_once_they_came_and_the_bill_shows_it(svc, clock, wang):  # noqa: F811
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "11:00"))
    bill = svc.bills.request_invoice(owner(svc, booking), booking.booking_id, invoice_input(COMPANY))
    assert bill.to_json()["invoice"] == {**COMPANY, "email": None}
    stored = svc.ports.bookings.get(booking.booking_id)
    assert stored.version == booking.version + 1
    [event] = [e for e in stored.events if e.kind == INVOICE_EVENT]
    assert (event.at, event.by) == (at(DAY, "11:00"), f"customer:{booking.customer_id}")
    assert svc.bills.for_staff(wang, booking.booking_id).invoice == invoice_input(COMPANY)
    svc.bills.request_invoice(owner(svc, booking), booking.booking_id, invoice_input(COMPANY))  # the same again
    assert svc.ports.bookings.get(booking.booking_id).version == stored.version


def test_someone_elses_booking_is_missing_and_before_arrival_is_refused(svc, clock, wang):  # noqa: F811
    clock.set(at(DAY, "08:00"))
    booking = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    with pytest.raises(Conflict) as refused:
        svc.bills.request_invoice(owner(svc, booking), booking.booking_id, invoice_input(COMPANY))
    assert refused.value.field == "status"
    svc.staff_ops.act(wang, booking.booking_id, "check-in")
    stranger = Principal("someone-else", booking.chain_id, "customer")
    with pytest.raises(NotFound):
        svc.bills.request_invoice(stranger, booking.booking_id, invoice_input(COMPANY))
    assert INVOICE_EVENT not in [e.kind for e in svc.ports.bookings.get(booking.booking_id).events]
