"""Official holiday schedules: the platform operator loads a year's for every chain, a chain admin overrides
it for their chain (docs/product-rules.md#holiday-schedule)."""
from __future__ import annotations

from ..container import services
from ..domain.errors import ValidationError
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body

holidays = ApiBlueprint(__name__)


def _year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4 and 2000 <= int(value) <= 2100):
        raise ValidationError("year is four digits from 2000 to 2100, e.g. 2027", field="year")
    return int(value)


@holidays.route("/operator/holidays/{year}", methods=["PUT"], body="HolidaySchedule", audience=Audience.OPERATOR)
def load_platform(year: str) -> dict:
    """Load a year's official holidays and make-up working days for the whole platform."""
    request = holidays.current_request
    who = access.staff(request)
    return services().holiday_admin.load_platform(who, _year(year), json_body(request)).to_json()


@holidays.route("/operator/holidays/{year}", methods=["GET"], audience=Audience.OPERATOR)
def platform_schedule(year: str) -> dict:
    """The platform's loaded schedule of a year, or where the calendar takes it from without one."""
    who = access.staff(holidays.current_request)
    return services().holiday_admin.platform(who, _year(year))


@holidays.route("/admin/holidays/{year}", methods=["PUT"], body="HolidaySchedule", audience=Audience.CHAIN_ADMIN)
def load_chain(year: str) -> dict:
    """Load a year's holidays and make-up working days for this chain: overrides the platform's for that year."""
    request = holidays.current_request
    who = access.staff(request)
    return services().holiday_admin.load_chain(who, _year(year), json_body(request)).to_json()


@holidays.route("/admin/holidays/{year}", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def chain_schedule(year: str) -> dict:
    """The schedule this chain's stores follow in a year, and its source (chain, platform, chinesecalendar, provisional)."""
    who = access.staff(holidays.current_request)
    return services().holiday_admin.in_force(who, _year(year))
