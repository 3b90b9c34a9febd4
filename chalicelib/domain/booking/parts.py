"""Parts a booking waits for (docs/product-rules.md#parts-deposit): when they are expected, what they are
estimated to cost, and the deposit costly parts need before they are ordered (at least half the parts
estimate, rounded up to the yuan; amounts in integer fen)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError

if TYPE_CHECKING:
    from .booking import Booking

# the parts desk's checks of a booking, events of its history (floor/parts_desk.py writes them; the agenda's
# readiness step reads them: docs/product-rules.md#workshop-and-parts)
CHECK_EVENT = "parts_checked"
READY_EVENT = "parts_ready"
READINESS_STEP = "parts_unconfirmed"  # at T-1h, checked and not confirmed: the parts desk's task
READINESS_BEFORE = timedelta(hours=1)

COSTLY_FEN = 100_000  # parts estimated at 1,000.00 yuan or more are ordered only against a deposit
DEPOSIT_SHARE_PERCENT = 50
YUAN_FEN = 100  # the deposit is a whole number of yuan (docs/product-rules.md#parts-deposit)
MAX_FEN = 100_000_000


@dataclass(frozen=True)
class PartsInput:
    expected: date | None = None
    estimate_fen: int | None = None
    deposit_fen: int | None = None


NO_PARTS = PartsInput()


def minimum_deposit(estimate_fen: int) -> int:
    """The least deposit for a parts estimate: none under the costly threshold, else half, rounded up to the yuan."""
    if estimate_fen < COSTLY_FEN:
        return 0
    return -(-estimate_fen * DEPOSIT_SHARE_PERCENT // (100 * YUAN_FEN)) * YUAN_FEN


def _fen(raw: Mapping[str, Any], name: str) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEN:
        raise ValidationError(f"parts.{name} must be a whole number of fen from 0 to {MAX_FEN}", field=f"parts.{name}")
    return value


def parts_input(body: Mapping[str, Any], *, waiting: bool) -> PartsInput:
    """The body's `parts` section of a booking waiting for parts, with the deposit rule applied."""
    raw = body.get("parts")
    if raw is None:
        return PartsInput()
    if not isinstance(raw, dict):
        raise ValidationError("parts must be an object with expected, estimate_fen and deposit_fen", field="parts")
    if not waiting:
        raise ValidationError("parts is only for a booking waiting for parts", field="parts")
    expected = raw.get("expected")
    when = None
    if expected is not None:
        try:
            when = date.fromisoformat(expected) if isinstance(expected, str) else None
        except ValueError:
            when = None
        if when is None:
            raise ValidationError("parts.expected must be a date YYYY-MM-DD", field="parts.expected")
    estimate, deposit = _fen(raw, "estimate_fen"), _fen(raw, "deposit_fen")
    needed = minimum_deposit(estimate or 0)
    if needed and (deposit or 0) < needed:
        raise ValidationError(f"parts estimated at {estimate} fen need a deposit of at least {needed} fen",
                              field="parts.deposit_fen", code="deposit_required", minimum_fen=needed)
    return PartsInput(when, estimate, deposit)


def check_expected(parts: PartsInput, today: date) -> None:
    if parts.expected is not None and parts.expected < today:
        raise ValidationError("parts.expected must not be in the past", field="parts.expected")


def scheduled_fields(booking: Booking) -> dict[str, Any]:
    """What a booking's first time after its parts came changes besides the time: the parts are then
    `scheduled`, whoever gave the time (staff agreeing it on the phone, or the customer in the mini-program)."""
    return {"parts_status": "scheduled"} if booking.parts_status == "arrived" else {}
