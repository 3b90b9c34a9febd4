"""Domain exceptions: every refusal the product can give, mapped to HTTP in one place (api/errors.py)."""
from __future__ import annotations


class DomainError(Exception):
    """Base of all refusals; `code` is the snake_case code clients switch on."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None, code: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        self.details = details


class ValidationError(DomainError):
    status = 400
    code = "invalid"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class SlotFull(Conflict):
    code = "slot_full"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class UpstreamUnavailable(DomainError):
    """A provider (WeChat, SMS) refused for load or was unreachable; the client may retry."""

    status = 503
    code = "upstream_unavailable"
