"""DMS data in (docs/product-rules.md#dms-import, decision 0036): the rows of a dealer-management export, read
and checked one by one, and what an accepted row does to its customer and vehicle.

A row is one vehicle and its latest service: VIN and/or plate, model, purchase date, the owner's name and
mobile, the service's date, mileage and jobs. Headers are matched in Chinese or English (see COLUMNS). A row
is refused with the field and the reason; the others are imported. What a row writes is a visit without a
booking: the customer's lapse stages and the vehicle's next maintenance are dated from the service date (or
its first service from the purchase date), exactly as a completed booking dates them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..booking.change import CustomerChange, VehicleChange
from ..errors import DomainError, ValidationError
from ..followup import contact, lapse, maintenance
from ..tenancy.store import Store
from ..validation import MAX_MILEAGE_KM, mobile, plate

# our field -> the headers a DMS export may give it (compared lower-case, spaces and punctuation dropped)
COLUMNS: dict[str, tuple[str, ...]] = {
    "vin": ("vin", "车架号", "vin码", "车辆识别代号"),
    "plate": ("plate", "车牌", "车牌号", "车牌号码"),
    "model": ("model", "车型", "车型名称"),
    "purchase_date": ("purchasedate", "购车日期", "购买日期", "开票日期"),
    "name": ("name", "owner", "客户姓名", "车主", "车主姓名", "姓名"),
    "phone": ("phone", "mobile", "手机", "手机号", "联系电话"),
    "service_date": ("servicedate", "保养日期", "服务日期", "进厂日期", "维修日期"),
    "mileage": ("mileage", "里程", "行驶里程", "进厂里程"),
    "jobs": ("jobs", "服务项目", "维修项目", "作业项目"),
}
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")  # ISO 3779: 17 characters, no I, O or Q
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
MAX_JOBS_TEXT = 200


@dataclass(frozen=True)
class RowRefusal:
    line: int  # the file's line (the header is line 1)
    field: str
    reason: str


@dataclass(frozen=True)
class VehicleRow:
    line: int
    vin: str | None
    plate: str
    model: str
    purchase_date: date | None
    name: str | None
    phone: str
    service_date: date | None
    mileage: int | None
    jobs: str | None

    @property
    def key(self) -> str:
        """What makes a row the same vehicle again: its VIN, else its plate."""
        return self.vin or self.plate


def header_map(headers: list[str]) -> dict[int, str]:
    """Column position -> our field, for the headers we know; the others are ignored."""
    known = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
    found: dict[int, str] = {}
    for position, header in enumerate(headers):
        name = known.get(re.sub(r"[\s_\-()()/]", "", str(header or "")).lower())
        if name is not None and name not in found.values():
            found[position] = name
    missing = [n for n in ("phone",) if n not in found.values()]
    if missing or not {"vin", "plate"} & set(found.values()):
        raise ValidationError("the file needs a mobile column and a VIN or plate column (headers: "
                              + ", ".join(f"{n}: {'/'.join(a[:3])}" for n, a in COLUMNS.items()) + ")",
                              field="file", code="import_headers")
    return found


def _date(value: str, field: str, today: date) -> date:
    text = value.strip().split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            found = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if found > today or found.year < 1990:
            raise ValidationError(f"{field} {text} is in the future or before 1990", field=field)
        return found
    raise ValidationError(f"{field} is not a date (YYYY-MM-DD): {value!r}", field=field)


def _optional(cells: Mapping[str, str], name: str) -> str | None:
    value = (cells.get(name) or "").strip()
    return value or None


def _mileage(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.replace(",", "").replace("km", "").replace("公里", "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) > MAX_MILEAGE_KM:
        raise ValidationError(f"mileage is a whole number of km up to {MAX_MILEAGE_KM}: {value!r}", field="mileage")
    return int(text)


def read_row(line: int, cells: Mapping[str, str], today: date) -> VehicleRow | RowRefusal:
    """The row checked, or why it is refused (the first problem found, naming its field)."""
    try:
        return _checked(line, cells, today)
    except DomainError as error:
        return RowRefusal(line, error.field or "row", error.message)


def _checked(line: int, cells: Mapping[str, str], today: date) -> VehicleRow:
    vin = _optional(cells, "vin")
    if vin is not None:
        vin = vin.upper()
        if not _VIN.match(vin):
            raise ValidationError("a VIN is 17 letters and digits, without I, O or Q", field="vin")
    raw_plate = _optional(cells, "plate")
    if raw_plate is None:
        raise ValidationError("a plate is needed (the car's key in the booking system)", field="plate")
    purchase = _date(cells["purchase_date"], "purchase_date", today) if _optional(cells, "purchase_date") else None
    service = _date(cells["service_date"], "service_date", today) if _optional(cells, "service_date") else None
    if purchase and service and service < purchase:
        raise ValidationError("the service date is before the purchase date", field="service_date")
    jobs = _optional(cells, "jobs")
    return VehicleRow(line, vin, plate(raw_plate), (_optional(cells, "model") or "")[:60], purchase,
                      (_optional(cells, "name") or "")[:20] or None, mobile(_optional(cells, "phone") or "", "phone"),
                      service, _mileage(_optional(cells, "mileage")), jobs[:MAX_JOBS_TEXT] if jobs else None)


def changes(row: VehicleRow, customer_id: str, store: Store, today: date) -> tuple[CustomerChange, VehicleChange]:
    """What the row writes, as a completed visit would: the customer's lapse stages from the service date (no
    consent given: the DMS is not the customer agreeing to invitations), the vehicle's next maintenance from
    it, or its first service from the purchase date when no service is known. A moment already past (an old
    visit) is brought to `today`'s contact moment, so the next lapse run takes it up instead of never."""
    visit = row.service_date
    customer = CustomerChange(
        name=row.name, phone=row.phone, create_if_missing=True, home_store=store.store_id, last_plate=row.plate,
        last_visit=visit.isoformat() if visit else None,
        lapse_at=max(lapse.stage_at("invite", visit, store.tz, customer_id), contact.spread(today, customer_id, store.tz))
        if visit else None)
    due: tuple[str, datetime] | None = None
    next_due: str | None = None
    first_due: str | None = None
    if visit is not None:
        day = maintenance.next_maintenance(visit, row.mileage or 0, None, None)
        next_due = day.isoformat()
        due = ("maintenance_due", contact.spread(max(maintenance.invite_on(day), today), row.plate, store.tz))
    elif row.purchase_date is not None:
        first_due = maintenance.first_service_due(row.purchase_date).isoformat()
        invite = max(maintenance.first_service_invite(row.purchase_date), today)
        due = (maintenance.FIRST_SERVICE, contact.spread(invite, row.plate, store.tz))
    vehicle = VehicleChange(
        row.plate, model=row.model or None, mileage=row.mileage, store_id=store.store_id,
        purchase_date=row.purchase_date.isoformat() if row.purchase_date else None,
        last_service_date=visit.isoformat() if visit else None,
        last_service_mileage=row.mileage if visit else None, next_due=next_due, due=due,
        first_service_due=first_due)
    return customer, vehicle
