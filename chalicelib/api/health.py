"""/health: unauthenticated liveness; answers once the container (settings, secrets, tables bound) is built."""
from __future__ import annotations

from ..container import services
from .blueprint import ApiBlueprint

health = ApiBlueprint(__name__)


@health.route("/health", methods=["GET"])
def check() -> dict:
    svc = services()
    return {"status": "ok", "stage": svc.settings.stage}
