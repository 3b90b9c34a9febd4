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


def test_the_files_of_many_customers_in_one_read(ports, chain_id):
    alice, bob = customer(ports, chain_id, "alice"), customer(ports, chain_id, "bob")
    _, before = ports.customers.file(chain_id, alice.subject)
    ports.customers.edit_file(chain_id, alice.subject, before, {"leftovers": "左前轮胎磨损"}, ())
    found = ports.customers.files(chain_id, [alice.subject, bob.subject, "c_nobody", alice.subject])
    assert set(found) == {alice.subject, bob.subject}
    assert found[alice.subject].get("leftovers") == "左前轮胎磨损" and found[bob.subject].get("leftovers") is None


def test_the_cars_on_file_with_their_imported_services(ports, chain_id):
    from datetime import date

    from chalicelib.domain.people.customer import phone_customer_id
    from chalicelib.domain.people.dms_rows import changes, read_row

    store = ports.stores.get(chain_id, "pudong")
    owner = phone_customer_id(chain_id, "13800138000")
    for day, km, jobs in (("2025-10-10", 20000, "小保养"), ("2026-04-15", 30000, "大保养")):
        row = read_row(1, {"plate": "沪A12345", "model": "迈腾", "name": "张伟", "phone": "13800138000",
                           "service_date": day, "mileage": str(km), "jobs": jobs, "purchase_date": "", "vin": ""},
                       date(2026, 11, 23))
        customer_change, vehicle_change = changes(row, owner, store, date(2026, 11, 23))
        history = {"date": day, "mileage": km, "jobs": jobs, "source": "dms"}
        assert ports.imports.apply_row(chain_id, owner, None, customer_change, vehicle_change, history) == "imported"
    assert ports.customers.file(chain_id, owner)[1].plates == ("沪A12345",)  # the car is on the customer's file
    [car] = ports.car_files.cars(chain_id, ["沪A12345", "沪B00000"])
    assert (car.plate, car.customer_id, car.model, car.mileage) == ("沪A12345", owner, "迈腾", 30000)
    assert [(s.day, s.mileage, s.jobs, s.source) for s in car.history] == [
        ("2025-10-10", 20000, "小保养", "dms"), ("2026-04-15", 30000, "大保养", "dms")]
