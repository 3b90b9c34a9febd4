"""The properties of what customers are sent: each message once, over a channel it may take, none left behind,
each action's message made, reminders only about a booking's current time and before it, and every timed
message inside the hours the product rules give it (docs/product-rules.md#contact-hours).

Which hours bind which kind (decision 0010: confirmations and progress notices answer something the customer or
staff just did, and go at once):

- reminder: the store's quiet hours, and the customer's contact hours the booking carries (unless they leave no
  moment outside the quiet hours);
- late, the check's no_show, follow_up, the invitations: the store's quiet hours (the product rules date
  follow-ups and invitations inside 10:00-18:00 store time, not the customer's window);
- booking_confirmed, booking_rescheduled, booking_cancelled, parts_arrived, service_started, ready_for_pickup, a
  no_show staff marked, the managers' evening reports: none, they answer an action.

A timed message must be planned inside its hours; one sent later than planned, inside closed hours, is the known
defect "late_send_in_closed_hours" (known.py).
"""
from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.domain.booking.booking import Booking, first_event_at
from chalicelib.domain.followup import contact, lapse
from chalicelib.domain.followup.agenda import reminder_plan
from chalicelib.domain.messaging.messages import INVITATION_KINDS
from chalicelib.domain.messaging.staff_messages import STAFF_KINDS
from chalicelib.domain.tenancy.store import Store

from .known import Tally
from .model import LIVE, Model
from .world import MANAGER_PHONE, Sent, World

OUTBOX_GIVES_UP = timedelta(days=14)  # the outbox run reads back to its last clean run, at most fourteen UTC days


def _inside(moment: time, window: tuple[time, time]) -> bool:
    first, second = window
    return first <= moment < second if first < second else (moment >= first or moment < second)


