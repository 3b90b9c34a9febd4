"""WeChat's server push for a chain's official account and mini-program: verify, refuse replays, act on events.

Order matters: the signature is checked before anything is read or written (a forged push changes nothing and
costs no write), then the signing time against the injected clock, then the nonce is claimed in the replay
store; if acting on the event fails, the nonce is given back so WeChat's own retry is not refused.
"""
from __future__ import annotations

import logging

from ...domain.errors import Forbidden, NotFound
from ...domain.messaging import wechat_push as rules
from ...domain.messaging.ports import FollowerLookup, PushCodec, ReplayGuard
from ...domain.messaging.wechat_push import PushEvent, PushKeys
from ...domain.people.customer import customer_id_for
from ...domain.people.ports import CustomerStore
from ...domain.ports import Clock, Secrets
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.wechat_setup import chain_secret

log = logging.getLogger(__name__)


def push_refs(chain: Chain, app: str) -> tuple[str | None, str | None, str | None]:
    """(token secret name, AES key secret name, app id) of a chain's app."""
    appid = chain.mp_appid if app == "mp" else chain.oa_appid
    return chain.push.get(f"{app}.token_ref"), chain.push.get(f"{app}.aes_key_ref"), appid


class WeChatPush:
    def __init__(self, stores: StoreCatalog, customers: CustomerStore, codec: PushCodec, replays: ReplayGuard,
                 followers: FollowerLookup, secrets: Secrets, clock: Clock) -> None:
        self._stores, self._customers, self._codec, self._replays = stores, customers, codec, replays
        self._followers, self._secrets, self._clock = followers, secrets, clock

    def _keys(self, chain_id: str, app: str) -> tuple[Chain, PushKeys]:
        chain = self._stores.get_chain(chain_id)
        token_ref, aes_ref, appid = push_refs(chain, app)
        if app not in rules.APPS or not token_ref or not appid:
            raise NotFound("this chain takes no push for that app", field="app", code="not_found")
        token = chain_secret(self._secrets, chain, token_ref, f"{app}_push_token")
        aes_key = chain_secret(self._secrets, chain, aes_ref, f"{app}_push_aes_key") if aes_ref else None
        return chain, PushKeys(token, aes_key, appid)

    def echo(self, chain_id: str, app: str, params: dict[str, str]) -> str:
        """WeChat's server check (GET with echostr): the echo, for a fresh and signed request only."""
        chain, keys = self._keys(chain_id, app)
        answer = self._codec.echo(keys, params)
        self._claim(chain, app, params)  # its signed URL cannot come back as a push, nor as another check
        return answer

    def _claim(self, chain: Chain, app: str, params: dict[str, str]) -> str:
        """The push's signing time checked and its nonce claimed (refused when seen before); the replay key."""
        now = self._clock.now()
        timestamp = params.get("timestamp", "")
        at = rules.signed_at(timestamp, now)
        key = rules.replay_key(chain.chain_id, app, timestamp, params.get("nonce", ""))
        if not self._replays.first_time(key, now, at + rules.NONCE_MEMORY):
            raise Forbidden("this push was already received", field="nonce", code="replayed")
        return key

    def receive(self, chain_id: str, app: str, params: dict[str, str], body: bytes) -> str | None:
        """Act on one push; returns the event acted on (None: nothing for us in it)."""
        chain, keys = self._keys(chain_id, app)
        fields = self._codec.open(keys, params, body)
        rules.addressed_to(fields, chain.push.get(f"{app}.original_id"))
        key = self._claim(chain, app, params)
        event = rules.event_of(fields)
        try:
            if event is not None:
                self._act(chain, app, event)
        except Exception:
            self._replays.forget(key)
            raise
        return event.event if event else None

    def _act(self, chain: Chain, app: str, event: PushEvent) -> None:
        if app == "oa" and event.event == rules.OA_SUBSCRIBE:
            self._follow(chain, event.openid)
        elif app == "oa" and event.event == rules.OA_UNSUBSCRIBE:
            linked = self._customers.by_official_account(chain.chain_id, event.openid)
            if linked is not None:
                self._customers.link_official_account(chain.chain_id, linked.customer_id, None)
        elif app == "mp":
            self._authorizations(chain, event)

    def _follow(self, chain: Chain, oa_openid: str) -> None:
        unionid = self._followers(chain, oa_openid)
        customer = self._customers.by_unionid(chain.chain_id, unionid) if unionid else None
        if customer is None:
            log.info("official-account follower without a known customer")
            return
        self._customers.link_official_account(chain.chain_id, customer.customer_id, oa_openid)

    def _authorizations(self, chain: Chain, event: PushEvent) -> None:
        moves = rules.authorization_moves(event, chain.templates)
        if not moves:
            return
        customer = self._customers.find(chain.chain_id, customer_id_for(chain.chain_id, event.openid))
        if customer is None:  # never signed in to the mini-program: nothing of ours to count against
            return
        for kind in sorted(moves.zeroed):
            self._customers.zero_subscription(chain.chain_id, customer.customer_id, kind)
        if moves.grants:
            self._customers.add_subscriptions(chain.chain_id, customer.customer_id, moves.grants)
