"""The customer's invoice request (docs/product-rules.md#the-bill): checked field by field, kept in the booking's
history once the customer has come, the last request counts, shown with the bill and in its CSV."""
from __future__ import annotations

import pytest

from chalicelib.domain.booking.bill import bill_of
from chalicelib.domain.booking.bill_csv import bill_csv
from chalicelib.domain.booking.invoice import INVOICE_EVENT, InvoiceRequest, invoice_input, invoice_of, request_invoice
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict, ValidationError
from tests.unit.test_bill import NOW, STORE, listed

COMPANY = {"kind": "company", "title": "上海某某汽车服务有限公司", "tax_id": "91310115MA1H7XXX0A",
           "email": "finance@example.com"}


@pytest.mark.parametrize(("body", "field"), [
    ({**COMPANY, "kind": "other"}, "kind"),
    ({**COMPANY, "title": "  "}, "title"),
    ({**COMPANY, "title": "抬" * 101}, "title"),
    ({**COMPANY, "tax_id": None}, "tax_id"),
    ({**COMPANY, "tax_id": "91310115ma1h7xxx0a"}, "tax_id"),
    ({**COMPANY, "tax_id": "91310115MA1H7XXX0"}, "tax_id"),
    ({"kind": "personal", "title": "张伟", "tax_id": "91310115MA1H7XXX0A"}, "tax_id"),
    ({**COMPANY, "email": "not-an-address"}, "email"),
])
def test_a_bad_request_is_refused_naming_the_field(body, field):
    with pytest.raises(ValidationError) as refused:
        invoice_input(body)
    assert refused.value.field == field


def test_a_personal_request_needs_only_the_title():
    assert invoice_input({"kind": "personal", "title": " 张伟 "}) == InvoiceRequest("personal", "张伟")


def test_asked_before_the_customer_came_is_refused():
    with pytest.raises(Conflict) as refused:
        request_invoice(listed(status=Status.CONFIRMED), STORE, NOW, "customer:c1", invoice_input(COMPANY))
    assert refused.value.field == "status"


def test_kept_in_the_history_the_last_counts_and_the_bill_and_csv_show_it():
    booking = listed(status=Status.IN_SERVICE)
    assert invoice_of(booking) is None and bill_of(booking, STORE).to_json()["invoice"] is None
    asked = request_invoice(booking, STORE, NOW, "customer:c1", invoice_input({"kind": "personal", "title": "张伟"}))
    assert asked is not None
    again = request_invoice(asked.after, STORE, NOW, "customer:c1", invoice_input(COMPANY))
    assert again is not None
    after = again.after
    assert [e.kind for e in after.events].count(INVOICE_EVENT) == 2
    assert invoice_of(after) == invoice_input(COMPANY)
    assert request_invoice(after, STORE, NOW, "customer:c1", invoice_input(COMPANY)) is None  # the same again
    bill = bill_of(after, STORE)
    assert bill.to_json()["invoice"] == COMPANY
    text = bill_csv(bill)
    assert "发票抬头,单位,上海某某汽车服务有限公司\r\n" in text and "税号,,91310115MA1H7XXX0A\r\n" in text
