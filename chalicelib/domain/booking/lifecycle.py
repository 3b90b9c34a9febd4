"""Booking status lifecycle: which moves are legal, so that every refusal names the current state."""
from __future__ import annotations

from enum import StrEnum

from ..errors import IllegalTransition


class Status(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    ARRIVED = "arrived"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "confirm": (frozenset({Status.PENDING}), Status.CONFIRMED),
    "check_in": (frozenset({Status.PENDING, Status.CONFIRMED}), Status.ARRIVED),
    "start": (frozenset({Status.ARRIVED}), Status.IN_SERVICE),
    "complete": (frozenset({Status.IN_SERVICE}), Status.COMPLETED),
    "cancel": (frozenset({Status.PENDING, Status.CONFIRMED}), Status.CANCELLED),
    "no_show": (frozenset({Status.PENDING, Status.CONFIRMED}), Status.NO_SHOW),
}

# States in which a booking holds a place in its slot.
HOLDS_PLACE: frozenset[Status] = frozenset({Status.PENDING, Status.CONFIRMED, Status.ARRIVED, Status.IN_SERVICE})
# States of a booking whose customer came.
ARRIVED: frozenset[Status] = frozenset({Status.ARRIVED, Status.IN_SERVICE, Status.COMPLETED})
# States from which the time may still be moved.
MOVABLE: frozenset[Status] = frozenset({Status.PENDING, Status.CONFIRMED})
TERMINAL: frozenset[Status] = frozenset({Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW})


def next_status(current: Status | str, action: str) -> Status:
    """The state `action` leads to from `current`, or IllegalTransition naming both."""
    current = Status(current)
    if action not in TRANSITIONS:
        raise IllegalTransition(f"unknown action '{action}'", field="action", code="unknown_action")
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(
            f"cannot {action.replace('_', '-')} a booking that is {current.value}",
            field="status",
            current_status=current.value,
        )
    return target


def ensure_movable(current: Status | str) -> None:
    current = Status(current)
    if current not in MOVABLE:
        raise IllegalTransition(
            f"cannot reschedule a booking that is {current.value}", field="status", current_status=current.value
        )
