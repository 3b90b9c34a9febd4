"""/operator/... : the platform operator opens chains (a whole chain from a file: python -m chalicelib.onboarding)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response

operator = ApiBlueprint(__name__)


@operator.route("/operator/chains", methods=["POST"], body="NewChain", audience=Audience.OPERATOR)
def create_chain() -> Response:
    """Create a chain with its first chain admin."""
    request = operator.current_request
    who = access.staff(request)
    body = json_body(request)
    given = {"chain_id": validation.required_text(body, "chain_id", max_len=41),
             "name": validation.required_text(body, "name", max_len=40),
             "mp_appid": validation.required_text(body, "mp_appid", max_len=32),
             "mp_secret_ref": validation.text(body, "mp_secret_ref", max_len=200, required=False),
             "oa_appid": validation.text(body, "oa_appid", max_len=32, required=False),
             "oa_secret_ref": validation.text(body, "oa_secret_ref", max_len=200, required=False)}
    raw_admin = body.get("admin")
    if not isinstance(raw_admin, dict):
        raise ValidationError("admin is {username, password, display_name}", field="admin", code="required")
    admin = {"username": validation.required_text(raw_admin, "username", max_len=41, prefix="admin."),
             "password": validation.password(raw_admin, "password"),
             "display_name": validation.required_text(raw_admin, "display_name", max_len=20, prefix="admin.")}
    secrets = services().wechat_setup.opening(given, {k: body[k] for k in ("mp_secret", "oa_secret") if k in body})
    given = {k: v for k, v in given.items() if v is not None}
    chain, member = services().onboarding.create_chain(who, given, admin)
    if secrets:
        services().wechat_setup.configure(who, chain.chain_id, secrets)
    return json_response({"chain_id": chain.chain_id, "name": chain.name,
                          "admin": {"username": member.username, "display_name": member.display_name,
                                    "role": member.role.value}}, 201)
