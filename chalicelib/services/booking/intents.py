"""One write per intent of a member of staff: the Idempotency-Key a staff screen sends with a write (one per
click of the person, the same on a retry) is kept with the first booking change the write commits, in the same
transaction, exactly as a customer's own booking keeps theirs (domain/booking/change.py Idempotency).

A repeat of the intent then writes nothing: either its change is refused by the unit of work because the key
is taken (IdempotentReplay), or the rules refuse it because the first write already happened (a second
check-in of the same booking); in both cases the answer is the booking the first write left, as it is now.
The same key with another request is refused (idempotency_key_reused).

The intent is handed to BookingChanges.commit through a context variable for the length of one request, so
the use cases that decide the changes need not carry it.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from ...domain import codec
from ...domain.booking.booking import Booking
from ...domain.booking.change import Idempotency, IdempotentReplay
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, DomainError, ValidationError

T = TypeVar("T")
MAX_KEY = 128


@dataclass(frozen=True)
class Intent:
    chain_id: str
    owner: str  # the staff actor, "staff:<username>": a key is theirs alone
    key: str
    fingerprint: str  # what was asked: the route, its identifiers and the body

    @property
    def idempotency(self) -> Idempotency:
        return Idempotency(self.key, self.fingerprint, owner=self.owner)


@dataclass
class _Pending:
    intent: Intent
    used: bool = field(default=False)


_CURRENT: ContextVar[_Pending | None] = ContextVar("staff_intent", default=None)


def intent(chain_id: str, owner: str, key: str | None, what: tuple[str, ...], body: object) -> Intent | None:
    """The intent of a staff write, or None when no key was sent (scripts and older screens)."""
    if key is None or not key.strip():
        return None
    key = key.strip()
    if len(key) > MAX_KEY:
        raise ValidationError(f"the Idempotency-Key has at most {MAX_KEY} characters", field="Idempotency-Key")
    asked = codec.canonical([list(what), body])
    return Intent(chain_id, owner, key, hashlib.sha256(asked.encode("utf-8")).hexdigest())


def pending() -> Idempotency | None:
    """The key the next commit of this request carries (only its first commit carries it)."""
    found = _CURRENT.get()
    return None if found is None or found.used else found.intent.idempotency


def committed() -> None:
    """The commit that carried the key went through."""
    found = _CURRENT.get()
    if found is not None:
        found.used = True


class Intents:
    def __init__(self, bookings: BookingStore) -> None:
        self._bookings = bookings

    def once(self, asked: Intent | None, work: Callable[[], T], replay: Callable[[Booking], T]) -> tuple[T, bool]:
        """Run `work` once per intent. Returns its answer and True, or, for a repeat, `replay` of the booking the
        first write made or changed and False. Costs one GetItem more only when a repeat is refused by the rules."""
        if asked is None:
            return work(), True
        token = _CURRENT.set(_Pending(asked))
        try:
            return work(), True
        except IdempotentReplay as repeat:
            return replay(self._first(asked, repeat.booking_id, repeat.request_hash)), False
        except DomainError:
            found = self._bookings.idempotent_booking(asked.chain_id, asked.owner, asked.key)
            if found is None:
                raise
            return replay(self._first(asked, *found)), False
        finally:
            _CURRENT.reset(token)

    def _first(self, asked: Intent, booking_id: str, fingerprint: str) -> Booking:
        if fingerprint != asked.fingerprint:
            raise Conflict("this Idempotency-Key was already used for a different request", field="Idempotency-Key",
                           code="idempotency_key_reused")
        return self._bookings.get(booking_id)
