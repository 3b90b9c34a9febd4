"""Money: integer fen (分) in storage and computation, yuan with two decimals at the edge
(docs/product-rules.md#money).

Every product of a rate and a share is computed in Decimal and rounded half-up to the fen, so 2.0 h at 180
yuan is exactly 36000 fen and 85 % of it exactly 30600; floats never hold an amount.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import ValidationError

FEN_PER_YUAN = 100
MAX_YUAN = 1_000_000  # a service quote above a million yuan is a typing error
_YUAN_TEXT = re.compile(r"^\d{1,7}(\.\d{1,2})?$")


def half_up(value: Decimal) -> int:
    """`value` fen rounded to a whole fen, halves away from zero (0.5 → 1)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(value: float) -> Decimal:
    """A configured share (0.15) as the decimal it was written as, not its binary approximation."""
    return Decimal(repr(float(value)))


def times(fen: int, factor: float) -> int:
    """`fen` × `factor`, half-up to the fen (labour hours × hourly rate, labour × (1 − discount))."""
    return half_up(Decimal(fen) * share(factor))


def discounted(fen: int, discount: float) -> int:
    """`fen` with `discount` (a share: 0.15 is 15 % off) taken off, half-up to the fen."""
    return half_up(Decimal(fen) * (1 - share(discount)))


def yuan(fen: int) -> str:
    """What the API shows: 71000 → "710.00"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{cents:02d}"


def fen_from_yuan(value: Any, field: str) -> int:
    """Yuan as a client sends them, a number (710, 710.5) or a string ("710.00"), at most two decimals and
    never negative, as exact fen."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError('an amount in yuan, e.g. 710 or "710.00"', field=field)
    text = value.strip() if isinstance(value, str) else repr(value)
    if isinstance(value, float) and text.endswith(".0"):
        text = text[:-2]
    if not _YUAN_TEXT.match(text):
        raise ValidationError('an amount in yuan with at most two decimals, e.g. 710 or "710.00"', field=field)
    amount = Decimal(text)  # the pattern admits only plain decimals
    if amount > MAX_YUAN:
        raise ValidationError(f"at most {MAX_YUAN} yuan", field=field)
    return int(amount * FEN_PER_YUAN)
