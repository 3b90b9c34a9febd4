"""Provisioned DynamoDB capacity, for the tables a stage keeps in provisioned mode (infra/scale_settings.py
`TableSettings.provisioned`; decision 0080): per table and per global index, the read and write capacity it
starts with and keeps outside the schedule, the most auto scaling may reach, and the scheduled floors: daily, in
the stores' time zone, each raised a few minutes before the reminders' burst minutes (the slot starts' offsets
and 20:59) and lowered after them. Between the floors, auto scaling tracks its target utilisation.

The figures are `python -m bench.provisioned --plan <stage>`'s for the stage's planned chain size (its table
below): the stack (infra/tables.py) and the cost model (bench/cost_model.py) read them from here, and
tests/unit/test_provisioned.py checks that they are still what the plan finds.

Pure data: importing it loads no CDK.
"""
from __future__ import annotations

from dataclasses import dataclass

SCHEDULE_TIME_ZONE = "Asia/Shanghai"  # the stores' (the bench's and the demo's); the floors' times are local
TARGET_UTILIZATION = 70  # auto scaling's target between the floors (AWS's default)


@dataclass(frozen=True)
class Floor:
    """From `at` (HH:MM in SCHEDULE_TIME_ZONE, every day) until the next floor, at least this capacity."""

    at: str
    read: int
    write: int


@dataclass(frozen=True)
class Capacity:
    read: int  # what the table (or index) is created with, and the floor outside the schedule
    write: int
    max_read: int  # the most auto scaling may set
    max_write: int
    schedule: tuple[Floor, ...] = ()

    def floor_at(self, minute: int) -> tuple[int, int]:
        """(read, write) floor in force at a minute of the day (0-1439): the last floor set before it, the
        day's last one carried over midnight, the created capacity when there is no schedule."""
        if not self.schedule:
            return self.read, self.write
        starts = sorted(((_minute(f.at), f) for f in self.schedule), key=lambda pair: pair[0])
        current = starts[-1][1]
        for start, floor in starts:
            if start <= minute:
                current = floor
        return current.read, current.write

    def billed_hours(self) -> list[tuple[int, int]]:
        """(read, write) capacity billed per local hour of a day: the highest in force at any time in it."""
        hours = []
        for hour in range(24):
            floors = [self.floor_at(m) for m in range(hour * 60, hour * 60 + 60)]
            hours.append((max(r for r, _ in floors), max(w for _, w in floors)))
        return hours


@dataclass(frozen=True)
class ProvisionedTable:
    table: str  # without the stage prefix, e.g. "bookings"
    capacity: Capacity
    indexes: tuple[tuple[str, Capacity], ...] = ()  # each global index's own (a provisioned table's indexes are)

    def parts(self) -> list[tuple[str | None, Capacity]]:
        """The table (None) and each index, with its capacity."""
        return [(None, self.capacity), *self.indexes]


def _minute(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)
