"""The Blueprint every route of ours is declared on: each route names its audience (api/audience.py), answers
in UTF-8 JSON, and refuses as `{"error": {code, message, field}}`."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from ..domain.errors import NotFound
from . import access
from .audience import Audience, RouteSpec, declare
from .encoding import json_response, read_body
from .errors import from_exception
from .schemas import NO_BODY, SCHEMAS

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _edge(blueprint: Blueprint, spec: RouteSpec, view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _path_parameters(kwargs)
            request = blueprint.current_request
            access.guard(spec, request)
            if request.method in WRITE_METHODS and not spec.raw_body:
                read_body(request, SCHEMAS[spec.body] if spec.body else NO_BODY, SCHEMAS)
            result = view(*args, **kwargs)
        except Exception as exc:
            return from_exception(exc)
        return result if isinstance(result, Response) else json_response(result)

    return wrapper


def _path_parameters(values: dict[str, Any]) -> None:
    """An empty path segment, or one with a lone surrogate or a control character, names nothing of ours."""
    for name, value in values.items():
        if isinstance(value, str) and (not value or any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value)):
            raise NotFound("no such path", field=name, code="not_found")


class ApiBlueprint(Blueprint):
    # Chalice checks no content type itself: encoding.json_body does when a route is sent a body, so a wrong
    # one answers 415 in our error shape and a bodiless POST needs none
    BODY_TYPES = ["*/*"]

    def route(  # type: ignore[override]
        self,
        path: str,
        *,
        audience: Audience,
        roles: tuple[str, ...] = (),
        body: str | None = None,
        hidden: bool = False,
        raw_body: bool = False,
        **kwargs: Any,
    ) -> Callable[[Callable[..., Any]], Any]:
        kwargs.setdefault("content_types", self.BODY_TYPES)
        register = super().route(path, **kwargs)

        def decorate(view: Callable[..., Any]) -> Any:
            summary = (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else ""
            methods = kwargs.get("methods", ["GET"])
            specs = [RouteSpec(m, path, audience, view.__name__, roles, body, hidden, summary, raw_body)
                     for m in methods]
            for spec in specs:
                declare(spec)
            # one view serves all its methods; they share the audience, so the first spec guards them all
            return register(_edge(self, specs[0], view))

        return decorate
