"""The store report on a day played out through the use cases, its figures counted by hand; the evening run
that stores each store-day once with the next day's digest."""
from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Forbidden, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request


def phone(start: str, plate: str, **extra):
    return staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "start": start, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}, **extra}
    )


def test_report_of_a_played_out_day(svc, chain, clock, mgr):
    ops = svc.staff_ops
    alice, bob = customer(svc, chain, "alice"), customer(svc, chain, "bob")

    clock.set(at("2026-11-23", "08:00"))
    a, _ = svc.booking.book_online(alice, request(at("2026-11-24", "09:00")), "a")
    b = ops.book(mgr, "pudong", phone("2026-11-24T10:00:00+08:00", "沪B10000", advisor="mgr"))
    c = ops.book(mgr, "pudong", phone("2026-11-24T11:00:00+08:00", "沪C10000"))
    d, _ = svc.booking.book_online(bob, request(at("2026-11-24", "14:00"), plate="沪D10000"), "d")
    # two new cars: one's first service falls due on the 24th and it comes in; the other's on the 23rd, and not
    new_car = {"model": "Mazda 3", "mileage": 3000}
    g, _ = svc.booking.book_online(customer(svc, chain, "carol"), request(
        at("2026-11-24", "13:00"), plate="沪G10000", service_type="first_service",
        vehicle={"plate": "沪G10000", **new_car, "purchase_date": "2026-08-24"}), "g")
    ops.book(mgr, "pudong", phone("2026-11-25T10:00:00+08:00", "沪H10000", service_type="maintenance",
                                  vehicle={"plate": "沪H10000", **new_car, "purchase_date": "2026-08-23"}))
    ops.act(mgr, g.booking_id, "confirm", {})
    clock.set(at("2026-11-23", "08:30"))
    ops.act(mgr, a.booking_id, "confirm", {})
    clock.set(at("2026-11-23", "09:00"))
    svc.booking.cancel_own(bob, d.booking_id)
    clock.set(at("2026-11-23", "11:00"))
    ops.act(mgr, b.booking_id, "confirm", {})  # three hours after booking: an SLA miss

    clock.set(at("2026-11-24", "08:00"))
    f = ops.book(mgr, "pudong", phone("2026-11-24T16:00:00+08:00", "沪F10000", estimate={"price": 300}))
    clock.set(at("2026-11-24", "09:05"))
    for action in ("check-in", "start", "complete"):
        ops.act(mgr, a.booking_id, action, {})
    clock.set(at("2026-11-24", "10:25"))
    ops.act(mgr, b.booking_id, "check-in", {})  # 25 minutes late: past the 10-minute grace
    clock.set(at("2026-11-24", "12:00"))
    ops.act(mgr, c.booking_id, "no-show", {})  # never confirmed either: an SLA miss
    clock.set(at("2026-11-24", "13:00"))
    ops.act(mgr, g.booking_id, "check-in", {})
    clock.set(at("2026-11-24", "15:10"))
    walk_in = ops.book(mgr, "pudong", staff_requests.staff_booking_request({
        **PHONE_BOOKING, "source": "walk_in", "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪E10000"},
    }))
    ops.act(mgr, walk_in.booking_id, "start", {})
    clock.set(at("2026-11-24", "15:55"))
    ops.act(mgr, f.booking_id, "check-in", {})

    clock.set(at("2026-11-24", "18:00"))
    found = svc.reports.store_report(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 24))
    first, second = found["days"]
    assert first["bookings"] == 0 and first["appointment_rate"] is None and first["kept_rate"] is None
    assert second == {
        "day": "2026-11-24", "bookings": 6, "arrivals": 5, "booked_arrivals": 4, "walk_ins": 1,
        "on_time_arrivals": 3, "no_shows": 1, "cancellations": 1, "appointment_rate": 0.8, "sla_misses": 2,
        "bookings_due": 5, "kept": 4, "kept_rate": 0.8,
        "by_service": {"first_service": 1, "maintenance": 2, "repair": 3},  # they add up to the bookings: the
        "by_source": {"mini_program": 3, "phone": 3},  # walk-in is an arrival, not a booking
        "sla_by_advisor": {"mgr": 1, "unassigned": 1},
        # the arrivals' estimates from the price list, no slot discounted: a maintenance 2 h x 180 + 350 = 710.00,
        # b and the walk-in repair 2 h x 200 + 500 = 900.00 each, g's first service 0, f the advisor's 300.00
        "revenue_fen": 71000 + 90000 + 90000 + 0 + 30000, "priced_arrivals": 5,
        "coupon_bookings": 0, "coupon_fen": 0,
    }
    assert found["totals"] == {**{k: v for k, v in second.items() if k != "day"},
                               "first_service_due": 2, "first_service_arrived": 1, "first_service_rate": 0.5}


def test_report_refusals(svc, chain, mgr):
    advisor = add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    with pytest.raises(Forbidden):
        svc.staff_desk.report(advisor, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    with pytest.raises(ValidationError) as err:
        svc.staff_desk.report(mgr, "pudong", date(2026, 11, 1), date(2026, 12, 31))
    assert err.value.field == "to"


def test_the_evening_run_stores_each_store_day_once_with_tomorrows_digest(svc, chain, clock):
    mgr = add_staff(svc, chain, "mgr", Role.STORE_MANAGER, {"pudong", "xuhui"})
    ops = svc.staff_ops
    ops.book(mgr, "pudong", phone("2026-11-24T10:00:00+08:00", "沪B10000", advisor="mgr"))
    ops.book(mgr, "pudong", phone("2026-11-24T09:00:00+08:00", "沪C10000", priority="recall"))
    clock.set(at("2026-11-23", "19:59"))
    assert svc.daily_report.run()["reported"] == 0
    clock.set(at("2026-11-23", "20:00"))
    assert svc.daily_report.run()["reported"] == 2
    assert svc.daily_report.run()["reported"] == 0
    (stored,) = svc.staff_desk.daily_reports(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    assert stored["day"] == "2026-11-23" and stored["figures"]["bookings"] == 0
    assert [(d["time"], d["plate"], d["advisor"], d["priority"]) for d in stored["digest"]] == [
        ("09:00", "沪C10000", "", "recall"), ("10:00", "沪B10000", "mgr顾问", ""),
    ]


def test_a_walk_in_for_its_first_service_counts_as_come_in(svc, chain, clock, mgr):
    clock.set(at("2026-11-24", "10:05"))
    svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request({
        **PHONE_BOOKING, "source": "walk_in", "service_type": "first_service",
        "vehicle": {"plate": "沪W10000", "model": "Mazda 3", "mileage": 2500, "purchase_date": "2026-09-01"}}))
    svc.staff_ops.book(mgr, "pudong", phone("2026-11-25T10:00:00+08:00", "沪X10000", service_type="maintenance",
                                            vehicle={"plate": "沪X10000", "model": "Mazda 3", "mileage": 2500,
                                                     "purchase_date": "2026-09-15"}))
    totals = svc.reports.store_report(mgr, "pudong", date(2026, 12, 1), date(2026, 12, 31))["totals"]
    assert (totals["first_service_due"], totals["first_service_arrived"], totals["first_service_rate"]) == (2, 1, 0.5)
    assert svc.reports.store_report(mgr, "pudong", date(2026, 11, 1), date(2026, 11, 30))["totals"][
        "first_service_due"] == 0
