"""Phone linking: when a mini-program customer's verified phone may take over the phone-only customer staff
created for that number (their phone bookings and vehicles), and when it may not; and which customer a booking
staff take by phone goes to.

Numbers are reissued and mistyped, so a verified phone alone is not enough: a plate on file must match too.
A customer that is itself a WeChat identity, or that another WeChat customer already took over, is never
merged: two verified WeChat identities stay two customers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..booking.booking import Booking
from . import file_merge
from .customer import Customer
from .customer_notes import FileNotes

# the outcomes, as the API reports them
MERGED = "merged"
NOTHING_TO_LINK = "no_phone_customer"  # staff never booked this number
PLATE_MISMATCH = "plate_mismatch"  # same number, but none of its cars is on file for this customer
OTHER_IDENTITY = "other_wechat_customer"  # the number's customer is (or was taken by) another WeChat identity


@dataclass(frozen=True)
class MergePlan:
    """What moves from the phone-only customer (`source_id`) to the WeChat customer (`target_id`): each booking
    at the version read (the move is conditioned on it) with its search entries, each vehicle by plate; the
    source's file as read (`source_file`; None: not read, left alone) added to the target's (`target_file` as
    read, `file` what it becomes, None: unchanged); the rebooking the source is owed (priority and calls)."""

    chain_id: str
    source_id: str
    target_id: str
    bookings: tuple[Booking, ...]
    plates: tuple[str, ...]
    name: str | None
    source_file: FileNotes | None = None
    target_file: FileNotes | None = None
    file: FileNotes | None = None
    rebook_priority: bool = False
    rebook_task: str | None = None
    new_time_task: str | None = None


@dataclass(frozen=True)
class LinkDecision:
    outcome: str
    plan: MergePlan | None = None


def decide(me: Customer, source: Customer | None, source_bookings: Iterable[Booking], source_plates: Iterable[str],
           my_plates: Iterable[str], files: tuple[FileNotes, FileNotes, datetime] | None = None) -> LinkDecision:
    """Whether `me` (signed in through WeChat, phone just verified) takes over `source`, the phone-only customer of
    that number. Taking over again (after a partial move, or new phone bookings since) moves what is left. With
    `files` (my file, the source's, now) the source's file moves too."""
    if source is None or source.customer_id == me.customer_id:
        return LinkDecision(NOTHING_TO_LINK)
    if source.openid or source.unionid or (source.merged_into and source.merged_into != me.customer_id):
        return LinkDecision(OTHER_IDENTITY)
    bookings = tuple(source_bookings)
    theirs = set(source_plates) | {b.plate for b in bookings if b.plate}
    if source.merged_into != me.customer_id and not theirs & set(my_plates):  # taken over once: the plate matched
        return LinkDecision(PLATE_MISMATCH)
    mine, their_file, now = files if files else (None, None, None)
    return LinkDecision(MERGED, MergePlan(
        me.chain_id, source.customer_id, me.customer_id, bookings, tuple(sorted(theirs)), source.name,
        source_file=their_file, target_file=mine,
        file=file_merge.merged(mine, their_file, source.customer_id, now) if mine and their_file and now else None,
        rebook_priority=source.rebook_priority, rebook_task=source.rebook_task, new_time_task=source.new_time_task))


def owed_rebooking(car_holder: Customer | None, phone: str) -> bool:
    """Whether a booking staff take for `phone` and a car on file for `car_holder` is the rebooking that customer
    is owed, and so goes to them rather than to the phone-only customer of that number: they gave this number
    and hold rebooking priority (they missed a booking, or the store cancelled it), and the clerk is calling
    them back; or are owed the call to agree a new time after cancelling (docs/product-rules.md#agree-new-time).
    Number and car must both match, as in linking; a taken-over number needs no car (its phone
    bookings go to the customer who took it over)."""
    return car_holder is not None and car_holder.phone == phone \
        and (car_holder.rebook_priority or bool(car_holder.new_time_task)) and not car_holder.merged_into
