"""What the code measures: the one catalogue of custom metrics (namespace, names, dimensions), which the
EMF adapter emits and infra/alarms.py alarms on, so an alarm can only name a metric the code sends.

Every metric carries the `stage` dimension plus the ones listed for it; a dimension's value is one of a
small, fixed set (check names, channels, refusal codes, failure kinds), never an id.
"""
from __future__ import annotations

from dataclasses import dataclass

NAMESPACE = "Appt"


@dataclass(frozen=True)
class MetricDef:
    name: str
    unit: str  # CloudWatch unit
    dimensions: tuple[str, ...]  # besides "stage"
    emitted_by: str


BOOKINGS_CREATED = MetricDef("BookingsCreated", "Count", ("source",), "services/booking/booking.py, services/booking/changes.py")
BOOKINGS_REFUSED = MetricDef("BookingsRefused", "Count", ("reason",), "services/booking/booking.py")
MESSAGES_SENT = MetricDef("MessagesSent", "Count", ("channel",), "services/messaging/notify.py deliver")
MESSAGES_FAILED = MetricDef("MessagesFailed", "Count", ("channel", "kind"), "services/messaging/notify.py deliver")
# A message contact hours would have let go only when it was no use any more (a reminder found late in the
# night, its next allowed moment the appointment itself): dropped, never sent (docs/product-rules.md#contact-hours).
MESSAGES_DROPPED = MetricDef("MessagesDropped", "Count", ("kind",), "services/messaging/notify.py deliver")
OUTBOX_AGE = MetricDef("OutboxAgeSeconds", "Seconds", (),
                       "services/messaging/notify.py deliver: age of the message tried (since contact hours let it go)")
CHECK_ITEMS = MetricDef("CheckItems", "Count", ("check", "outcome"), "app.py _scheduled, from the run's counts")
CHECK_LAG = MetricDef("CheckLagSeconds", "Seconds", ("check",), "app.py _scheduled: end of run - scheduled time")
# A work item that failed, by its check and domain/runs/failures.py's kind: transient (redelivered) or parked
# (bad_item, refused, fault: set aside with its error until a redrive).
CHECK_ITEMS_FAILED = MetricDef("CheckItemsFailed", "Count", ("check", "kind"), "services/runs/batches.py")
# The nightly invariant audit (counters vs bookings) emits the number of discrepancies it found.
DRIFT = MetricDef("Drift", "Count", (), "the nightly invariant audit")
# From November, stores whose chain lacks next year's official holiday schedule (services/reporting/daily_report.py).
HOLIDAY_SCHEDULE_MISSING = MetricDef("HolidayScheduleMissing", "Count", (), "services/reporting/daily_report.py run")

METRICS = {m.name: m for m in (BOOKINGS_CREATED, BOOKINGS_REFUSED, MESSAGES_SENT, MESSAGES_FAILED, MESSAGES_DROPPED,
                               OUTBOX_AGE, CHECK_ITEMS, CHECK_LAG, CHECK_ITEMS_FAILED, DRIFT, HOLIDAY_SCHEDULE_MISSING)}

# Failure kinds worth their own alarm: the message channels' error codes that people must act on.
TEMPLATE_REVOKED = "template_revoked"  # WeChat 40037 invalid template id, 43116 template banned
SMS_QUOTA = "sms_quota"  # Tencent LimitExceeded.AppDailyLimit and kin
SMS_BALANCE = "sms_balance"  # Tencent FailedOperation.InsufficientBalanceInSmsPackage


def failure_kind(channel: str, kind: str, code: object) -> str:
    """The `kind` dimension of MessagesFailed: a named cause when the code says one, else the error's kind
    (refused | retry | bad_request)."""
    text = str(code or "")
    if channel in ("subscribe", "template") and text in ("40037", "43116"):
        return TEMPLATE_REVOKED
    if channel == "sms" and "InsufficientBalance" in text:
        return SMS_BALANCE
    if channel == "sms" and ("DailyLimit" in text or "AppCountryOrRegion" in text):
        return SMS_QUOTA
    return kind
