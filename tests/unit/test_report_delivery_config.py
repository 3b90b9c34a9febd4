"""A store's report-delivery settings from the admin's JSON: which reports the evening run delivers and to
whom (no recipients: the store's managers); and the staff messages' wording and link."""
from datetime import date

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.messaging import staff_messages
from chalicelib.domain.tenancy.store import REPORT_KINDS
from chalicelib.domain.tenancy.store_config import store_from_json


def test_by_default_both_reports_go_to_the_managers():
    store = store_from_json("c", "s", {"name": "店"})
    # and the weekly and monthly reports (docs/product-rules.md#periodic-reports)
    assert store.report_kinds == REPORT_KINDS == ("daily_report", "digest", "weekly_report", "monthly_report")
    assert store.report_recipients == ()


def test_a_store_chooses_reports_and_recipients():
    store = store_from_json("c", "s", {"name": "店", "report_delivery": {"kinds": ["digest", "digest"],
                                                                          "recipients": ["wang", "li"]}})
    assert store.report_kinds == ("digest",) and store.report_recipients == ("wang", "li")
    assert store_from_json("c", "s", {"name": "店", "report_delivery": {"kinds": []}}).report_kinds == ()


@pytest.mark.parametrize("raw,field", [
    ("all", "report_delivery"),
    ({"kinds": ["weekly"]}, "report_delivery.kinds"),
    ({"kinds": "digest"}, "report_delivery.kinds"),
    ({"recipients": [""]}, "report_delivery.recipients"),
    ({"recipients": ["u"] * 21}, "report_delivery.recipients"),
    ({"to": ["wang"]}, "report_delivery"),
])
def test_bad_settings_are_refused_naming_the_field(raw, field):
    with pytest.raises(ValidationError) as err:
        store_from_json("c", "s", {"name": "店", "report_delivery": raw})
    assert err.value.field == field


def test_the_messages_say_the_figures_and_link_to_the_console():
    link = staff_messages.report_link("https://appt.example.com/", "pudong", date(2026, 11, 24), "daily_report")
    assert link == "https://appt.example.com/staff/console?view=daily_report&store=pudong&day=2026-11-24"
    figures = {"bookings": 12, "arrivals": 10, "no_shows": 1, "appointment_rate": 0.8}
    zh = staff_messages.daily_report("浦东店", date(2026, 11, 24), figures, link, None)
    assert zh.text == f"浦东店11月24日预约日报：预约12台，进场10台，爽约1台，预约率80%。详情：{link}"
    warned = staff_messages.daily_report("浦东店", date(2026, 11, 24), figures, link, 2027)
    assert "2027年法定节假日安排尚未录入" in warned.text
    en = staff_messages.daily_report("Pudong", date(2026, 11, 24), {**figures, "appointment_rate": None}, link, 2027, "en")
    assert en.text.startswith("Pudong daily report 2026-11-24: 12 bookings, 10 arrivals, 1 no-shows, appointment rate n/a.")
    assert "official 2027 public-holiday schedule" in en.text
    rows = [{"parts": "waiting"}, {"parts": ""}, {"parts": "arrived"}]
    digest = staff_messages.digest("浦东店", date(2026, 11, 25), rows, link)
    assert digest.title == "浦东店11月25日预约准备清单" and "共3台预约，其中2台需备件" in digest.text
    assert digest.sms_params() == ("浦东店", "2026-11-25", link)
    assert digest.template_data()["remark"] == {"value": link}
