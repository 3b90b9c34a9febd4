"""What the customer's file carries into the job order of their next visit (docs/product-rules.md#customer-file):
the items left over from the last visit and staff's notes, shown on the day plan's row of each booking of theirs
still to be done, as the file reads now (however the booking was made)."""
from __future__ import annotations

from ..booking.booking import Booking
from ..booking.lifecycle import Status
from ..people.customer_notes import FileNotes

CARRIED = ("leftovers", "notes")
TO_DO = frozenset({Status.PENDING, Status.CONFIRMED, Status.ARRIVED, Status.IN_SERVICE})


def wants_file(b: Booking) -> bool:
    """Whether the booking's row shows what the file carries: a visit still to be done."""
    return b.status in TO_DO


def carried(notes: FileNotes | None) -> dict[str, str | None] | None:
    """The leftovers and notes for the job order's draft; None when the file holds neither."""
    if notes is None or not any(notes.get(name) for name in CARRIED):
        return None
    return {name: notes.get(name) for name in CARRIED}
