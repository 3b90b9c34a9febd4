"""When a vehicle is due: its first service (首保) within 3 months of purchase, then maintenance every
interval of kilometres or months, whichever comes first, the kilometres turned into a date from the
average daily mileage between the last two visits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .lapse import add_months

FIRST_SERVICE_INVITE_MONTHS = 2  # invited at 2 months, so the first service is done inside the 3
INTERVAL_KM = 5000
INTERVAL_MONTHS = 6
INVITE_DAYS_BEFORE = 7


FIRST_SERVICE_DUE_MONTHS = 3  # the first service (首保) is due within 3 months of purchase
FIRST_SERVICE_CHASE_DAYS = 14  # an ignored invitation is chased by a call two weeks on, before the 3 months run out
FIRST_SERVICE = "first_service_due"  # the invitation
FIRST_SERVICE_CHASE = "first_service_unanswered"  # its chase: a call task, when nobody booked the first service
# the services that are a periodic maintenance: the only ones that answer a first-service invitation
MAINTENANCE_SERVICES = frozenset({"maintenance", "first_service"})


def first_service_due(purchase: date) -> date:
    return add_months(purchase, FIRST_SERVICE_DUE_MONTHS)


def first_service_invite(purchase: date) -> date:
    return add_months(purchase, FIRST_SERVICE_INVITE_MONTHS)


def first_service_chase(invited: date) -> date:
    return invited + timedelta(days=FIRST_SERVICE_CHASE_DAYS)


def keeps_first_service(service_type: str, invitation_ahead: str | None) -> bool:
    """Whether a completed job leaves the car's first-service invitation (or its chase) where it is: the
    invitation is about the first periodic maintenance, so a film, coating, repair or check done first does not
    answer it (nor date the next maintenance); only a maintenance service does."""
    return service_type not in MAINTENANCE_SERVICES and invitation_ahead in (FIRST_SERVICE, FIRST_SERVICE_CHASE)


def next_maintenance(last_date: date, last_km: int, prev_date: date | None, prev_km: int | None) -> date:
    """The earlier of the time interval and the day the kilometre interval is reached at the recent pace."""
    by_time = add_months(last_date, INTERVAL_MONTHS)
    if prev_date is None or prev_km is None or last_date <= prev_date or last_km <= prev_km:
        return by_time
    per_day = (last_km - prev_km) / (last_date - prev_date).days
    by_distance = last_date + timedelta(days=int(INTERVAL_KM / per_day))
    return min(by_time, by_distance)


def invite_on(due: date) -> date:
    return due - timedelta(days=INVITE_DAYS_BEFORE)


@dataclass(frozen=True)
class VehicleDue:
    """A vehicle whose invitation (first service or maintenance) is due."""

    chain_id: str
    plate: str
    customer_id: str
    store_id: str | None
    kind: str
    at: str  # as stored: the claim compares it
    next_due: str | None
    purchase_date: str | None
