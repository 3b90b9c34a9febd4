"""/health: unauthenticated liveness; answers once the container (settings, secrets, tables bound) is built."""
from __future__ import annotations

from ..container import services
from .audience import Audience
from .blueprint import ApiBlueprint
from .openapi import document

health = ApiBlueprint(__name__)


@health.route("/health", methods=["GET"], audience=Audience.PUBLIC)
def check() -> dict:
    svc = services()
    return {"status": "ok", "stage": svc.settings.stage}


@health.route("/openapi.json", methods=["GET"], audience=Audience.PUBLIC)
def openapi() -> dict:
    """The OpenAPI 3.1 document of every route."""
    return document()
