"""The work items of the fanned-out checks, typed, and their wire shape: a flat map of strings with a version
`v` (the SQS body, and the in-memory queue's item). The booking a step carries is the due index's copy, in
the one codec's JSON (domain/codec.py).

Version 2 is this release's shape. Version 1 (no `v`: the previous release's) had the same keys, and its
booking JSON reads with the same decoder, so items in flight during a deploy are done. An item from a newer
release, or one that does not read, is refused as a BadWorkItem: the worker parks it with the error.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..booking.booking import Booking
from ..codec import BadWorkItem, convert, decode, encode

VERSION = 2
_META = frozenset({"v", "check"})


@dataclass(frozen=True)
class BookingStep:
    """One booking's due step: the check, the step the due index holds it under, and the index's copy."""

    check: str
    booking_id: str
    action: str
    booking: Booking | None = None


@dataclass(frozen=True)
class JobStep:
    """An item of a fanned job that is not about one booking (a store's evening report, a customer's lapse
    stage): the job's own fields, strings it encodes and decodes itself."""

    check: str
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendStep:
    """One outbox message to send. `group`: its FIFO message group (one of its chain's); `attempt` tells a
    later try from a repeat of the same one."""

    dedupe_key: str
    group: str
    attempt: int = 0


CheckItem = BookingStep | JobStep


@dataclass(frozen=True)
class _BookingWire:
    check: str
    booking_id: str
    action: str
    booking: str = ""
    v: str = "1"


@dataclass(frozen=True)
class _JobWire:
    check: str
    v: str = "1"


@dataclass(frozen=True)
class _SendWire:
    dedupe_key: str
    group: str = ""
    attempt: str = "0"
    v: str = "1"


def encode_check(item: CheckItem) -> dict[str, str]:
    if isinstance(item, JobStep):
        return {**item.fields, "check": item.check, "v": str(VERSION)}
    body = {"v": str(VERSION), "check": item.check, "booking_id": item.booking_id, "action": item.action}
    if item.booking is not None:
        body["booking"] = encode(item.booking)
    return body


def decode_check(body: Mapping[str, object]) -> CheckItem:
    _version(body)
    if "booking_id" not in body:
        job = convert(dict(body), _JobWire)
        return JobStep(job.check, {k: _text(k, v) for k, v in body.items() if k not in _META})
    wire = convert(dict(body), _BookingWire)
    copy = decode(wire.booking, Booking) if wire.booking else None
    if copy is not None and copy.booking_id != wire.booking_id:
        raise BadWorkItem(f"the copy is of {copy.booking_id}, the item of {wire.booking_id}")
    return BookingStep(wire.check, wire.booking_id, wire.action, copy)


def encode_send(item: SendStep) -> dict[str, str]:
    return {"v": str(VERSION), "dedupe_key": item.dedupe_key, "group": item.group, "attempt": str(item.attempt)}


def decode_send(body: Mapping[str, object]) -> SendStep:
    _version(body)
    wire = convert(dict(body), _SendWire)
    if not wire.attempt.isdigit():
        raise BadWorkItem(f"attempt {wire.attempt!r} is not a count")
    return SendStep(wire.dedupe_key, wire.group, int(wire.attempt))


def _version(body: Mapping[str, object]) -> None:
    version = body.get("v", "1")
    if not isinstance(version, str) or not version.isdigit() or not 1 <= int(version) <= VERSION:
        raise BadWorkItem(f"work item version {version!r}: this release reads 1 to {VERSION}")


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise BadWorkItem(f"{key} is {type(value).__name__}, not text")
    return value
