"""Checks of what customers and staff type, each refusal naming the field it is about."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import ValidationError
from .service_types import SERVICE_TYPES

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # plates never use I or O
_PLATE = re.compile(
    rf"^[{_PROVINCES}][{_LETTER}]("
    rf"[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警港澳]"  # 7 characters: ordinary plates
    rf"|[{_LETTER}0-9]{{5}}[挂学警港澳]"  # 8 characters: a trailer, driving-school ... plate, e.g. 粤B12345挂
    rf"|[DABCEFGHJK][{_LETTER}0-9][0-9]{{4}}"  # 8 characters: new-energy small cars
    rf"|[0-9]{{5}}[DABCEFGHJK]"  # 8 characters: new-energy large vehicles
    r")$"
)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # always fullmatch: `$` would let a trailing newline through
MAX_MILEAGE_KM = 2_000_000
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # any time outside these is a typo, and would overflow time zones
FREE_TEXT = 200  # fields this long (descriptions, notes, comments) may span lines
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # control, format (zero-width ...), line and paragraph separators


def _visible(value: str, field: str, *, lines: bool = False) -> str:
    """Text without control or zero-width characters (line breaks and tabs allowed in free text)."""
    if any(unicodedata.category(c) in _INVISIBLE and not (lines and c in "\n\r\t") for c in value):
        raise ValidationError(f"{field} contains control or invisible characters", field=field)
    return value


def ascii_digits(value: str) -> str:
    """Full-width (１３８) and other Unicode decimal digits as ASCII; anything else unchanged."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in value)


def require(body: Mapping[str, Any], name: str, prefix: str = "") -> Any:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{prefix}{name} is required", field=f"{prefix}{name}", code="required")
    return value


def text(body: Mapping[str, Any], name: str, *, max_len: int, prefix: str = "", required: bool = True) -> str | None:
    value = require(body, name, prefix) if required else body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{prefix}{name} must be text", field=f"{prefix}{name}")
    value = _visible(value, f"{prefix}{name}", lines=max_len >= FREE_TEXT).strip()
    if len(value) > max_len:
        raise ValidationError(f"{prefix}{name} is longer than {max_len} characters", field=f"{prefix}{name}")
    return value or None


def password(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)  # as typed: never stripped
    if not isinstance(value, str) or not value or len(value) > 128:
        raise ValidationError(f"{name} must be text of 1 to 128 characters", field=name)
    return value


def required_text(body: Mapping[str, Any], name: str, *, max_len: int, prefix: str = "") -> str:
    """Text that must be there and not blank."""
    value = text(body, name, max_len=max_len, prefix=prefix)
    if value is None:
        raise ValidationError(f"{prefix}{name} is required", field=f"{prefix}{name}", code="required")
    return value


def mobile(value: Any, field: str = "phone") -> str:
    """A mainland mobile number, accepting +86 and separators, returned as 11 digits."""
    if not isinstance(value, str):
        raise ValidationError("phone must be text", field=field)
    digits = re.sub(r"[ \-()\u3000]", "", ascii_digits(unicodedata.normalize("NFKC", _visible(value, field))))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not _MOBILE.fullmatch(digits):
        raise ValidationError("not a mainland China mobile number (11 digits starting 13-19)", field=field)
    return digits


def plate(value: Any, field: str = "plate") -> str:
    """A Chinese plate (7 characters, or 8 for new-energy vehicles), upper-cased without separators."""
    if not isinstance(value, str):
        raise ValidationError("plate must be text", field=field)
    normalized = re.sub(r"[ ·\-.\u3000]", "", unicodedata.normalize("NFKC", _visible(value, field))).upper()
    if not _PLATE.fullmatch(normalized):
        raise ValidationError("not a valid Chinese licence plate, e.g. 沪A12345 or 沪AD12345", field=field)
    return normalized


def mileage(value: Any, field: str = "mileage") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not abs(value) <= 1e12 or value != int(value):
        raise ValidationError("mileage must be a whole number of kilometres", field=field)
    if not 0 <= value <= MAX_MILEAGE_KM:
        raise ValidationError(f"mileage must be between 0 and {MAX_MILEAGE_KM} km", field=field)
    return int(value)


def service_type(value: Any, field: str = "service_type") -> str:
    if not isinstance(value, str) or value not in SERVICE_TYPES:
        raise ValidationError(f"service_type must be one of {', '.join(SERVICE_TYPES)}", field=field)
    return value


