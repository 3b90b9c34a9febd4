"""Who is calling: the bearer token checked, through the access use cases, against the audience a route serves."""
from __future__ import annotations

from typing import Any

from ..container import services
from ..domain.principal import Principal
from ..domain.staff import StaffAccess


def customer(request: Any) -> Principal:
    return services().customer_access.who(request.headers.get("authorization"))


def staff(request: Any) -> StaffAccess:
    return services().staff_access.staff(request.headers.get("authorization"))


def board_viewer(request: Any, store_id: str) -> Principal:
    """Staff of the store (Bearer header) or the store's lobby screen (?token=, a board token)."""
    header = request.headers.get("authorization")
    if not header and (request.query_params or {}).get("token"):
        header = f"Bearer {request.query_params['token']}"
    return services().staff_access.board_viewer(header, store_id)
