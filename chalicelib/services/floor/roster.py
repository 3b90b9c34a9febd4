"""A chain's staff list as the floor's use cases read it: kept per container for a minute, like the store
catalogue, so choosing an advisor or telling staff of a change costs no Query per booking."""
from __future__ import annotations

from datetime import datetime, timedelta

from ...domain.people.ports import StaffStore
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock

ROSTER_TTL = timedelta(seconds=60)


class Roster:
    def __init__(self, staff: StaffStore, clock: Clock) -> None:
        self._staff, self._clock = staff, clock
        self._kept: dict[str, tuple[datetime, list[StaffMember]]] = {}

    def of_chain(self, chain_id: str) -> list[StaffMember]:
        now = self._clock.now()
        kept = self._kept.get(chain_id)
        if kept is None or kept[0] <= now:
            kept = (now + ROSTER_TTL, self._staff.of_chain(chain_id))
            self._kept[chain_id] = kept
        return kept[1]
