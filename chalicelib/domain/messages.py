"""The kinds of message the platform sends a customer (SPEC §5); one-time subscribe authorizations are per kind."""
from __future__ import annotations

MESSAGE_KINDS: tuple[str, ...] = (
    "booking_confirmed",
    "booking_rescheduled",
    "booking_cancelled",
    "reminder",
    "late",
    "no_show",
    "parts_arrived",
    "lapse_invitation",
    "first_service_due",
    "maintenance_due",
    "follow_up",
)
