"""One typed codec for every value a queue carries or a worker decides on (msgspec): dataclasses, `date`,
`time`, `datetime`, tuples and enums encode natively, and decoding is strict (a value of the wrong type is
refused, never coerced), so whatever the encoder wrote comes back equal, and anything else is refused as a
BadWorkItem naming what was wrong instead of failing somewhere later."""
from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from .errors import DomainError

T = TypeVar("T")

_ENCODER = msgspec.json.Encoder()
_CANONICAL = msgspec.json.Encoder(order="sorted")


class BadWorkItem(DomainError):
    """A work item or stored copy that cannot be read: no retry can help, so it is parked with this error."""

    code = "bad_work_item"


def encode(value: Any) -> str:
    """JSON text of `value` (a dataclass, a msgspec Struct, or builtins)."""
    try:
        return _ENCODER.encode(value).decode()
    except (TypeError, ValueError, OverflowError) as exc:  # msgspec.EncodeError is a ValueError
        raise BadWorkItem(f"cannot encode {type(value).__name__}: {exc}") from exc


def builtins(value: Any) -> Any:
    """`value` as the builtins its JSON text holds (dicts, lists, strings, numbers): what `encode` writes, not yet
    written (a route's answer body, which Chalice serializes itself)."""
    try:
        return msgspec.to_builtins(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadWorkItem(f"cannot encode {type(value).__name__}: {exc}") from exc


def canonical(value: Any) -> str:
    """JSON text of `value` with every object's keys sorted: equal values give equal text (request fingerprints)."""
    try:
        return _CANONICAL.encode(value).decode()
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadWorkItem(f"cannot encode {type(value).__name__}: {exc}") from exc


def decode(text: str | bytes, kind: type[T]) -> T:
    """The `kind` that `text` encodes, strictly: a missing field, an unknown enum value or a wrong type is
    refused (fields the type does not know are ignored, so a later release's extra field reads)."""
    try:
        return msgspec.json.decode(text, type=kind, strict=True)
    except msgspec.MsgspecError as exc:
        raise BadWorkItem(f"not a {kind.__name__}: {exc}") from exc


def convert(raw: Any, kind: type[T]) -> T:
    """`raw` builtins (a queue body as received) as `kind`, as strictly as `decode`."""
    try:
        return msgspec.convert(raw, type=kind, strict=True)
    except msgspec.MsgspecError as exc:
        raise BadWorkItem(f"not a {kind.__name__}: {exc}") from exc
