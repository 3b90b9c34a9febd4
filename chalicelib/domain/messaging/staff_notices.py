"""Which staff notices a member wants (docs/product-rules.md#wecom-for-staff). Each notice kind belongs to one
preference; a member who set none wants every one. Reports other than the daily digest are chosen per store
(Store.report_kinds, report_recipients), not here."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ValidationError

ARRIVALS, BOOKINGS, SLA, TASKS, DIGEST = "arrivals", "bookings", "sla", "tasks", "digest"
PREFERENCES: tuple[str, ...] = (ARRIVALS, BOOKINGS, SLA, TASKS, DIGEST)
# outbox kind -> the preference that lets it through
KIND_PREFERENCE: dict[str, str] = {
    "staff_customer_arrived": ARRIVALS,
    "staff_booking_new": BOOKINGS,
    "staff_digest": DIGEST,
    # domain/floor/change_notices.py
    "staff_booking_rescheduled": BOOKINGS,
    "staff_booking_cancelled": BOOKINGS,
    "staff_sla_warning": SLA,
    "staff_task_opened": TASKS,
    "staff_task_escalated": TASKS,
    "staff_extra_work_decided": BOOKINGS,  # the customer's answer to extra work
}


def wants(notices: frozenset[str] | None, kind: str) -> bool:
    """Whether a member with these preferences gets a staff message of `kind` (None: every notice)."""
    preference = KIND_PREFERENCE.get(kind)
    return preference is None or notices is None or preference in notices


def checked(raw: object) -> frozenset[str] | None:
    """The preferences as given: a list of names (empty: none) or null (every notice)."""
    if raw is None:
        return None
    if not isinstance(raw, list | tuple) or not all(isinstance(n, str) for n in raw):
        raise ValidationError("notices must be a list of names", field="notices")
    unknown = sorted(set(_names(raw)) - set(PREFERENCES))
    if unknown:
        raise ValidationError(f"unknown notice {unknown[0]!r}; one of {', '.join(PREFERENCES)}", field="notices")
    return frozenset(_names(raw))


def _names(raw: Iterable[str]) -> list[str]:
    return [n.strip() for n in raw]
