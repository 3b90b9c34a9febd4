"""Who may call what: every route declares its audience here, through `ApiBlueprint.route(..., audience=...)`.

The authorization-matrix test and `GET /openapi.json` both read `ROUTES`; a route that Chalice knows but this
registry does not is a test failure, so a new route cannot ship without saying who it is for.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    PUBLIC = "public"  # no token: /health, logins, /openapi.json, the unknown-route answer
    CUSTOMER = "customer"  # a mini-program customer's token
    STAFF = "staff"  # a store staff token; `roles` names who (none named: the front desk, staff.DESK_ROLES)
    CHAIN_ADMIN = "chain_admin"  # a chain admin's staff token
    OPERATOR = "operator"  # the platform operator
    BOARD = "board"  # store staff, or the lobby screen's cookie
    LOCAL = "local"  # the local stage's token (LOCAL_TOKEN)
    WECHAT = "wechat"  # WeChat's servers: no token, the push's signature (checked by the use case) authenticates


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    audience: Audience
    view: str
    roles: tuple[str, ...] = ()  # empty: every role of the audience (of STAFF: the front desk's, DESK_ROLES)
    body: str | None = None  # the request schema's name (chalicelib/api/schemas.py), None: no body
    hidden: bool = False  # left out of the OpenAPI document (the unknown-route catch-alls)
    summary: str = ""
    # a sender's callback (WeChat's push, the SMS provider's replies) reads its body raw, signature and all, and
    # takes fields we do not know; every other write route's body is checked against `body` (api/schema_check.py)
    raw_body: bool = False


ROUTES: dict[tuple[str, str], RouteSpec] = {}


def declare(spec: RouteSpec) -> None:
    key = (spec.method, spec.path)
    if key in ROUTES and ROUTES[key].view != spec.view:
        raise RuntimeError(f"{spec.method} {spec.path} is declared twice")
    ROUTES[key] = spec
