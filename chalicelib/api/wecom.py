"""WeCom (企业微信) for staff (decision 0037): a chain's WeCom app at `/operator/chains/{chain_id}/wecom` (the
platform operator) and `/admin/wecom` (a chain admin, their own chain), whose secret is never answered back; a
staff member's WeCom link and notice preferences at `/admin/staff/{username}/wecom` (the chain admin) and
`/staff/me/wecom` (the member)."""
from __future__ import annotations

from ..container import services
from ..domain.people.staff import STAFF_ROLES
from ..services.people.staff_wecom import wecom_json
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body

# every member of a store links their own WeCom, the workshop and parts desks too (their tasks reach them there)
STAFF_MEMBERS = tuple(r.value for r in STAFF_ROLES)

wecom = ApiBlueprint(__name__)


@wecom.route("/operator/chains/{chain_id}/wecom", methods=["PATCH"], body="WeComSetup", audience=Audience.OPERATOR)
def configure_chain_wecom(chain_id: str) -> dict:
    """Set a chain's WeCom corp id, app agent id and secret"""
    request = wecom.current_request
    return services().wecom_setup.configure(access.staff(request), chain_id, json_body(request))


@wecom.route("/operator/chains/{chain_id}/wecom", methods=["GET"], audience=Audience.OPERATOR)
def describe_chain_wecom(chain_id: str) -> dict:
    """A chain's WeCom app (never its secret)"""
    return services().wecom_setup.describe(access.staff(wecom.current_request), chain_id)


@wecom.route("/admin/wecom", methods=["PATCH"], body="WeComSetup", audience=Audience.CHAIN_ADMIN)
def configure_own_wecom() -> dict:
    """Set one's own chain's WeCom app"""
    request = wecom.current_request
    who = access.staff(request)
    return services().wecom_setup.configure(who, who.chain_id, json_body(request))


@wecom.route("/admin/wecom", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def describe_own_wecom() -> dict:
    """One's own chain's WeCom app (never its secret)"""
    who = access.staff(wecom.current_request)
    return services().wecom_setup.describe(who, who.chain_id)


@wecom.route("/admin/staff/{username}/wecom", methods=["PUT"], body="StaffWeCom", audience=Audience.CHAIN_ADMIN)
def link_staff_wecom(username: str) -> dict:
    """Link a staff member's WeCom account and choose their notices"""
    request = wecom.current_request
    body = json_body(request)
    member = services().staff_wecom.link(access.staff(request), username, body.get("userid"), body.get("notices"))
    return wecom_json(member)


@wecom.route("/staff/me/wecom", methods=["PUT"], body="StaffWeCom", audience=Audience.STAFF, roles=STAFF_MEMBERS)
def link_own_wecom() -> dict:
    """Link one's own WeCom account and choose one's notices"""
    request = wecom.current_request
    body = json_body(request)
    return wecom_json(services().staff_wecom.link_own(access.staff(request), body.get("userid"), body.get("notices")))


@wecom.route("/staff/me/wecom", methods=["GET"], audience=Audience.STAFF, roles=STAFF_MEMBERS)
def own_wecom() -> dict:
    """One's own WeCom link and notices"""
    return wecom_json(services().staff_wecom.own(access.staff(wecom.current_request)))
