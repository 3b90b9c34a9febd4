"""A chain's WeChat set up for production: `/operator/chains/{chain_id}/wechat` (the platform operator, any
chain) and `/admin/wechat` (a chain admin, their own chain). PATCH sets what it is given and leaves the rest;
secrets go to the secret store under the chain's path and are never answered back (GET and PATCH answer which
are set, and which app is in safe mode)."""
from __future__ import annotations

from ..container import services
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body

wechat_setup = ApiBlueprint(__name__)


@wechat_setup.route("/operator/chains/{chain_id}/wechat", methods=["PATCH"], body="WeChatSetup",
                    audience=Audience.OPERATOR)
def configure_chain(chain_id: str) -> dict:
    """Set a chain's mini-program and official-account ids, secrets, push tokens and safe-mode keys"""
    request = wechat_setup.current_request
    return services().wechat_setup.configure(access.staff(request), chain_id, json_body(request))


@wechat_setup.route("/operator/chains/{chain_id}/wechat", methods=["GET"], audience=Audience.OPERATOR)
def describe_chain(chain_id: str) -> dict:
    """Which of a chain's WeChat settings are set (never a secret's value)"""
    return services().wechat_setup.describe(access.staff(wechat_setup.current_request), chain_id)


@wechat_setup.route("/admin/wechat", methods=["PATCH"], body="WeChatSetup", audience=Audience.CHAIN_ADMIN)
def configure_own() -> dict:
    """Set one's own chain's WeChat settings"""
    request = wechat_setup.current_request
    who = access.staff(request)
    return services().wechat_setup.configure(who, who.chain_id, json_body(request))


@wechat_setup.route("/admin/wechat", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def describe_own() -> dict:
    """Which of one's own chain's WeChat settings are set"""
    who = access.staff(wechat_setup.current_request)
    return services().wechat_setup.describe(who, who.chain_id)
