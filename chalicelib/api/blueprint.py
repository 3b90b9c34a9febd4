"""The Blueprint every route of ours is declared on: answers in UTF-8 JSON, refusals as `{"error": {code, message, field}}`."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from .encoding import json_response
from .errors import from_exception


def _edge(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = view(*args, **kwargs)
        except Exception as exc:
            return from_exception(exc)
        return result if isinstance(result, Response) else json_response(result)

    return wrapper


class ApiBlueprint(Blueprint):
    # a JSON body sent without its Content-Type (curl -d) still gets our parsing and our error shape,
    # rather than Chalice's own 415 body
    BODY_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"]

    def route(self, path: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        kwargs.setdefault("content_types", self.BODY_TYPES)
        register = super().route(path, **kwargs)
        return lambda view: register(_edge(view))
