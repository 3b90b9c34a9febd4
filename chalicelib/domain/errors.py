"""Domain exceptions: every refusal the product can give, as a code clients switch on and the field it is
about. What HTTP status each kind becomes is the edge's business (api/errors.py), not the domain's."""
from __future__ import annotations


class DomainError(Exception):
    """Base of all refusals; `code` is the snake_case code clients switch on."""

    code = "bad_request"

    def __init__(self, message: str, field: str | None = None, code: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        self.details = details


class ValidationError(DomainError):
    code = "invalid"


class Unauthorized(DomainError):
    code = "unauthorized"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class SlotFull(Conflict):
    code = "slot_full"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class StaleBooking(Conflict):
    """The booking changed between the read a decision was made on and its write: re-read and decide again."""

    code = "stale_booking"


class UpstreamUnavailable(DomainError):
    """A provider (WeChat, SMS) refused for load or was unreachable; the client may retry."""

    code = "upstream_unavailable"


class NotConfigured(DomainError):
    """Something the platform must be given before it can answer (a chain's WeChat secret) is missing or
    unreadable: no caller's request is wrong, the operator sets it; the caller may retry later."""

    code = "not_configured"


class TooManyAttempts(DomainError):
    """Too many attempts from this source for now; `retry_after` (seconds) says when to try again."""

    code = "too_many_attempts"
