"""A store's configuration from an admin's JSON, every refusal naming its field."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ValidationError
from ..followup import contact
from ..service_types import LabourCategory
from ..validation import day, number, required_text, text, whole_number
from .plan_config import plan_from_json, price_list_from_json
from .store import DEFAULT_QUIET_HOURS, REPORT_KINDS, WEEKDAYS, OpeningHours, Store

SLOT_LENGTHS = (10, 15, 20, 30, 45, 60)


def _hours(raw: Any) -> dict[str, OpeningHours]:
    if not isinstance(raw, dict):
        raise ValidationError('hours must map weekdays to ["08:30", "17:30"]', field="hours")
    hours = {}
    for weekday, span in raw.items():
        field = f"hours.{weekday}"
        if weekday not in WEEKDAYS:
            raise ValidationError(f"weekdays are {', '.join(WEEKDAYS)}", field=field)
        if span is None:
            continue  # closed that weekday
        try:
            opens, closes = (time.fromisoformat(v) for v in span)
        except (TypeError, ValueError):
            raise ValidationError('opening hours look like ["08:30", "17:30"]', field=field) from None
        if closes <= opens:
            raise ValidationError("closing must come after opening", field=field)
        hours[weekday] = OpeningHours(opens, closes)
    return hours


def _quiet_hours(body: Mapping[str, Any]) -> tuple[time, time] | None:
    """The store's quiet hours (no customer message inside them); 21:00-08:30 unless given, null for none."""
    if "quiet_hours" not in body:
        return DEFAULT_QUIET_HOURS
    try:
        return contact.parse_window(body["quiet_hours"], "quiet_hours")
    except ValueError as exc:
        raise ValidationError(str(exc), field="quiet_hours") from None


def _dates(raw: Any, field: str) -> frozenset[date]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list):
        raise ValidationError(f"{field} is a list of dates", field=field)
    return frozenset(day(v, field) for v in raw)


def _location(raw: Any) -> tuple[float, float] | None:
    """{lat, lng} in GCJ-02 (what WeChat's location APIs give), or nothing."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValidationError("location is {lat, lng}", field="location")
    return (number(raw.get("lat"), "location.lat", low=-90, high=90),
            number(raw.get("lng"), "location.lng", low=-180, high=180))


def _report_delivery(raw: Any) -> dict[str, Any]:
    """{kinds: ["daily_report", "digest"], recipients: [usernames]}: what the evening run delivers, to whom
    (no recipients: the store's managers)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or set(raw) - {"kinds", "recipients"}:
        raise ValidationError("report_delivery is {kinds, recipients}", field="report_delivery")
    kinds = raw.get("kinds", list(REPORT_KINDS))
    if not isinstance(kinds, list) or any(k not in REPORT_KINDS for k in kinds):
        raise ValidationError(f"report_delivery.kinds lists some of {', '.join(REPORT_KINDS)}", field="report_delivery.kinds")
    recipients = raw.get("recipients", [])
    if not isinstance(recipients, list) or len(recipients) > 20 or not all(isinstance(r, str) and 0 < len(r) <= 41
                                                                           for r in recipients):
        raise ValidationError("report_delivery.recipients is a list of at most 20 usernames",
                              field="report_delivery.recipients")
    return {"report_kinds": tuple(dict.fromkeys(kinds)), "report_recipients": tuple(dict.fromkeys(recipients))}


def store_from_json(chain_id: str, store_id: str, body: Mapping[str, Any]) -> Store:
    """Every setting but the name has the product's default (docs/product-rules.md#store)."""
    defaults: dict[str, Any] = {f.name: f.default for f in dataclass_fields(Store) if not callable(f.default_factory)}
    tz = body.get("timezone", "Asia/Shanghai")
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("timezone must be an IANA zone, e.g. Asia/Shanghai", field="timezone") from None
    slot_minutes = whole_number(body.get("slot_minutes"), "slot_minutes", low=10, high=60, default=defaults["slot_minutes"])
    if slot_minutes not in SLOT_LENGTHS:
        raise ValidationError(f"slot_minutes must be one of {SLOT_LENGTHS}", field="slot_minutes")
    labour = body.get("labour_hours") or {}
    if not isinstance(labour, dict) or any(k not in {c.value for c in LabourCategory} for k in labour):
        raise ValidationError('labour_hours maps "pm" and/or "gr" to hours per day', field="labour_hours")

    def num(name: str, low: float, high: float) -> float:
        value = body.get(name)
        return float(defaults[name]) if value is None else number(value, name, low=low, high=high)

    def whole(name: str, low: int, high: int) -> int:
        return whole_number(body.get(name), name, low=low, high=high, default=defaults[name])

    offsets = body.get("reminder_offsets_minutes", [1440, 180, 60])
    if not isinstance(offsets, list) or not all(isinstance(o, int) and 0 < o <= 10080 for o in offsets):
        raise ValidationError(
            "reminder_offsets_minutes is a list of minutes before the start (1-10080)", field="reminder_offsets_minutes"
        )
    closes_on_holidays = body.get("closes_on_public_holidays", True)
    if not isinstance(closes_on_holidays, bool):
        raise ValidationError("closes_on_public_holidays must be true or false", field="closes_on_public_holidays")
    store = Store(
        chain_id=chain_id,
        store_id=store_id,
        name=required_text(body, "name", max_len=40),
        timezone=str(tz),
        address=text(body, "address", max_len=200, required=False) or "",
        phone=text(body, "phone", max_len=30, required=False) or "",
        hours=_hours(body.get("hours", {d: ["08:30", "17:30"] for d in WEEKDAYS})),
        closed_dates=_dates(body.get("closed_dates"), "closed_dates"),
        open_dates=_dates(body.get("open_dates"), "open_dates"),
        closes_on_public_holidays=closes_on_holidays,
        slot_minutes=slot_minutes,
        capacity_per_slot=whole("capacity_per_slot", 1, 100),
        walk_in_reserve=num("walk_in_reserve", 0, 1),
        lead_time_minutes=whole("lead_time_minutes", 0, 7 * 24 * 60),
        horizon_days=whole("horizon_days", 1, 180),
        grace_minutes=whole("grace_minutes", 0, 60),
        customer_cutoff_minutes=whole("customer_cutoff_minutes", 0, 7 * 24 * 60),
        recommended_discount=num("recommended_discount", 0, 0.5),
        recommended_below=num("recommended_below", 0, 1),
        busy_from=num("busy_from", 0, 1),
        labour_hours={k: number(v, f"labour_hours.{k}", low=0, high=1000) for k, v in labour.items()},
        reminder_offsets_minutes=tuple(sorted(offsets, reverse=True)),
        city=text(body, "city", max_len=40, required=False) or "",
        district=text(body, "district", max_len=40, required=False) or "",
        location=_location(body.get("location")),
        parking=text(body, "parking", max_len=60, required=False) or "",
        quiet_hours=_quiet_hours(body),
        **_report_delivery(body.get("report_delivery")),
        price_list=price_list_from_json(body.get("price_list")),
    )
    store = replace(store, plan=plan_from_json(body.get("plan"), store.recommended_discount))
    if store.busy_from < store.recommended_below:
        raise ValidationError("busy_from must not be below recommended_below", field="busy_from")
    return store
