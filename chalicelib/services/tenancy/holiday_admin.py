"""Loading a year's official holiday schedule: the platform operator's for every chain, a chain admin's for
their own chain (it overrides the platform's for that year). Reading what is in force for a chain."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy import calendar
from ...domain.tenancy.holidays import PLATFORM, HolidaySchedule, effective, parse_schedule
from ...domain.tenancy.ports import HolidayStore


class HolidayAdmin:
    def __init__(self, holidays: HolidayStore, clock: Clock) -> None:
        self._holidays, self._clock = holidays, clock

    def load_platform(self, who: StaffAccess, year: int, body: Mapping[str, Any]) -> HolidaySchedule:
        who.ensure_role(Role.OPERATOR)
        return self._load(who, parse_schedule(PLATFORM, year, body))

    def load_chain(self, who: StaffAccess, year: int, body: Mapping[str, Any]) -> HolidaySchedule:
        who.ensure_role(Role.CHAIN_ADMIN)
        return self._load(who, parse_schedule(who.chain_id, year, body))

    def _load(self, who: StaffAccess, schedule: HolidaySchedule) -> HolidaySchedule:
        self._holidays.put(schedule, who.actor, self._clock.now())
        return schedule

    def platform(self, who: StaffAccess, year: int) -> dict[str, Any]:
        who.ensure_role(Role.OPERATOR)
        return self._view(year, self._holidays.of_scope(PLATFORM))

    def in_force(self, who: StaffAccess, year: int) -> dict[str, Any]:
        """The schedule a chain's stores follow for `year`, and where it comes from."""
        who.ensure_role(Role.CHAIN_ADMIN)
        chain = self._holidays.of_scope(who.chain_id)
        return self._view(year, effective(self._holidays.of_scope(PLATFORM), chain))

    @staticmethod
    def _view(year: int, schedules: dict[int, HolidaySchedule]) -> dict[str, Any]:
        loaded = schedules.get(year)
        if loaded is not None:
            return {**loaded.to_json(), "source": "chain" if loaded.scope != PLATFORM else "platform"}
        source = "chinesecalendar" if calendar.has_official_schedule(year) else "provisional"
        return {"scope": None, "year": year, "holidays": [], "workdays": [], "source": source}
