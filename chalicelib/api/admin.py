"""/admin/... : a chain admin onboards stores and staff without touching tables."""
from __future__ import annotations

import re

from chalice import Response

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from ..domain.store_config import store_from_json
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response

admin = ApiBlueprint(__name__)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")


def _identifier(value: str, field: str) -> str:
    if not _ID.match(value):
        raise ValidationError(f"{field} uses lower-case letters, digits and '-' (2-41 characters)", field=field)
    return value


@admin.route("/admin/stores/{store_id}", methods=["PUT"], audience=Audience.CHAIN_ADMIN)
def put_store(store_id: str) -> dict:
    request = admin.current_request
    who = access.staff(request)
    store = store_from_json(who.chain_id, _identifier(store_id, "store_id"), json_body(request))
    services().staff_access.put_store(who, store)
    return {"store_id": store.store_id, "name": store.name}


@admin.route("/admin/staff", methods=["POST"], audience=Audience.CHAIN_ADMIN)
def create_staff() -> Response:
    request = admin.current_request
    who = access.staff(request)
    body = json_body(request)
    store_ids = body.get("store_ids", [])
    if not isinstance(store_ids, list) or not all(isinstance(s, str) for s in store_ids):
        raise ValidationError("store_ids is a list of store ids", field="store_ids")
    member = services().staff_access.create_staff(
        who,
        username=_identifier(validation.text(body, "username", max_len=41), "username"),
        password=validation.text(body, "password", max_len=128),
        display_name=validation.text(body, "display_name", max_len=20),
        role=validation.text(body, "role", max_len=20),
        store_ids=store_ids,
    )
    return json_response(
        {
            "username": member.username,
            "display_name": member.display_name,
            "role": member.role.value,
            "stores": sorted(member.store_ids),
        },
        201,
    )
