"""Who is calling: the bearer token checked against the audience a route serves."""
from __future__ import annotations

from typing import Any

from ..adapters.auth import Principal
from ..container import services
from ..domain.errors import Forbidden


def customer(request: Any) -> Principal:
    svc = services()
    who = svc.tokens.verify(request.headers.get("authorization"), svc.clock.now())
    if not who.is_customer:
        raise Forbidden("this route is for customers of the mini-program", field="Authorization")
    return who
