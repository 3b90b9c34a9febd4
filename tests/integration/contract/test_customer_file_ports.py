"""The customer's file on the ports, on the fakes and on DynamoDB alike (docs/product-rules.md#customer-file):
read with the customer, edited only over what the editor read, the trail kept as written."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.people import customer_notes
from chalicelib.domain.people.customer_notes import FileNotes
from tests.integration.contract.test_booking_ports import customer


def test_the_file_is_edited_over_what_was_read_with_its_trail(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    person, before = ports.customers.file(chain_id, alice.subject)
    assert person.customer_id == alice.subject and before == FileNotes({"address": None, "notes": None, "leftovers": None})
    changes = {"address": "浦东新区张江路1号", "leftovers": "左前轮胎磨损"}
    entries = customer_notes.audit(before, changes, ports.clock.now(), "staff:wang")
    after = ports.customers.edit_file(chain_id, alice.subject, before, changes, customer_notes.trail(entries, ()))
    assert (after.get("address"), after.get("leftovers"), after.get("notes")) == ("浦东新区张江路1号", "左前轮胎磨损", None)
    assert [(e.field, e.by, e.old, e.new, e.at) for e in after.audit] == [
        ("leftovers", "staff:wang", None, "左前轮胎磨损", ports.clock.now()),
        ("address", "staff:wang", None, "浦东新区张江路1号", ports.clock.now())]
    assert ports.customers.file(chain_id, alice.subject)[1] == after
    with pytest.raises(Conflict):  # edited on the read from before the first edit
        ports.customers.edit_file(chain_id, alice.subject, before, {"address": "别处"}, ())
    cleared = ports.customers.edit_file(chain_id, alice.subject, after, {"leftovers": None}, after.audit)
    assert cleared.get("leftovers") is None and cleared.get("address") == "浦东新区张江路1号"
    with pytest.raises(NotFound):
        ports.customers.file(chain_id, "c_nobody")
