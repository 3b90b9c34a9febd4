"""/wechat/{chain_id}/oa and /wechat/{chain_id}/mp: WeChat's servers pushing to us for a chain's official account
and mini-program. No token: WeChat's signature authenticates (checked by the use case before anything else),
a bad one answers 403 and changes nothing; a good push is answered "success" (WeChat waits 5 s, then retries)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import query

wechat = ApiBlueprint(__name__)


def _text(body: str) -> Response:
    return Response(body=body, status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})


def _push(chain_id: str, app: str) -> Response:
    request = wechat.current_request
    params = query(request)
    if request.method == "GET":
        return _text(services().wechat_push.echo(chain_id, app, params))
    services().wechat_push.receive(chain_id, app, params, request.raw_body or b"")
    return _text("success")


@wechat.route("/wechat/{chain_id}/oa", methods=["GET", "POST"], body="WeChatPush", audience=Audience.WECHAT,
               raw_body=True)
def official_account_push(chain_id: str) -> Response:
    """WeChat server push for the chain's official account (follow, unfollow)"""
    return _push(chain_id, "oa")


@wechat.route("/wechat/{chain_id}/mp", methods=["GET", "POST"], body="WeChatPush", audience=Audience.WECHAT,
               raw_body=True)
def mini_program_push(chain_id: str) -> Response:
    """WeChat server push for the chain's mini-program (subscribe-message popup, change, sent)"""
    return _push(chain_id, "mp")