def _usable(window: tuple[time, time] | None, quiet: tuple[time, time] | None) -> tuple[time, time] | None:
    """A customer's window counts unless it has no quarter hour outside the quiet hours."""
    if window is None or quiet is None:
        return window
    quarters = [time(m // 60, m % 60) for m in range(0, 24 * 60, 15)]
    return window if any(_inside(q, window) and not _inside(q, quiet) for q in quarters) else None


def allowed(at: datetime, store: Store, window: tuple[time, time] | None) -> bool:
    local = at.astimezone(store.tz).time().replace(tzinfo=None)
    quiet = store.quiet_hours
    if quiet is not None and _inside(local, quiet):
        return False
    usable = _usable(window, quiet)
    return usable is None or _inside(local, usable)


def _occasion(key: str) -> tuple[str, str]:
    """An outbox key's occurrence: "<step>@<start>" for a check's message, the moment for an action's."""
    occurrence = key.split("#", 3)[3]
    step, _, start = occurrence.partition("@")
    return step, start


def planned(sent: Sent, store: Store) -> tuple[datetime | None, tuple[time, time] | None] | None:
    """When a timed message was planned to go and the customer window binding it; None for the kinds that answer
    an action (exempt); (None, window) when a timed message's plan cannot be found."""
    b = sent.booking
    kind, key = sent.kind, sent.key
    if kind in INVITATION_KINDS:
        return _invitation_moment(kind, key, store), None
    if b is None or kind not in ("reminder", "late", "no_show", "follow_up"):
        return None
    step, start = _occasion(key)
    if kind == "no_show" and not start:
        return None  # marked by staff
    if kind == "reminder":
        found = [s.at for s in reminder_plan(b, store) if step in s.names]
        return (found[0] if found and b.start and b.start.isoformat() == start else None), b.contact_window
    assert b.start is not None
    if kind == "late":
        return b.start + timedelta(minutes=30), None
    if kind == "no_show":
        return b.start + timedelta(minutes=60), None
    return _follow_up_moment(b, step, store), None


def _follow_up_moment(b: Booking, step: str, store: Store) -> datetime | None:
    previous = first_event_at(b, "completed" if step == "follow_up" else "follow_up")
    if previous is None:
        return None
    day = (previous.astimezone(store.tz) + timedelta(days=2)).date()
    return contact.spread(day, b.booking_id if step == "follow_up" else f"{b.booking_id}#{step}", store.tz)


def _invitation_moment(kind: str, key: str, store: Store) -> datetime | None:
    last = key.rsplit("#", 1)[1]
    if kind == "lapse_invitation":
        customer_id = key.split("#")[1]
        return lapse.stage_at("invite", date.fromisoformat(last), store.tz, customer_id)
    return datetime.strptime(last, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def check_hours(sent: Sent, store: Store, tally: Tally) -> None:
    """A timed message goes inside its hours: planned there (always), sent there (tolerated only as the known
    defect, when it went later than planned)."""
    found = planned(sent, store)
    if found is None:
        return
    moment, window = found
    tally.checked += 1
    assert moment is not None, f"{sent.key}: a {sent.kind} sent at {sent.at} that no plan holds"
    assert allowed(moment, store, window), f"{sent.key}: planned at {moment}, inside closed hours (window {window})"
    if allowed(sent.at, store, window):
        return
    raise AssertionError(f"{sent.key}: planned at {moment} but sent at {sent.at}, inside closed hours (window {window})")


def check_sent(sent: Sent, model: Model, tally: Tally) -> None:
    """One message: a channel it may take, and about a booking still in the state the message speaks of."""
    if sent.kind in STAFF_KINDS:
        assert sent.channel == "sms", sent
        return
    assert sent.channel in ("subscribe", "sms"), f"{sent.key} went by {sent.channel}"
    if sent.channel == "subscribe":
        assert sent.kind not in INVITATION_KINDS, f"an invitation as a subscribe message: {sent.key}"
        tally.subscribed[(sent.customer_id, sent.kind)] += 1
        assert tally.subscribed[(sent.customer_id, sent.kind)] <= model.grants[(sent.customer_id, sent.kind)], \
            f"{sent.key}: a subscribe message without an authorization left"
    if sent.kind in INVITATION_KINDS:
        assert model.consent.get(sent.customer_id), f"{sent.key}: an invitation to a customer who has not agreed"
    pointless = _pointless(sent)
    if pointless:
        raise AssertionError(f"{sent.key} sent at {sent.at} (try {sent.attempts}): {pointless}")


def _pointless(sent: Sent) -> str | None:
    """Why a reminder or an "are you on your way?" no longer made sense when it went, or None."""
    b = sent.booking
    if sent.kind not in ("reminder", "late") or b is None:
        return None
    if b.status.value not in LIVE:
        return f"the booking is {b.status.value}"
    if b.start is None or b.start.isoformat() != _occasion(sent.key)[1]:
        return f"the booking moved to {b.start}"
    if sent.kind == "reminder" and sent.at >= b.start:
        return "the appointment has begun"
    return None


def check_messages(world: World, model: Model, tally: Tally) -> None:
    """Each message sent once, over its channel, none left behind; every action's message made; the timed ones
    in their hours; at most one reminder per booking and round."""
    counts = Counter(s.key for s in world.sent)
    twice = [k for k, n in counts.items() if n > 1]
    assert not twice, f"sent more than once: {twice}"
    assert len(world.svc.ports.channels.sent) == len(world.sent), "a channel sent what the outbox never marked sent"
    store = world.store
    for s in world.sent[tally.done:]:
        check_sent(s, model, tally)
        if not _pointless(s):
            check_hours(s, store, tally)
    tally.done = len(world.sent)
    per_round = Counter((s.booking_id, s.round) for s in world.sent if s.kind == "reminder" and s.round and s.attempts == 1)
    assert all(n == 1 for n in per_round.values()), f"two reminders of a booking in one run: {per_round}"
    outbox = world.messages()
    missing = [k for k in model.expected if k not in outbox]
    assert not missing, f"an action's message was never made: {[(k, model.expected[k]) for k in missing]}"
    last_outbox = world.last_run.get("outbox")
    for key, (record, due_at) in outbox.items():
        assert record.status != "pending" or due_at > world.now, f"{key}: queued and never tried"
        assert record.status != "sending", f"{key}: claimed and never finished"
        if record.status == "retry" and last_outbox is not None and due_at <= last_outbox:
            beyond = due_at.astimezone(UTC).date() < (last_outbox - OUTBOX_GIVES_UP).astimezone(UTC).date()
            assert beyond, f"{key}: due again at {due_at}, not retried by the run at {last_outbox}"
        if record.status == "failed":
            assert record.kind in INVITATION_KINDS and (record.error or "").startswith("withheld"), \
                f"{key} failed: {record.error}"
        if record.kind in STAFF_KINDS:
            assert record.context.get("phone") == MANAGER_PHONE

