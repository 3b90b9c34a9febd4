"""The integration tests' helpers: they need only the ports, so they live in tests/support (the service layer
uses them too)."""
from __future__ import annotations

from tests.support.bookings import customer, request

__all__ = ["customer", "request"]
