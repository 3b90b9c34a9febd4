"""Customer sign-in through WeChat and their one-time subscribe authorizations."""
from __future__ import annotations

from ...domain.errors import Forbidden, NotFound, ValidationError
from ...domain.messaging.messages import MESSAGE_KINDS
from ...domain.people.ports import CodeExchange, CustomerStore, Tokens
from ...domain.people.principal import Principal
from ...domain.people.staff import PLATFORM_CHAIN
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store

MAX_GRANTS_PER_CALL = 50


class CustomerAccess:
    def __init__(
        self,
        stores: StoreCatalog,
        customers: CustomerStore,
        exchange: CodeExchange,
        tokens: Tokens,
        clock: Clock,
    ) -> None:
        self._stores, self._customers, self._exchange = stores, customers, exchange
        self._tokens, self._clock = tokens, clock

    def login(self, chain_id: str, code: str) -> tuple[str, str]:
        """Returns (token, customer_id). The WeChat session_key is neither stored nor returned. The platform
        operators' reserved chain has no customers: it answers as an unknown chain would."""
        if chain_id == PLATFORM_CHAIN:
            raise NotFound(f"no chain '{chain_id}'", field="chain_id", code="chain_not_found")
        chain = self._stores.get_chain(chain_id)
        session = self._exchange(chain, code)
        now = self._clock.now()
        customer_id = self._customers.sign_in(chain.chain_id, session.openid, session.unionid, now)
        token = self._tokens.issue(Principal(customer_id, chain.chain_id, "customer"), now)
        return token, customer_id

    def grant_subscriptions(self, who: Principal, templates: object) -> dict[str, int]:
        if not isinstance(templates, dict) or not templates:
            raise ValidationError("templates must be an object of message kind -> count", field="templates")
        grants: dict[str, int] = {}
        for kind, count in templates.items():
            if kind not in MESSAGE_KINDS:
                raise ValidationError(f"unknown message kind '{kind}'", field=f"templates.{kind}")
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_GRANTS_PER_CALL:
                raise ValidationError(
                    f"count must be a whole number from 1 to {MAX_GRANTS_PER_CALL}", field=f"templates.{kind}"
                )
            grants[kind] = count
        return self._customers.add_subscriptions(who.chain_id, who.subject, grants)

    def who(self, authorization: str | None) -> Principal:
        """The customer a bearer token names; staff tokens, and any naming the platform chain, are turned away."""
        principal = self._tokens.verify(authorization, self._clock.now())
        if not principal.is_customer or principal.chain_id == PLATFORM_CHAIN:
            raise Forbidden("this route is for customers of the mini-program", field="Authorization")
        return principal

    def stores(self, who: Principal) -> list[Store]:
        return self._stores.of_chain(who.chain_id)
