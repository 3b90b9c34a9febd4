"""Conditional writes: the one way this code learns that another caller got there first."""
from __future__ import annotations

from collections.abc import Callable

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

_WRITE_ERRORS = (PutError, UpdateError, DeleteError, TransactWriteError)


def condition_failed(exc: Exception) -> bool:
    if isinstance(exc, TransactWriteError):
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or []))
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def applied(write: Callable[[], object]) -> bool:
    """Run a conditional write (single item or transaction); False when its condition did not hold."""
    try:
        write()
    except _WRITE_ERRORS as exc:
        if condition_failed(exc):
            return False
        raise
    return True
