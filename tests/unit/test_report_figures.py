"""Every report figure of docs/reports.md on one hand-counted store day: the breakdowns by service type and
source, the kept-appointment rate, SLA misses by advisor, the revenue estimate in fen, the first-service
arrival rate, a chain's totals, and the CSV export."""
import csv
import io
from dataclasses import replace
from datetime import date, timedelta

from chalicelib.domain.booking.bill import FINAL_EVENT
from chalicelib.domain.booking.booking import Event
from chalicelib.domain.booking.extra_items import APPROVED, DECLINED, ExtraItem
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.reporting.report import FirstServiceDue, combine, day_figures, first_service, price_fen, totals
from chalicelib.domain.reporting.report_csv import BOM, chain_csv, store_csv

from .test_report import booking, t

NOW = t(24, "18:00")
GRACE = timedelta(minutes=10)


def b(bid, hhmm, status, source, service, events, advisor=None, price=None):
    return replace(booking(bid, t(24, hhmm), status, source, events), service_type=service, advisor_id=advisor,
                   price_estimate=price)


def the_day():
    """Eight bookings of 24 Nov, read at 18:00 with a 10-minute grace."""
    booked = ("booked", t(23, "08:00"))
    return [
        b("A", "09:00", Status.COMPLETED, "mini_program", "maintenance",
          [booked, ("confirmed", t(23, "08:30")), ("arrived", t(24, "09:05"))], advisor="li", price=71000),
        b("B", "10:00", Status.ARRIVED, "phone", "repair",
          [booked, ("confirmed", t(23, "11:00")), ("arrived", t(24, "10:25"))], advisor="wang"),  # late; SLA miss
        b("C", "11:00", Status.NO_SHOW, "phone", "maintenance", [booked, ("no_show", t(24, "12:00"))]),  # SLA miss
        b("H", "12:00", Status.NO_SHOW, "phone", "beauty", [booked, ("confirmed", t(23, "09:00"))], advisor="li"),
        b("D", "14:00", Status.CANCELLED, "mini_program", "first_service", [booked, ("cancelled", t(23, "09:00"))]),
        b("E", "15:00", Status.IN_SERVICE, "walk_in", "repair", [("booked", t(24, "15:10")), ("arrived", t(24, "15:10"))],
          price=20050),
        b("F", "16:00", Status.ARRIVED, "proactive", "first_service",
          [("booked", t(24, "08:00")), ("confirmed", t(24, "08:10")), ("arrived", t(24, "15:55"))], advisor="wang"),
        b("G", "19:00", Status.CONFIRMED, "phone", "inspection", [("booked", t(24, "08:00")), ("confirmed", t(24, "08:05"))]),
    ]


EXPECTED = {
    "day": "2026-11-24",
    "bookings": 7,  # all but the walk-in E
    "arrivals": 4,  # A B E F
    "booked_arrivals": 3,  # A B F
    "walk_ins": 1,  # E
    "on_time_arrivals": 2,  # A (09:05 <= 09:10), F (15:55); B came 10:25
    "no_shows": 2,  # C H
    "cancellations": 1,  # D
    "appointment_rate": 0.75,  # 3 / 4
    "sla_misses": 2,  # B confirmed after 3 h, C never
    "bookings_due": 5,  # A B C H F: started by 18:00 and not cancelled (G starts 19:00)
    "kept": 3,  # A B F
    "kept_rate": 0.6,  # 3 / 5
    "by_service": {"beauty": 1, "first_service": 2, "inspection": 1, "maintenance": 2, "repair": 1},  # E walked in
    "by_source": {"mini_program": 2, "phone": 4, "proactive": 1},
    "sla_by_advisor": {"unassigned": 1, "wang": 1},
    "revenue_fen": 91050,  # A 710.00 + E 200.50 yuan
    "priced_arrivals": 2,
    "coupon_bookings": 0, "coupon_fen": 0,  # no coupon that day (docs/product-rules.md#coupons)
}


def test_every_figure_of_the_day_by_hand():
    assert day_figures(date(2026, 11, 24), the_day(), GRACE, NOW).to_json() == EXPECTED


def test_a_range_sums_counts_and_breakdowns_and_recomputes_rates():
    day = day_figures(date(2026, 11, 24), the_day(), GRACE, NOW)
    quiet = day_figures(date(2026, 11, 25), the_day()[:1], GRACE, NOW)  # A alone: due, kept, arrived
    summed = totals([day, quiet])
    assert summed["bookings_due"] == 6 and summed["kept"] == 4 and summed["kept_rate"] == 0.6667
    assert summed["arrivals"] == 5 and summed["appointment_rate"] == 0.8
    assert summed["by_service"]["maintenance"] == 3 and summed["revenue_fen"] == 162050
    assert summed["sla_by_advisor"] == {"unassigned": 1, "wang": 1}


def test_first_service_arrival_rate():
    vehicles = [
        FirstServiceDue("沪A1", date(2026, 12, 5), came_in=date(2026, 12, 1)),  # due in range, came: counts
        FirstServiceDue("沪A2", date(2026, 12, 10), came_in=date(2026, 12, 12)),  # came after it was due
        FirstServiceDue("沪A3", date(2026, 12, 20)),  # never came
        FirstServiceDue("沪A4", date(2026, 11, 30), came_in=date(2026, 11, 20)),  # due before the range
    ]
    assert first_service(vehicles, date(2026, 12, 1), date(2026, 12, 30)) == {
        "first_service_due": 3, "first_service_arrived": 1, "first_service_rate": 0.3333}
    assert first_service([], date(2026, 12, 1), date(2026, 12, 30))["first_service_rate"] is None


