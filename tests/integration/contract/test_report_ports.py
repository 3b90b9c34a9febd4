"""The ports reports and their delivery rely on, on the fakes and on DynamoDB alike: vehicles whose first
service falls due per store and range (the `first_service_due` index) with the day they came in, a stored
report's deliveries, staff contact details, loaded holiday schedules."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from chalicelib.domain.booking.change import VehicleChange, decide
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.reporting.report import FirstServiceDue
from chalicelib.domain.tenancy.holidays import HolidaySchedule
from tests.integration.contract.test_booking_ports import book, customer


def test_vehicles_are_found_by_the_day_their_first_service_falls_due(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    booking = book(ports, chain_id, customer(ports, chain_id, "alice"), "09:00")
    now = ports.clock.now()
    for plate, due in (("沪F00001", "2026-12-01"), ("沪F00002", "2026-12-15"), ("沪F00003", "2026-12-31"),
                       ("沪F00004", "2027-01-01")):
        car = ports.bookings.get(booking.booking_id)
        ports.uow.commit(decide(car, car, store, now, vehicle=VehicleChange(
            plate, store_id="pudong", purchase_date="2026-09-01", first_service_due=due)))
    for came_in in ("2026-12-10", "2026-12-20"):  # only the first check-in counts
        car = ports.bookings.get(booking.booking_id)
        ports.uow.commit(decide(car, car, store, now, vehicle=VehicleChange("沪F00002", first_service_at=came_in)))
    found = ports.vehicles.first_service_due(chain_id, "pudong", date(2026, 12, 1), date(2026, 12, 31))
    assert found == [FirstServiceDue("沪F00001", date(2026, 12, 1)),
                     FirstServiceDue("沪F00002", date(2026, 12, 15), came_in=date(2026, 12, 10)),
                     FirstServiceDue("沪F00003", date(2026, 12, 31))]
    assert ports.vehicles.first_service_due(chain_id, "xuhui", date(2026, 12, 1), date(2026, 12, 31)) == []


def test_a_stored_report_keeps_how_each_delivery_went(ports, chain_id):
    day = date(2026, 11, 24)
    ports.reports.record_delivery(chain_id, "pudong", day, "digest:mgr", {"status": "sent"})  # no report yet: nothing
    assert ports.reports.put_once(chain_id, "pudong", day, {"bookings": 1}, [], ports.clock.now())
    ports.reports.record_delivery(chain_id, "pudong", day, "digest:mgr", {"to": "mgr", "status": "retry", "channel": None})
    ports.reports.record_delivery(chain_id, "pudong", day, "digest:mgr", {"to": "mgr", "status": "sent", "channel": "sms"})
    ports.reports.record_delivery(chain_id, "pudong", day, "daily_report:mgr", {"to": "mgr", "status": "failed",
                                                                                "channel": None})
    (stored,) = ports.reports.between(chain_id, "pudong", day, day)
    assert stored["deliveries"] == {"digest:mgr": {"to": "mgr", "status": "sent", "channel": "sms"},
                                    "daily_report:mgr": {"to": "mgr", "status": "failed", "channel": None}}


def test_staff_contact_details(ports, chain_id):
    ports.staff.create(StaffMember(chain_id, "mgr", "经理", Role.STORE_MANAGER, frozenset({"pudong"}), "h"))
    member = ports.staff.set_contact(chain_id, "mgr", phone="13900139000", oa_openid="oa-1")
    assert (member.phone, member.oa_openid, member.token_version) == ("13900139000", "oa-1", 0)
    assert ports.staff.get(chain_id, "mgr").oa_openid == "oa-1"
    cleared = ports.staff.set_contact(chain_id, "mgr", phone=None, oa_openid="oa-2")
    assert (cleared.phone, cleared.oa_openid) == (None, "oa-2")


def test_holiday_schedules_per_scope_and_year(ports, chain_id):
    assert ports.holidays.of_scope(chain_id) == {}
    first = HolidaySchedule(chain_id, 2027, frozenset({date(2027, 2, 5), date(2027, 2, 6)}), frozenset({date(2027, 2, 20)}))
    ports.holidays.put(first, "staff:boss", ports.clock.now())
    ports.holidays.put(HolidaySchedule(chain_id, 2028, frozenset(), frozenset()), "staff:boss", ports.clock.now())
    assert ports.holidays.of_scope(chain_id) == {2027: first, 2028: HolidaySchedule(chain_id, 2028, frozenset(),
                                                                                     frozenset())}
    replaced = replace(first, holidays=frozenset({date(2027, 2, 5)}))
    ports.holidays.put(replaced, "staff:boss", ports.clock.now())
    assert ports.holidays.of_scope(chain_id)[2027] == replaced  # a reload replaces the year, read at once


def test_a_stores_report_delivery_settings_are_kept(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    assert (store.report_kinds, store.report_recipients) == (("daily_report", "digest", "weekly_report", "monthly_report"), ())
    ports.stores.put(replace(store, report_kinds=("digest",), report_recipients=("wang", "li")))
    assert ports.stores.get(chain_id, "pudong").report_kinds == ("digest",)
    assert ports.stores.get(chain_id, "pudong").report_recipients == ("wang", "li")
    ports.stores.put(replace(store, store_id="quiet", report_kinds=()))
    assert ports.stores.get(chain_id, "quiet").report_kinds == ()  # none chosen stays none
