"""/health: unauthenticated liveness; answers once the container (settings, secrets, tables bound) is built."""
from __future__ import annotations

from ..container import services
from .audience import Audience
from .blueprint import ApiBlueprint

health = ApiBlueprint(__name__)


@health.route("/health", methods=["GET"], audience=Audience.PUBLIC)
def check() -> dict:
    svc = services()
    return {"status": "ok", "stage": svc.settings.stage}