def test_revenue_counts_the_price_estimate_in_fen():
    plain = booking("x", t(24, "09:00"), Status.COMPLETED)
    assert price_fen(plain) is None
    assert price_fen(replace(plain, price_estimate=65600)) == 65600


def test_a_chain_combines_its_stores():
    one = {**totals([day_figures(date(2026, 11, 24), the_day(), GRACE, NOW)]), "first_service_due": 3,
           "first_service_arrived": 1}
    two = {**totals([day_figures(date(2026, 11, 24), the_day()[:2], GRACE, NOW)]), "first_service_due": 1,
           "first_service_arrived": 1}
    chain = combine([one, two])
    assert chain["bookings"] == 9 and chain["arrivals"] == 6 and chain["booked_arrivals"] == 5
    assert chain["appointment_rate"] == 0.8333 and chain["kept_rate"] == round(5 / 7, 4)
    assert chain["first_service_rate"] == 0.5 and chain["by_source"]["phone"] == 5
    assert chain["sla_by_advisor"] == {"unassigned": 1, "wang": 2}


def read(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):])))


def test_the_store_csv_has_a_header_a_row_per_day_and_a_total():
    day = day_figures(date(2026, 11, 24), the_day(), GRACE, NOW).to_json()
    report = {"days": [day], "totals": {**totals([day_figures(date(2026, 11, 24), the_day(), GRACE, NOW)]),
                                        **first_service([], date(2026, 11, 24), date(2026, 11, 24))}}
    header, row, total = read(store_csv(report))
    assert header[:4] == ["日期", "预约数", "进场台次", "预约进场"]
    assert "预约率" in header and "首保进场率" in header and "保养" in header and "来源：电话" in header
    cells = dict(zip(header, row, strict=True))
    assert cells["日期"] == "2026-11-24" and cells["预约数"] == "7" and cells["预约率"] == "75.0%"
    assert cells["预约成功率"] == "60.0%" and cells["预估产值（元）"] == "910.50" and cells["首保进场率"] == ""
    assert cells["维修"] == "1" and cells["来源：小程序"] == "2" and cells["超2小时未确认（按顾问）"] == "unassigned: 1; wang: 1"
    assert total[0] == "合计" and dict(zip(header, total, strict=True))["首保应到"] == "0"
    english = read(store_csv(report, "en"))[0]
    assert english[:2] == ["Date", "Bookings"] and "Source: phone" in english


def test_the_chain_csv_has_a_row_per_store():
    totals_ = {**totals([day_figures(date(2026, 11, 24), the_day(), GRACE, NOW)]), "first_service_due": 2,
               "first_service_arrived": 1, "first_service_rate": 0.5}
    chain = {"stores": [{"store_id": "pudong", "name": "浦东店", "totals": totals_}], "totals": combine([totals_])}
    header, store, total = read(chain_csv(chain))
    assert header[0] == "门店" and store[0] == "浦东店" and total[0] == "合计"
    assert dict(zip(header, total, strict=True))["首保进场率"] == "50.0%"


def test_the_breakdowns_add_up_to_the_bookings_figure():
    """预约数 and its charts count the same bookings: a walk-in is an arrival (未预约进场), not a booking."""
    day = day_figures(date(2026, 11, 24), the_day(), GRACE, NOW)
    assert sum(day.by_source.values()) == day.bookings == 7
    assert sum(day.by_service.values()) == day.bookings
    summed = totals([day, day])
    assert sum(summed["by_source"].values()) == summed["bookings"] == 14


def test_every_figure_has_one_name_in_the_csv_the_screens_and_the_docs():
    from pathlib import Path

    from chalicelib.domain.reporting.report_csv import FIGURES, labels

    names = labels("zh")
    header = read(store_csv({"days": [], "totals": totals([])}))[0]
    assert all(names[key] in header for key in FIGURES)  # the screens' names are the CSV's
    assert len(set(names.values())) == len(names)  # no two figures share a name
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    for key in FIGURES:
        assert f"| `{key}` ({names[key]}) |" in docs, key  # each figure named once, as on the screens
    for other in ("守约率", "营收估算", "履约率", "非预约进场", "确认超时"):
        assert other not in docs and other not in names.values(), other


def test_revenue_counts_a_completed_job_at_its_final_bill():
    """docs/product-rules.md#the-bill: the final labour and parts staff set, the discount, approved extra work and
    the coupon; a job still under way counts at its price estimate."""
    def extra(n: int, status: str, fen: int) -> ExtraItem:
        return ExtraItem(f"x{n}", "刹车片", "磨损", 1.0, "", fen, 30, t(24, "10:30"), "staff:chen", status=status)

    done = replace(booking("f", t(24, "09:00"), Status.COMPLETED), price_estimate=65_600, discount=0.1,
                   coupon_fen=1_000, extra_work=(extra(1, APPROVED, 20_000), extra(2, DECLINED, 9_999)))
    assert price_fen(done) == 65_600 + 20_000  # no final amounts set: the price and the approved extra work
    settled = replace(done, events=done.events + (Event(t(24, "12:00"), FINAL_EVENT, "staff:wang", "50000 30000"),))
    assert price_fen(settled) == 45_000 + 30_000 + 20_000 - 1_000
    under_way = replace(settled, status=Status.IN_SERVICE)
    assert price_fen(under_way) == 65_600
    figures = day_figures(date(2026, 11, 24), [settled, under_way], GRACE, NOW)
    assert figures.revenue_fen == 94_000 + 65_600 and figures.priced_arrivals == 2
