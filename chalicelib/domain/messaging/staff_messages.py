"""What the evening run sends store managers (docs/product-rules.md#report-delivery): the day's report and
tomorrow's preparation digest, each as an official-account template message (title, store, day, summary,
link) or an SMS whose text carries the link to the report in the staff console."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from . import catalogue

# Outbox kinds of staff messages; the part after "staff_" is the store's report kind (Store.report_kinds).
STAFF_KINDS: tuple[str, ...] = ("staff_daily_report", "staff_digest", "staff_weekly_report", "staff_monthly_report")
# staff notices of the floor (domain/floor/arrivals.py): sent at once by the same delivery, not reports
STAFF_NOTICE_KINDS: tuple[str, ...] = ("staff_customer_arrived", "staff_booking_new")
# a booking changed, a confirmation about to miss its time, a call task opened or escalated (domain/floor/change_notices.py)
STAFF_NOTICE_KINDS += ("staff_booking_rescheduled", "staff_booking_cancelled", "staff_sla_warning", "staff_task_opened",
                       "staff_task_escalated")
# the customer's answer to extra work (domain/floor/change_notices.py)
STAFF_NOTICE_KINDS += ("staff_extra_work_decided",)
STAFF_KINDS += STAFF_NOTICE_KINDS
SMS_PARAM_LIMIT = 30  # Tencent: a link or summary variable in an approved notification template


def outbox_kind(report_kind: str) -> str:
    return f"staff_{report_kind}"


def report_link(root: str, store_id: str, day: date, report_kind: str) -> str:
    """Where the message points: the staff console's reports page for the store and day (login required)."""
    return f"{root.rstrip('/')}/staff/console?{urlencode({'view': report_kind, 'store': store_id, 'day': day.isoformat()})}"


@dataclass(frozen=True)
class StaffMessage:
    title: str
    text: str
    link: str
    store: str
    day: str

    def template_data(self) -> dict[str, dict[str, str]]:
        """An official-account template message (first / keyword1-3 / remark, the classic industry layout)."""
        return {"first": {"value": self.title}, "keyword1": {"value": self.store}, "keyword2": {"value": self.day},
                "keyword3": {"value": self.text[:200]}, "remark": {"value": self.link}}

    def sms_params(self) -> tuple[str, ...]:
        return tuple(p if len(p) <= SMS_PARAM_LIMIT else p[: SMS_PARAM_LIMIT - 1] + "…" for p in (self.store, self.day)) + (
            self.link,)


def _rate(value: Any, lang: str) -> str:
    return f"{float(value) * 100:.0f}%" if value is not None else catalogue.text("staff_report.rate_none", lang)


def daily_report(store: str, day: date, figures: Mapping[str, Any], link: str, missing_year: int | None,
                 lang: str = "zh") -> StaffMessage:
    shown = f"{day.month}月{day.day}日" if catalogue.language(lang) == "zh" else day.isoformat()
    warning = catalogue.text("staff_report.holidays_missing", lang, year=missing_year) if missing_year else ""
    text = catalogue.text("staff_report.daily_report.text", lang, store=store, day=shown,
                          bookings=figures.get("bookings", 0), arrivals=figures.get("arrivals", 0),
                          no_shows=figures.get("no_shows", 0), rate=_rate(figures.get("appointment_rate"), lang),
                          warning=warning, link=link)
    title = catalogue.text("staff_report.daily_report.title", lang, store=store, day=shown)
    return StaffMessage(title, text, link, store, day.isoformat())


def digest(store: str, day: date, rows: Sequence[Mapping[str, Any]], link: str, lang: str = "zh") -> StaffMessage:
    shown = f"{day.month}月{day.day}日" if catalogue.language(lang) == "zh" else day.isoformat()
    parts = sum(1 for r in rows if r.get("parts"))
    text = catalogue.text("staff_report.digest.text", lang, store=store, day=shown, count=len(rows), parts=parts, link=link)
    title = catalogue.text("staff_report.digest.title", lang, store=store, day=shown)
    return StaffMessage(title, text, link, store, day.isoformat())


def _period(kind: str, first: date, last: date, lang: str) -> str:
    """2026年11月 for a month, 11月23日至11月29日 for a week (ISO dates in other languages)."""
    zh = catalogue.language(lang) == "zh"
    if kind == "monthly_report":
        return catalogue.text("staff_report.period.month", lang, year=first.year, month=first.month)
    if zh:
        return catalogue.text("staff_report.period.week", lang, first=f"{first.month}月{first.day}日",
                              last=f"{last.month}月{last.day}日")
    return catalogue.text("staff_report.period.week", lang, first=first.isoformat(), last=last.isoformat())


def period_report(kind: str, store: str, first: date, last: date, totals: Mapping[str, Any],
                  complaints: Mapping[str, Any] | None, link: str, lang: str = "zh") -> StaffMessage:
    """The weekly or monthly report of a store (or a chain: `store` is then the chain's name)."""
    period = _period(kind, first, last, lang)
    found = complaints or {}
    text = catalogue.text(f"staff_report.{kind}.text", lang, store=store, period=period,
                          bookings=totals.get("bookings", 0), arrivals=totals.get("arrivals", 0),
                          no_shows=totals.get("no_shows", 0), rate=_rate(totals.get("appointment_rate"), lang),
                          complaints=found.get("complaints", 0), resolved=found.get("resolved", 0),
                          satisfied=found.get("recheck", {}).get("satisfied", 0), link=link)
    title = catalogue.text(f"staff_report.{kind}.title", lang, store=store, period=period)
    return StaffMessage(title, text, link, store, f"{first.isoformat()}/{last.isoformat()}")


def message_of(context: Mapping[str, Any]) -> StaffMessage:
    """A queued staff message as the outbox context keeps it."""
    return StaffMessage(str(context["title"]), str(context["text"]), str(context["link"]), str(context["store"]),
                        str(context["day"]))
