"""The customer's file at the counter (docs/product-rules.md#customer-file): vehicles, visits with what was done
and the price, complaints, calls open and closed, consent, the WeChat identity, address, notes and leftovers
edited by staff with an audit trail; another advisor's edit is never overwritten unseen."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.customer_notes import FileNotes
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request

DAY = "2026-11-24"


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def test_the_file_of_a_wechat_customer_with_a_visit_a_complaint_and_calls(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    visit, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    clock.set(at(DAY, "09:55"))
    for action, note in (("check-in", None), ("start", "更换机油机滤"), ("complete", "刹车片剩余30%，下次更换")):
        svc.staff_ops.act(wang, visit.booking_id, action, staff_requests.staff_action({"note": note} if note else {}))
    clock.set(at("2026-11-26", "12:00"))
    svc.booking.feedback_own(alice, visit.booking_id, 2, "等太久了")
    svc.call_backs.from_customer(wang, "pudong", alice.subject, 10, "问保养套餐")
    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert found["wechat"] == {"linked": True, "official_account": False, "phone_verified": False}
    assert found["consent"] == {"marketing": False, "sms_opt_out": False}
    assert found["vehicles"] == [{"plate": "沪A12345", "model": "Mazda 6", "mileage": 35000, "imported": False}]
    [seen] = found["visits"]
    assert (seen["status"], seen["service"], seen["price_estimate"]) == ("completed", "保养", visit.to_json()["price_estimate"])
    assert seen["work_notes"] == ["更换机油机滤", "刹车片剩余30%，下次更换"]
    assert found["last_visit"]["booking_id"] == visit.booking_id
    assert [(c["said"], c["causes"], c["status"]) for c in found["complaints"]] == [("2/5 等太久了", ["waiting"], "open")]
    assert sorted(t["kind"] for t in found["tasks"]["open"]) == ["call_back", "follow_up_complaint"]
    assert found["address"] is None and found["audit"] == []


def test_staff_edit_address_notes_and_leftovers_with_an_audit_trail(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    mgr = add_staff(svc, chain, "li", Role.STORE_MANAGER, {"pudong"})
    svc.customer_files.edit(wang, "pudong", booked.customer_id, {"address": "浦东新区张江路1号", "leftovers": "左前轮胎磨损"})
    clock.set(at("2026-11-23", "09:00"))
    found = svc.customer_files.edit(mgr, "pudong", booked.customer_id, {"leftovers": None, "notes": "只接受上午来电"})
    assert (found["address"], found["notes"], found["leftovers"]) == ("浦东新区张江路1号", "只接受上午来电", None)
    assert [(e["by"], e["field"], e["old"], e["new"]) for e in found["audit"]] == [
        ("staff:li", "notes", None, "只接受上午来电"),
        ("staff:li", "leftovers", "左前轮胎磨损", None),
        ("staff:wang", "leftovers", None, "左前轮胎磨损"),
        ("staff:wang", "address", None, "浦东新区张江路1号"),
    ]
    assert found["audit"][0]["at"] == at("2026-11-23", "09:00").isoformat()


def test_an_edit_on_a_stale_read_is_refused(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    svc.customer_files.edit(wang, "pudong", booked.customer_id, {"notes": "老客户"})
    with pytest.raises(Conflict) as refused:  # what another advisor read before that edit
        svc.ports.customers.edit_file(chain, booked.customer_id, FileNotes({}), {"notes": "新客户"}, ())
    assert refused.value.code == "file_changed"


@pytest.mark.parametrize(("body", "field"), [({}, "address"), ({"phone": "1"}, "phone"),
                                             ({"address": "x" * 201}, "address"), ({"notes": 5}, "notes")])
def test_an_edit_of_nothing_or_of_other_fields_is_refused(svc, chain, clock, wang, body, field):
    clock.set(at("2026-11-23", "08:00"))
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    with pytest.raises(ValidationError) as refused:
        svc.customer_files.edit(wang, "pudong", booked.customer_id, body)
    assert refused.value.field == field


def test_another_stores_staff_see_no_bookings_of_stores_out_of_reach(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    li = add_staff(svc, chain, "li", Role.ADVISOR, {"xuhui"})
    assert svc.customer_files.read(li, "xuhui", booked.customer_id)["visits"] == []
    with pytest.raises(NotFound):
        svc.customer_files.read(li, "pudong", booked.customer_id)
    with pytest.raises(NotFound):
        svc.customer_files.read(wang, "pudong", "c_nobody")


def test_the_file_follows_the_wechat_customer_who_takes_the_number_over(svc, chain, clock, wang):
    """The in-memory merger as the DynamoDB one (tests/integration/test_phone_link_file.py): notes, leftovers,
    the trail and the calls about the phone customer move; an edit read before the link is refused."""
    clock.set(at("2026-11-23", "08:00"))
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    svc.customer_files.edit(wang, "pudong", booked.customer_id, {"leftovers": "左前轮胎磨损"})
    svc.call_backs.from_customer(wang, "pudong", booked.customer_id, 10, "问保养套餐")
    _, read_before = svc.ports.customers.file(chain, booked.customer_id)
    alice = customer(svc, chain, "alice")
    assert svc.phone_link.link(alice, "phone-13800138000", "沪A12345").outcome == "merged"
    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert found["leftovers"] == "左前轮胎磨损"
    assert [(e["by"], e["field"]) for e in found["audit"]] == [("phone_link", "leftovers"), ("staff:wang", "leftovers")]
    assert [t["kind"] for t in found["tasks"]["open"]] == ["call_back"]
    with pytest.raises(Conflict):
        svc.ports.customers.edit_file(chain, booked.customer_id, read_before, {"notes": "晚了"}, ())


def dms(svc, chain, plate, service_date, mileage, jobs, phone="13800138000"):
    cells = {"vin": "", "plate": plate, "model": "迈腾", "purchase_date": "", "name": "张伟", "phone": phone,
             "service_date": service_date, "mileage": str(mileage), "jobs": jobs}
    assert svc.dms_import.record(chain, "pudong", cells)["outcome"] == "imported"


def test_the_history_imported_from_the_dms_shows_in_the_file(svc, chain, clock, wang):
    """Cars and services imported from the dealer's DMS (decision 0036) are in the file's vehicles and visits,
    marked as imported, with their date, mileage and jobs; a customer known only from the DMS has a file too."""
    clock.set(at("2026-11-23", "08:00"))
    dms(svc, chain, "沪A12345", "2025-10-10", 20000, "小保养")
    dms(svc, chain, "沪A12345", "2026-04-15", 30000, "大保养；更换刹车片")
    dms(svc, chain, "沪B55555", "2026-02-01", 8000, "首保")
    source = phone_customer_id(chain, "13800138000")
    only_dms = svc.customer_files.read(wang, "pudong", source)
    assert sorted((v["plate"], v["imported"]) for v in only_dms["vehicles"]) == [("沪A12345", True), ("沪B55555", True)]
    booked = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    assert booked.customer_id == source
    found = svc.customer_files.read(wang, "pudong", source)
    cars = {v["plate"]: v for v in found["vehicles"]}
    assert (cars["沪A12345"]["model"], cars["沪A12345"]["mileage"], cars["沪A12345"]["imported"]) == ("Mazda 6", 52000, True)
    assert cars["沪B55555"] == {"plate": "沪B55555", "model": "迈腾", "mileage": 8000, "imported": True}
    assert [(v["source"], v["date"], v["plate"], v["mileage"], v["jobs"]) for v in found["visits"]] == [
        ("booking", "2026-11-24", "沪A12345", 52000, None),
        ("dms", "2026-04-15", "沪A12345", 30000, "大保养；更换刹车片"),
        ("dms", "2026-02-01", "沪B55555", 8000, "首保"),
        ("dms", "2025-10-10", "沪A12345", 20000, "小保养"),
    ]
    assert found["visits"][0]["booking_id"] == booked.booking_id and found["visits"][1]["booking_id"] is None


def test_a_customer_known_only_from_the_dms_is_taken_over_with_their_imported_cars(svc, chain, clock, wang):
    """Linking reads the phone customer's cars on file, not only those of their bookings: a plate imported
    from the DMS matches, the car moves and its history shows in the WeChat customer's file."""
    clock.set(at("2026-11-23", "08:00"))
    dms(svc, chain, "沪A12345", "2026-04-15", 30000, "大保养")
    alice = customer(svc, chain, "alice")
    linked = svc.phone_link.link(alice, "phone-13800138000", "沪A12345")
    assert (linked.outcome, linked.vehicles) == ("merged", 1)
    found = svc.customer_files.read(wang, "pudong", alice.subject)
    assert [(v["source"], v["date"], v["jobs"]) for v in found["visits"]] == [("dms", "2026-04-15", "大保养")]
    assert found["vehicles"] == [{"plate": "沪A12345", "model": "迈腾", "mileage": 30000, "imported": True}]


def test_the_leftovers_and_notes_show_on_the_day_plan_row_of_the_customers_next_booking(svc, chain, clock, wang):
    """The leftovers and notes of the file are on the row of each booking of theirs still to be done (the job
    order's draft), however the booking was made (here in the mini-program, without 带入预约), as they read now;
    not on a finished one."""
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    visit, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    nxt, _ = svc.booking.book_online(alice, request(at("2026-11-25", "10:00")), "k2")
    clock.set(at(DAY, "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(wang, visit.booking_id, action, staff_requests.staff_action({}))
    svc.customer_files.edit(wang, "pudong", alice.subject, {"leftovers": "左前轮胎磨损", "notes": "只接受上午来电"})
    [done] = svc.staff_desk.day_plan(wang, "pudong").entries
    assert done.to_json()["carried"] is None
    [row] = svc.staff_desk.day_plan(wang, "pudong", nxt.start.date()).entries
    assert row.to_json()["carried"] == {"leftovers": "左前轮胎磨损", "notes": "只接受上午来电"}
