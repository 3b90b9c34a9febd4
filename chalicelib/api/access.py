"""Who is calling: the bearer token checked against the audience a route serves."""
from __future__ import annotations

from typing import Any

from ..adapters.auth import Principal
from ..container import services
from ..domain.errors import Forbidden, NotFound, Unauthorized
from ..domain.staff import Role, StaffAccess
from ..services.staff_access import access_of


def customer(request: Any) -> Principal:
    svc = services()
    who = svc.tokens.verify(request.headers.get("authorization"), svc.clock.now())
    if not who.is_customer:
        raise Forbidden("this route is for customers of the mini-program", field="Authorization")
    return who


def staff(request: Any) -> StaffAccess:
    svc = services()
    who = svc.tokens.verify(request.headers.get("authorization"), svc.clock.now())
    if who.is_customer:
        raise Forbidden("this route is for store staff", field="Authorization", code="not_staff")
    return access_of(who)


def board_viewer(request: Any, store_id: str) -> Principal:
    """Staff of the store (Bearer header) or the store's lobby screen (?token=, a board token)."""
    svc = services()
    header = request.headers.get("authorization")
    if not header and (request.query_params or {}).get("token"):
        header = f"Bearer {request.query_params['token']}"
    who = svc.tokens.verify(header, svc.clock.now())
    if who.role == Role.BOARD.value:
        if store_id not in who.store_ids:
            raise NotFound(f"no store '{store_id}' for this screen", field="store_id", code="store_not_found")
        return who
    if who.is_customer:
        raise Unauthorized("the welcome board is for the store", field="Authorization", code="not_staff")
    access_of(who).ensure_store(store_id)
    return who
