"""What a work item's failure is: worth retrying, or parked at once with its error.

Only a failure that may pass by itself is retried (SQS redelivers the item alone, up to the queue's receive
limit): throttling, timeouts, a lost connection, an upstream busy, a booking changed under the worker. Every
other failure would fail again the same way, so retrying it only holds its batch-mates (and, on the FIFO send
queue, its message group) hostage: it is parked with its error, counted, and put back by a redrive after a fix.
"""
from __future__ import annotations

from ..codec import BadWorkItem
from ..errors import DomainError, StaleBooking, UpstreamUnavailable
from ..messaging.delivery import DeliveryError

TRANSIENT = "transient"
BAD_ITEM = "bad_item"  # the item does not read (a decode error, a newer release's shape)
REFUSED = "refused"  # the domain refused the item's value
FAULT = "fault"  # anything else: a defect to fix before the redrive
PARKED = (BAD_ITEM, REFUSED, FAULT)

# AWS error codes (botocore's ClientError carries them in `response`) that say "later", not "never"
_LATER_CODES = frozenset({
    "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "Throttling",
    "TransactionConflictException", "TransactionInProgressException", "InternalServerError",
    "ServiceUnavailable", "LimitExceededException", "RequestThrottled", "SlowDown",
})
_LATER_REASONS = ("ThrottlingError", "TransactionConflict", "ProvisionedThroughputExceeded")
# botocore's own exceptions that are timeouts or lost connections (not OSError subclasses)
_LATER_NAMES = frozenset({"ReadTimeoutError", "ConnectTimeoutError", "EndpointConnectionError",
                          "ConnectionClosedError", "ProxyConnectionError"})


def kind_of(error: BaseException) -> str:
    """TRANSIENT, or the kind it is parked as (BAD_ITEM, REFUSED, FAULT)."""
    if isinstance(error, BadWorkItem):
        return BAD_ITEM
    if isinstance(error, StaleBooking | UpstreamUnavailable | OSError) or _aws_says_later(error):
        return TRANSIENT
    if isinstance(error, DeliveryError):
        return TRANSIENT if error.kind == "retry" else REFUSED
    if isinstance(error, DomainError):
        return REFUSED
    return FAULT


def _aws_says_later(error: BaseException) -> bool:
    """The error, or one it wraps: the DynamoDB library raises its own error around botocore's (in `cause`), e.g.
    a transaction still throttled after the adapter's retries (a provisioned table over its capacity)."""
    seen: list[BaseException] = []
    found: BaseException | None = error
    while isinstance(found, BaseException) and found not in seen and len(seen) < 5:
        if _says_later(found):
            return True
        seen.append(found)
        found = getattr(found, "cause", None) or found.__cause__
    return False


def _says_later(error: BaseException) -> bool:
    if type(error).__name__ in _LATER_NAMES:
        return True
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return False
    code = str(response.get("Error", {}).get("Code", ""))
    if code in _LATER_CODES:
        return True
    reasons = response.get("CancellationReasons") or []
    return code == "TransactionCanceledException" and any(
        str(r.get("Code", "")) in _LATER_REASONS for r in reasons if isinstance(r, dict))
