"""/wechatpay/notify/{chain_id}: WeChat Pay's notifications for a chain's merchant (decision 0062). No token: the
signature (WeChat Pay's public key) authenticates and the APIv3 key decrypts, both checked by the use case before
anything is read; a notification that does not verify answers 401 and changes nothing. Applied, it answers 204
(WeChat Pay retries anything else)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from .audience import Audience
from .blueprint import ApiBlueprint

wechatpay = ApiBlueprint(__name__)


@wechatpay.route("/wechatpay/notify/{chain_id}", methods=["POST"], body="WeChatPayNotice", audience=Audience.WECHAT,
                 raw_body=True)
def payment_notice(chain_id: str) -> Response:
    """WeChat Pay's payment and refund notifications for the chain's merchant"""
    request = wechatpay.current_request
    body = (request.raw_body or b"").decode("utf-8", errors="replace")
    services().deposits.notified(chain_id, dict(request.headers), body)
    return Response(body="", status_code=204)
