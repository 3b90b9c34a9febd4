"""A store's plan and price list from an admin's JSON, every refusal naming its field, and back.

Plan: `[{"id": "mon-peak", "name": "周一早高峰", "days": ["mon"], "from": "08:30", "to": "10:30", "tier": "busy",
"quota": 10}, {"id": "midweek-idle", ..., "tier": "recommended", "discount": 0.15}]`; without "from"/"to" a
segment covers the whole day. Price list: `{"maintenance": {"labour_hours": 2.0, "hourly_rate": "180.00",
"parts": "350.00"}}`, amounts in yuan (docs/product-rules.md#money).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

from .. import money
from ..errors import ValidationError
from ..service_types import SERVICE_TYPES
from ..validation import number, whole_number
from .plan import WEEKDAY_CODES, PriceItem, Segment, Tier, overlapping

MAX_SEGMENTS = 50
MAX_DISCOUNT = 0.5
END_OF_DAY = time.max
_HHMM = re.compile(r"^\d{2}:\d{2}$")
_SEGMENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def _clock(raw: Any, field: str, default: time) -> time:
    """"HH:MM"; absent: the start or the end of the day."""
    if raw is None:
        return default
    if isinstance(raw, str) and _HHMM.match(raw):
        try:
            return time.fromisoformat(raw)
        except ValueError:
            pass
    raise ValidationError('a time of day like "13:30"', field=field)


def _days(raw: Any, field: str) -> frozenset[str]:
    if not isinstance(raw, list) or not raw or any(d not in WEEKDAY_CODES for d in raw):
        raise ValidationError(f"days is a non-empty list of {', '.join(WEEKDAY_CODES)}", field=field)
    return frozenset(raw)


def _name(raw: Any, field: str) -> str:
    if not isinstance(raw, str) or not raw.strip() or len(raw.strip()) > 20:
        raise ValidationError("a name of 1-20 characters", field=field)
    return raw.strip()


def _tier(raw: Any, field: str) -> Tier:
    try:
        return Tier(raw)
    except ValueError:
        raise ValidationError(f"tier is one of {', '.join(t.value for t in Tier)}", field=field) from None


def _discount(raw: Any, tier: Tier, default: float, field: str) -> float:
    """Only a recommended segment discounts labour; it takes the store's discount unless it names its own."""
    if tier is not Tier.RECOMMENDED:
        if raw not in (None, 0, 0.0):
            raise ValidationError("only a recommended segment carries a discount", field=field)
        return 0.0
    return default if raw is None else number(raw, field, low=0, high=MAX_DISCOUNT)


def segment_from_json(raw: Any, at: str, default_discount: float) -> Segment:
    if not isinstance(raw, Mapping):
        raise ValidationError("a segment is an object with id, name, days, from, to, tier", field=at)
    segment_id = raw.get("id")
    if not isinstance(segment_id, str) or not _SEGMENT_ID.match(segment_id):
        raise ValidationError("id uses lower-case letters, digits, '-' and '_' (1-32 characters)", field=f"{at}.id")
    starts = _clock(raw.get("from"), f"{at}.from", time(0, 0))
    ends = _clock(raw.get("to"), f"{at}.to", END_OF_DAY)
    if ends <= starts:
        raise ValidationError("a segment ends after it starts", field=f"{at}.to")
    tier = _tier(raw.get("tier"), f"{at}.tier")
    quota = raw.get("quota")
    return Segment(
        segment_id=segment_id,
        name=_name(raw.get("name"), f"{at}.name"),
        weekdays=_days(raw.get("days"), f"{at}.days"),
        starts=starts,
        ends=ends,
        tier=tier,
        quota=None if quota is None else whole_number(quota, f"{at}.quota", low=0, high=10_000),
        discount=_discount(raw.get("discount"), tier, default_discount, f"{at}.discount"),
    )


def plan_from_json(raw: Any, default_discount: float) -> tuple[Segment, ...]:
    """Segment ids are unique and the segments of one weekday never overlap."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_SEGMENTS:
        raise ValidationError(f"plan is a list of at most {MAX_SEGMENTS} segments", field="plan")
    segments: list[Segment] = []
    for n, item in enumerate(raw):
        segment = segment_from_json(item, f"plan[{n}]", default_discount)
        if any(s.segment_id == segment.segment_id for s in segments):
            raise ValidationError(f"segment id '{segment.segment_id}' is used twice", field=f"plan[{n}].id")
        clash = next((s for s in segments if overlapping(s, segment)), None)
        if clash is not None:
            raise ValidationError(f"overlaps segment '{clash.segment_id}' on a weekday", field=f"plan[{n}].from")
        segments.append(segment)
    return tuple(segments)


def plan_to_json(plan: tuple[Segment, ...]) -> list[dict[str, Any]]:
    return [
        {"id": s.segment_id, "name": s.name, "days": [d for d in WEEKDAY_CODES if d in s.weekdays],
         "from": s.starts.strftime("%H:%M"), "to": None if s.ends == END_OF_DAY else s.ends.strftime("%H:%M"),
         "tier": s.tier.value, "quota": s.quota, "discount": s.discount}
        for s in plan
    ]


def price_list_from_json(raw: Any) -> dict[str, PriceItem]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValidationError("price_list maps service types to {labour_hours, hourly_rate, parts}", field="price_list")
    prices: dict[str, PriceItem] = {}
    for kind, item in raw.items():
        at = f"price_list.{kind}"
        if kind not in SERVICE_TYPES:
            raise ValidationError(f"service types are {', '.join(SERVICE_TYPES)}", field=at)
        if not isinstance(item, Mapping):
            raise ValidationError("an object with labour_hours, hourly_rate and parts", field=at)
        parts = item.get("parts")
        prices[kind] = PriceItem(
            labour_hours=number(item.get("labour_hours"), f"{at}.labour_hours", low=0, high=100),
            hourly_rate=money.fen_from_yuan(item.get("hourly_rate"), f"{at}.hourly_rate"),
            parts=0 if parts is None else money.fen_from_yuan(parts, f"{at}.parts"),
        )
    return prices


def price_list_to_json(prices: Mapping[str, PriceItem]) -> dict[str, dict[str, Any]]:
    return {kind: {"labour_hours": p.labour_hours, "hourly_rate": money.yuan(p.hourly_rate), "parts": money.yuan(p.parts)}
            for kind, p in prices.items()}