def instant(value: Any, field: str) -> datetime:
    """An ISO-8601 time with its UTC offset; a naive time is refused rather than guessed."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be an ISO-8601 time", field=field)
    if not value.isascii() or len(value) > 40:
        raise ValidationError(f"{field} must be an ISO-8601 time like 2026-11-24T09:00:00+08:00", field=field)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{field} must be an ISO-8601 time like 2026-11-24T09:00:00+08:00", field=field) from None
    if parsed.tzinfo is None:
        raise ValidationError(f"{field} must carry a UTC offset, e.g. +08:00", field=field)
    offset = parsed.utcoffset()
    if offset is None or abs(offset.total_seconds()) > 14 * 3600:
        raise ValidationError(f"{field} has a UTC offset beyond ±14:00", field=field)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValidationError(f"{field} must be between {EARLIEST_YEAR} and {LATEST_YEAR}", field=field)
    return parsed


def day(value: Any, field: str = "date") -> date:
    if not isinstance(value, str):
        raise ValidationError(f"{field} is required as YYYY-MM-DD", field=field, code="required")
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{field} must be a date like 2026-11-24", field=field) from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValidationError(f"{field} must be between {EARLIEST_YEAR} and {LATEST_YEAR}", field=field)
    return parsed


def whole_number(value: Any, field: str, *, low: int, high: int, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value):  # ASCII digits only: not ٣, not 3.0
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise ValidationError(f"{field} must be a whole number", field=field)
    if not low <= number <= high:
        raise ValidationError(f"{field} must be between {low} and {high}", field=field)
    return number


@dataclass(frozen=True)
class CustomerInput:
    name: str
    phone: str
    honorific: str | None = None  # 先生 / 女士: how the board and the advisor greet them


@dataclass(frozen=True)
class VehicleInput:
    plate: str
    model: str
    mileage: int
    purchase_date: date | None = None  # a new car: its first service (首保) is invited within 3 months


@dataclass(frozen=True)
class BookingRequest:
    store_id: str
    start: datetime
    service_type: str
    customer: CustomerInput
    vehicle: VehicleInput
    description: str | None = None
    last_service_date: date | None = None
    last_service_mileage: int | None = None
    preferred_channel: str | None = None


CHANNELS = ("wechat", "sms", "phone")


def section(body: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = require(body, name)
    if not isinstance(section, dict):
        raise ValidationError(f"{name} must be an object", field=name)
    return section


HONORIFICS = ("先生", "女士")


def customer_details(customer: Mapping[str, Any]) -> CustomerInput:
    honorific = customer.get("honorific")
    if honorific is not None and (not isinstance(honorific, str) or honorific not in HONORIFICS):
        raise ValidationError(f"customer.honorific must be one of {', '.join(HONORIFICS)}", field="customer.honorific")
    return CustomerInput(
        name=required_text(customer, "name", max_len=20, prefix="customer."),
        phone=mobile(require(customer, "phone", "customer."), "customer.phone"),
        honorific=honorific,
    )


def vehicle_details(vehicle: Mapping[str, Any]) -> VehicleInput:
    purchase = vehicle.get("purchase_date")
    return VehicleInput(
        plate=plate(require(vehicle, "plate", "vehicle."), "vehicle.plate"),
        model=required_text(vehicle, "model", max_len=40, prefix="vehicle."),
        mileage=mileage(require(vehicle, "mileage", "vehicle."), "vehicle.mileage"),
        purchase_date=day(purchase, "vehicle.purchase_date") if purchase is not None else None,
    )


def booking_request(body: Any) -> BookingRequest:
    """The fields a booking needs: name, phone, plate, car model, mileage, service type, slot
    (docs/product-rules.md#required-fields)."""
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", field=None, code="invalid_body")
    store_id = required_text(body, "store_id", max_len=64)
    start = instant(require(body, "start"), "start")
    kind = service_type(require(body, "service_type"))
    customer = section(body, "customer")
    vehicle = section(body, "vehicle")
    customer_input = customer_details(customer)
    vehicle_input = vehicle_details(vehicle)
    last_date = vehicle.get("last_service_date")
    last_km = vehicle.get("last_service_mileage")
    channel = body.get("preferred_channel")
    if channel is not None and (not isinstance(channel, str) or channel not in CHANNELS):
        raise ValidationError(f"preferred_channel must be one of {', '.join(CHANNELS)}", field="preferred_channel")
    return BookingRequest(
        store_id=store_id,
        start=start,
        service_type=kind,
        customer=customer_input,
        vehicle=vehicle_input,
        description=text(body, "description", max_len=500, required=False),
        last_service_date=day(last_date, "vehicle.last_service_date") if last_date is not None else None,
        last_service_mileage=mileage(last_km, "vehicle.last_service_mileage") if last_km is not None else None,
        preferred_channel=channel,
    )

def number(value: Any, field: str, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:  # NaN fails too
        raise ValidationError(f"{field} must be a number from {low:g} to {high:g}", field=field)
    return float(value)
