"""Phone linking on the embedded DynamoDB: what staff kept in the phone-only customer's file (address, notes,
leftovers, the audit trail, the calls about them) and the store's search index follow the WeChat customer who
takes the number over, in the linking's own conditioned transaction (docs/product-rules.md#customer-file)."""
from __future__ import annotations

import pytest

from chalicelib.adapters.dynamo.models import CustomerModel
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import NotFound
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer

PHONE, PLATE = "13800138000", "沪A12345"


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def phone_booking(svc, wang, **changes):
    return svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, **changes}),
                              NO_PARTS)


def test_the_phone_customers_file_and_search_entries_follow_them_on_linking(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = phone_booking(svc, wang)
    source = booked.customer_id
    svc.customer_files.edit(wang, "pudong", source, {"address": "浦东新区张江路1号", "notes": "只接受上午来电",
                                                     "leftovers": "左前轮胎磨损"})
    svc.call_backs.from_customer(wang, "pudong", source, 10, "问保养套餐")
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "09:00"))
    svc.customer_files.edit(wang, "pudong", alice.subject, {"notes": "微信老客户"})
    clock.set(at("2026-11-23", "10:00"))
    assert svc.phone_link.link(alice, f"phone-{PHONE}", PLATE).outcome == "merged"

    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert (found["address"], found["leftovers"]) == ("浦东新区张江路1号", "左前轮胎磨损")
    assert found["notes"] == "微信老客户\n只接受上午来电"
    assert [v["booking_id"] for v in found["visits"]] == [booked.booking_id]
    assert [t["kind"] for t in found["tasks"]["open"]] == ["call_back"]
    trail = [(e["by"], e["field"], e["old"], e["new"]) for e in found["audit"]]
    assert trail[:3] == [("phone_link", "address", None, "浦东新区张江路1号"),
                         ("phone_link", "leftovers", None, "左前轮胎磨损"),
                         ("phone_link", "notes", "微信老客户", "微信老客户\n只接受上午来电")]
    assert ("staff:wang", "notes", None, "微信老客户") in trail[3:]
    assert ("staff:wang", "leftovers", None, "左前轮胎磨损") in trail[3:]  # the phone customer's trail came along
    # the search index points at the customer who took the number over, by plate, phone and name
    for typed in ("A12345", "8000", "张伟"):
        _, hits = svc.staff_desk.search(wang, "pudong", typed)
        assert [(h.booking_id, h.customer_id) for h in hits] == [(booked.booking_id, alice.subject)], typed
    # the phone-only customer keeps no file of its own, and cannot be edited any more
    left = CustomerModel.get(chain, phone_customer_id(chain, PHONE))
    assert (left.file_notes, left.file_leftovers, left.file_audit, left.merged_into) == (None, None, None, alice.subject)
    with pytest.raises(NotFound):
        svc.customer_files.edit(wang, "pudong", source, {"notes": "晚了"})


def test_an_owed_rebooking_follows_the_customer_who_took_the_number_over(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = phone_booking(svc, wang)
    svc.staff_ops.act(wang, booked.booking_id, "cancel", staff_requests.staff_action({}))  # the store cancelled
    [call] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.booking_id == booked.booking_id]
    alice = customer(svc, chain, "alice")
    assert svc.phone_link.link(alice, f"phone-{PHONE}", PLATE).outcome == "merged"
    assert svc.ports.customers.get(chain, alice.subject).rebook_priority
    again = phone_booking(svc, wang, start="2026-11-25T10:00:00+08:00")
    assert again.customer_id == alice.subject
    assert not svc.ports.tasks.get(chain, "pudong", call.task_id).is_open  # closed as rebooked
    assert not svc.ports.customers.get(chain, alice.subject).rebook_priority
