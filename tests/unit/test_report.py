from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.domain.booking.booking import Booking, Event
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.reporting.report import day_figures, sla_missed, totals

SH = ZoneInfo("Asia/Shanghai")


def t(day: int, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(2026, 11, day, h, m, tzinfo=SH)


def booking(bid, start, status, source="phone", events=()):
    return Booking(
        booking_id=bid, chain_id="c", store_id="s", customer_id="x", status=status, start=start,
        end=start + timedelta(minutes=30), service_type="maintenance", tier="normal", discount=0.0, source=source,
        customer_name="张伟", customer_phone="13800138000", plate="沪A12345", vehicle_model="M", mileage=1,
        labour_hours=1.0, events=tuple(Event(at, kind, "x") for kind, at in events),
    )


def test_sla():
    booked = ("booked", t(23, "08:00"))
    assert not sla_missed(
        booking("a", t(24, "09:00"), Status.CONFIRMED, events=[booked, ("confirmed", t(23, "10:00"))]), t(24, "12:00")
    )
    assert sla_missed(
        booking("b", t(24, "09:00"), Status.CONFIRMED, events=[booked, ("confirmed", t(23, "10:01"))]), t(24, "12:00")
    )
    assert not sla_missed(booking("c", t(24, "09:00"), Status.PENDING, events=[booked]), t(23, "09:59"))
    assert sla_missed(booking("c", t(24, "09:00"), Status.PENDING, events=[booked]), t(23, "10:01"))
    assert sla_missed(booking("d", t(24, "09:00"), Status.NO_SHOW, events=[booked, ("no_show", t(24, "10:00"))]), t(24, "12:00"))
    assert not sla_missed(
        booking("e", t(24, "09:00"), Status.CANCELLED, events=[booked, ("cancelled", t(23, "09:00"))]), t(24, "12:00")
    )
    assert not sla_missed(booking("f", t(24, "09:00"), Status.ARRIVED, "walk_in", events=[booked]), t(24, "12:00"))


def test_figures_of_a_day_computed_by_hand():
    day = [
        booking("A", t(24, "09:00"), Status.COMPLETED, "mini_program",
                [("booked", t(23, "08:00")), ("confirmed", t(23, "08:30")), ("arrived", t(24, "09:05"))]),  # on time
        booking("B", t(24, "10:00"), Status.ARRIVED, events=[("booked", t(23, "08:00")), ("confirmed", t(23, "11:00")),
                                                            ("arrived", t(24, "10:25"))]),  # late, SLA miss
        booking("C", t(24, "11:00"), Status.NO_SHOW, events=[("booked", t(23, "08:00")), ("no_show", t(24, "12:00"))]),
        booking("D", t(24, "14:00"), Status.CANCELLED, "mini_program",
                [("booked", t(23, "08:00")), ("cancelled", t(23, "09:00"))]),
        booking("E", t(24, "15:00"), Status.IN_SERVICE, "walk_in", [("booked", t(24, "15:10")), ("arrived", t(24, "15:10"))]),
        booking("F", t(24, "16:00"), Status.ARRIVED, events=[("booked", t(24, "08:00")), ("confirmed", t(24, "08:10")),
                                                            ("arrived", t(24, "15:55"))]),
    ]
    figures = day_figures(t(24, "00:00").date(), day, timedelta(minutes=10), t(24, "18:00"))
    assert {k: v for k, v in figures.to_json().items() if k in OLD_FIGURES} == {
        "day": "2026-11-24", "bookings": 5, "arrivals": 4, "booked_arrivals": 3, "walk_ins": 1,
        "on_time_arrivals": 2, "no_shows": 1, "cancellations": 1, "appointment_rate": 0.75, "sla_misses": 2,
    }
    assert totals([figures, figures])["appointment_rate"] == 0.75
    assert totals([])["appointment_rate"] is None


OLD_FIGURES = {"day", "bookings", "arrivals", "booked_arrivals", "walk_ins", "on_time_arrivals", "no_shows",
               "cancellations", "appointment_rate", "sla_misses"}


def test_maintenance_due_dates():
    from datetime import date

    from chalicelib.domain.followup.maintenance import first_service_invite, invite_on, next_maintenance

    assert first_service_invite(date(2026, 11, 30)) == date(2027, 1, 30)
    assert next_maintenance(date(2026, 11, 24), 35000, None, None) == date(2027, 5, 24)  # no pace known: 6 months
    # 5,000 km in 100 days -> 50 km/day -> the next 5,000 km in 100 days, before the 6 months
    assert next_maintenance(date(2026, 11, 24), 40000, date(2026, 8, 16), 35000) == date(2027, 3, 4)
    # a slow driver: the 6 months come first
    assert next_maintenance(date(2026, 11, 24), 36000, date(2026, 5, 28), 35000) == date(2027, 5, 24)
    assert invite_on(date(2027, 3, 4)) == date(2027, 2, 25)


def test_sla_given_the_store_counts_its_opening_hours_only():
    """Booked at 19:30 after closing: the two hours run from the next opening, so a confirmation at 09:30 the
    next morning is in time for the store's report (the wall clock alone would call it 12 hours late)."""
    from devstack.seed import demo_store

    store = demo_store("s", "店", chain_id="c")
    evening = booking("g", t(25, "14:00"), Status.CONFIRMED,
                      events=[("booked", t(23, "19:30")), ("confirmed", t(24, "09:30"))])
    assert sla_missed(evening, t(24, "12:00"))  # wall clock: 14 hours
    assert not sla_missed(evening, t(24, "12:00"), store)
    late = booking("h", t(25, "14:00"), Status.CONFIRMED, events=[("booked", t(23, "19:30")), ("confirmed", t(24, "12:00"))])
    assert sla_missed(late, t(24, "12:00"), store)
    figures = day_figures(t(25, "00:00").date(), [evening, late], timedelta(minutes=15), t(24, "12:00"), store=store)
    assert figures.sla_misses == 1
