"""A store's configuration as the rules see it: hours, capacity and policies (no storage concerns)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from zoneinfo import ZoneInfo

from .holidays import HolidaySchedule
from .plan import WEEKDAY_CODES, PriceItem, Segment

# docs/product-rules.md#report-delivery, #periodic-reports
REPORT_KINDS: tuple[str, ...] = ("daily_report", "digest", "weekly_report", "monthly_report")
WEEKDAYS: tuple[str, ...] = WEEKDAY_CODES
DEFAULT_QUIET_HOURS = (time(21, 0), time(8, 30))


@dataclass(frozen=True)
class OpeningHours:
    opens: time
    closes: time


@dataclass(frozen=True)
class Store:
    chain_id: str
    store_id: str
    name: str
    timezone: str = "Asia/Shanghai"
    address: str = ""
    phone: str = ""
    # weekday ("mon".."sun") -> hours; a missing weekday is closed
    hours: dict[str, OpeningHours] = field(default_factory=dict)
    closed_dates: frozenset[date] = frozenset()
    open_dates: frozenset[date] = frozenset()  # store overrides: open even on a holiday
    closes_on_public_holidays: bool = True
    slot_minutes: int = 30
    capacity_per_slot: int = 3
    walk_in_reserve: float = 0.0  # share of each slot never offered online (docs/product-rules.md#walk-in-reserve)
    lead_time_minutes: int = 60
    horizon_days: int = 30
    grace_minutes: int = 10  # 预留时间: then the place goes to walk-ins (docs/product-rules.md#grace-release)
    customer_cutoff_minutes: int = 120  # customers may cancel/reschedule until start minus this
    recommended_discount: float = 0.15  # on recommended slots: 工时费可打8.5折 (docs/product-rules.md#off-peak-discount)
    recommended_below: float = 0.3  # load under this share of capacity: a recommended (idle) slot
    busy_from: float = 0.66  # load at or over this share: a busy slot
    labour_hours: dict[str, float] = field(default_factory=dict)  # category -> hours per day
    reminder_offsets_minutes: tuple[int, ...] = (1440, 180, 60)
    city: str = ""  # e.g. 上海
    district: str = ""  # e.g. 浦东新区
    location: tuple[float, float] | None = None  # (lat, lng), GCJ-02 as WeChat gives it
    parking: str = ""  # how to park, said in the reminders (e.g. 地下车库B2层, 凭预约短信免费停车)
    # no customer message from the first to the second (store-local; wraps midnight): docs/product-rules.md#contact-hours
    quiet_hours: tuple[time, time] | None = DEFAULT_QUIET_HOURS
    plan: tuple[Segment, ...] = ()  # load-levelling segments (docs/product-rules.md#store-plan)
    price_list: dict[str, PriceItem] = field(default_factory=dict)  # service type -> standard charge
    report_kinds: tuple[str, ...] = REPORT_KINDS  # what the evening run delivers to the store's managers
    report_recipients: tuple[str, ...] = ()  # usernames it goes to; empty: the store's managers
    # year -> the loaded official holiday schedule in force for the store's chain (its own, else the platform's);
    # attached by the store catalogue, never stored with the store (docs/product-rules.md#holiday-schedule)
    holiday_schedules: dict[int, HolidaySchedule] = field(default_factory=dict, compare=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine); GCJ-02's offset is the same for nearby points, so ranking holds."""
    from math import asin, cos, radians, sin, sqrt

    lat1, lng1, lat2, lng2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def nearest(stores: list[Store], *, at: tuple[float, float] | None = None, city: str | None = None,
            limit: int | None = None) -> list[Store]:
    """Stores by distance from `at` (those without a location last), or those in `city` (by id)."""
    if at is not None:
        found = sorted(stores, key=lambda s: (s.location is None, distance_km(at, s.location) if s.location else 0.0,
                                              s.store_id))
    elif city:
        found = [s for s in stores if s.city == city]
    else:
        found = list(stores)
    return found[:limit] if limit is not None else found
