"""Who is calling: the bearer token checked, through the access use cases, against the audience a route serves.

`guard` runs before every view (api/blueprint.py) with the route's declared audience, so a caller outside it
is turned away before the body is even read; the views then ask `customer`/`staff` for the principal, which
is verified once per request.
"""
from __future__ import annotations

import hmac
import os
from http.cookies import CookieError, SimpleCookie
from typing import Any

from ..container import services
from ..domain.errors import Unauthorized
from ..domain.people.principal import Principal
from ..domain.people.staff import DESK_ROLES, Role, StaffAccess
from .audience import Audience, RouteSpec

DEFAULT_LOCAL_TOKEN = "local-dev-token"


def customer(request: Any) -> Principal:
    cached = getattr(request, "_appt_customer", None)
    if cached is None:
        cached = services().customer_access.who(request.headers.get("authorization"))
        request._appt_customer = cached
    return cached


def staff(request: Any) -> StaffAccess:
    cached = getattr(request, "_appt_staff", None)
    if cached is None:
        cached = services().staff_access.staff(request.headers.get("authorization"))
        request._appt_staff = cached
    return cached


def local_token() -> str:
    return os.environ.get("LOCAL_TOKEN") or DEFAULT_LOCAL_TOKEN


def _local(request: Any) -> None:
    header = request.headers.get("authorization") or ""
    if not hmac.compare_digest(header.encode(), f"Bearer {local_token()}".encode()):
        raise Unauthorized("send Authorization: Bearer <the local token make run printed>", field="Authorization",
                           code="invalid_token")


PASSWORD_CHANGE = ("POST", "/staff/me/password")  # the one route a one-time password's session may call


def guard(spec: RouteSpec, request: Any) -> None:
    """Refuse a caller outside the route's declared audience (401/403), before anything else runs; a staff
    session signed in with a one-time password reaches the password change only (403 password_change_required)."""
    if spec.audience is Audience.CUSTOMER:
        customer(request)
    elif spec.audience in (Audience.STAFF, Audience.CHAIN_ADMIN):
        who = staff(request)
        if (spec.method, spec.path) != PASSWORD_CHANGE:
            who.ensure_password_changed()
        roles = (Role.CHAIN_ADMIN.value,) if spec.audience is Audience.CHAIN_ADMIN else spec.roles
        # a staff route naming no roles is the front desk's: the workshop and parts desks reach only routes naming them
        who.ensure_role(*(Role(r) for r in roles) if roles else DESK_ROLES)
    elif spec.audience is Audience.LOCAL:
        _local(request)
    elif spec.audience is Audience.OPERATOR:
        who = staff(request)
        who.ensure_password_changed()
        who.ensure_role(Role.OPERATOR)


def source_ip(request: Any) -> str | None:
    """The caller's address as API Gateway (or the local gateway) saw it: one half of the login throttle's key."""
    return ((request.context or {}).get("identity") or {}).get("sourceIp")


BOARD_COOKIE = "board_session"


def board_session(request: Any) -> str | None:
    cookies = SimpleCookie()
    try:
        cookies.load(request.headers.get("cookie") or "")
    except CookieError:
        return None
    morsel = cookies.get(BOARD_COOKIE)
    return morsel.value if morsel else None


def board_viewer(request: Any, store_id: str) -> Principal:
    """Staff of the store (Bearer header) or the store's lobby screen (its HttpOnly session cookie)."""
    header = request.headers.get("authorization")
    cookie = board_session(request)
    if not header and cookie:
        header = f"Bearer {cookie}"
    return services().staff_access.board_viewer(header, store_id)
