"""Customers of a chain: found by the id derived from their openid, so login needs no index."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.connection import Connection

from ...domain.contact_preference import Preferred, preference_from, preference_text
from ...domain.errors import NotFound
from ...domain.floor.tasks import CallTask
from ...domain.followup.lapse import LapseDue
from ...domain.messaging.outbox import OutboxRecord
from ...domain.people.customer import Customer, customer_id_for, phone_customer_id
from . import keys, wechat_push
from .conditional import applied
from .customer_files import CustomerFileItems
from .models import CustomerModel
from .transaction import Transaction, run


def _from_model(m: CustomerModel) -> Customer:
    return Customer(
        chain_id=m.chain_id,
        customer_id=m.customer_id,
        openid=m.openid,
        unionid=m.unionid,
        name=m.name,
        phone=m.phone,
        preferred_channel=m.preferred_channel,
        subscriptions={k: int(v) for k, v in (m.subscriptions.as_dict() if m.subscriptions else {}).items()},
        oa_openid=m.oa_openid,
        rebook_priority=bool(m.rebook_priority),
        phone_verified_at=m.phone_verified_at,
        merged_into=m.merged_into,
        contact_hours=preference_from(m.contact_hours),
        marketing=bool(m.marketing),
        sms_opt_out=bool(m.sms_opt_out),
        rebook_task=m.rebook_task,
        new_time_task=m.new_time_task,
    )


class CustomerRepository(CustomerFileItems):
    @staticmethod
    def _customer_of(m: CustomerModel) -> Customer:
        return _from_model(m)

    def sign_in(self, chain_id: str, openid: str, unionid: str | None, now: datetime) -> str:
        """Create the customer on first login (one UpdateItem either way); returns the customer id."""
        customer_id = customer_id_for(chain_id, openid)
        actions = [
            CustomerModel.openid.set(openid),
            CustomerModel.created_at.set(CustomerModel.created_at | now.isoformat()),
            CustomerModel.subscriptions.set(CustomerModel.subscriptions | {}),
        ]
        if unionid:
            actions.append(CustomerModel.unionid.set(unionid))
        CustomerModel(chain_id, customer_id).update(actions=actions)
        return customer_id

    def get(self, chain_id: str, customer_id: str) -> Customer:
        try:
            return _from_model(CustomerModel.get(chain_id, customer_id))
        except CustomerModel.DoesNotExist:
            raise NotFound("no such customer", field="customer_id", code="customer_not_found") from None

    def spend_subscription(self, chain_id: str, customer_id: str, kind: str) -> bool:
        """Take one one-time authorization for `kind`; False when none is left (atomic, never below zero)."""
        return applied(lambda: CustomerModel(chain_id, customer_id).update(
            actions=[CustomerModel.subscriptions[kind].set(CustomerModel.subscriptions[kind] - 1)],
            condition=CustomerModel.subscriptions[kind] > 0,
        ))

    def spend_first(self, chain_id: str, customer_id: str, kind: str) -> Customer | None:
        """One request for the common send: take one authorization for `kind` if the subscribe message is the
        customer's first channel (an openid, SMS not preferred) and one is left, and return the customer as
        the update left it; None (nothing taken) otherwise."""
        m = CustomerModel(chain_id, customer_id)
        prefers_sms = CustomerModel.preferred_channel.exists() & (CustomerModel.preferred_channel == "sms")
        taken = applied(lambda: m.update(
            actions=[CustomerModel.subscriptions[kind].set(CustomerModel.subscriptions[kind] - 1)],
            condition=(CustomerModel.subscriptions[kind] > 0) & CustomerModel.openid.exists() & ~prefers_sms,
        ))
        return _from_model(m) if taken else None

    def refund_subscription(self, chain_id: str, customer_id: str, kind: str) -> None:
        """Give back an authorization WeChat did not use (the send failed for load, not refusal)."""
        CustomerModel(chain_id, customer_id).update(
            actions=[CustomerModel.subscriptions[kind].set((CustomerModel.subscriptions[kind] | 0) + 1)]
        )

    def zero_subscription(self, chain_id: str, customer_id: str, kind: str) -> None:
        """WeChat says the user has no authorization left (43101): believe it."""
        CustomerModel(chain_id, customer_id).update(actions=[CustomerModel.subscriptions[kind].set(0)])

    def add_subscriptions(self, chain_id: str, customer_id: str, grants: dict[str, int]) -> dict[str, int]:
        """Record one-time subscribe authorizations; each kind's count grows atomically."""
        actions = [
            CustomerModel.subscriptions[kind].set((CustomerModel.subscriptions[kind] | 0) + count)
            for kind, count in grants.items()
        ]
        m = CustomerModel(chain_id, customer_id)
        m.update(actions=actions, condition=CustomerModel.customer_id.exists())
        return {k: int(v) for k, v in m.subscriptions.as_dict().items()}

    def set_contact_hours(self, chain_id: str, customer_id: str, window: Preferred | None) -> Customer:
        text = preference_text(window)
        action = CustomerModel.contact_hours.set(text) if text else CustomerModel.contact_hours.remove()
        return self._update_existing(chain_id, customer_id, [action])

    @staticmethod
    def _update_existing(chain_id: str, customer_id: str, actions: list[Any]) -> Customer:
        m = CustomerModel(chain_id, customer_id)
        if not applied(lambda: m.update(actions=actions, condition=CustomerModel.customer_id.exists())):
            raise NotFound("no such customer", field="customer_id", code="customer_not_found")
        return _from_model(m)

    def set_marketing(self, chain_id: str, customer_id: str, agreed: bool, now: datetime) -> Customer:
        """Agreeing again also lifts an SMS opt-out: the customer asked for invitations themselves."""
        return self._update_existing(chain_id, customer_id, [
            CustomerModel.marketing.set(agreed), CustomerModel.marketing_at.set(now.isoformat()),
            CustomerModel.sms_opt_out.set(False if agreed else CustomerModel.sms_opt_out | False)])

    def opt_out_phone(self, chain_id: str, phone: str, now: datetime) -> None:
        """An SMS reply T/TD: kept on the phone's own record (no index by phone needed), created if absent."""
        CustomerModel(chain_id, phone_customer_id(chain_id, phone)).update(actions=[
            CustomerModel.phone.set(phone), CustomerModel.sms_opt_out.set(True), CustomerModel.marketing.set(False),
            CustomerModel.marketing_at.set(now.isoformat()),
            CustomerModel.created_at.set(CustomerModel.created_at | now.isoformat()),
        ])

    def phone_opted_out(self, chain_id: str, phone: str) -> bool:
        try:
            return bool(CustomerModel.get(chain_id, phone_customer_id(chain_id, phone)).sms_opt_out)
        except CustomerModel.DoesNotExist:
            return False


    def find(self, chain_id: str, customer_id: str) -> Customer | None:
        """A strongly consistent read: linking decides on it."""
        try:
            return _from_model(CustomerModel.get(chain_id, customer_id, consistent_read=True))
        except CustomerModel.DoesNotExist:
            return None

    def by_unionid(self, chain_id: str, unionid: str) -> Customer | None:
        ids = [(m.chain_id, m.customer_id) for m in CustomerModel.by_unionid.query(unionid, CustomerModel.chain_id == chain_id)]
        found = [_from_model(m) for m in CustomerModel.batch_get(ids, consistent_read=True)] if ids else []
        return _wechat_first(found)

    def by_official_account(self, chain_id: str, oa_openid: str) -> Customer | None:
        """Through the follower's record in wechat-push (one GetItem), then the customer if still linked."""
        customer_id = wechat_push.follower(chain_id, oa_openid)
        found = self.find(chain_id, customer_id) if customer_id else None
        return found if found is not None and found.oa_openid == oa_openid else None

    def link_official_account(self, chain_id: str, customer_id: str, oa_openid: str | None) -> bool:
        """Link: the follower's record first, then the customer (so an unfollow always finds what a follow
        wrote). Unlink: the customer first, then the follower's record."""
        if oa_openid:
            wechat_push.remember_follower(chain_id, oa_openid, customer_id)
            linked = applied(lambda: CustomerModel(chain_id, customer_id).update(
                actions=[CustomerModel.oa_openid.set(oa_openid)], condition=CustomerModel.customer_id.exists()))
            if not linked:
                wechat_push.forget_follower(chain_id, oa_openid)
            return linked
        current = self.find(chain_id, customer_id)
        if current is None:
            return False
        CustomerModel(chain_id, customer_id).update(actions=[CustomerModel.oa_openid.remove()])
        if current.oa_openid:
            wechat_push.forget_follower(chain_id, current.oa_openid)
        return True


    def verify_phone(self, chain_id: str, customer_id: str, phone: str, now: datetime) -> None:
        CustomerModel(chain_id, customer_id).update(
            actions=[CustomerModel.phone.set(phone), CustomerModel.phone_verified_at.set(now.isoformat())],
            condition=CustomerModel.customer_id.exists())


def _wechat_first(found: list[Customer]) -> Customer | None:
    """The mini-program customer among those an index returned (a unionid belongs to one person)."""
    found.sort(key=lambda c: (c.openid is None, c.customer_id))
    return found[0] if found else None


class LapseRepository:
    def __init__(self, connection: Connection, page_size: int | None = None) -> None:
        self._connection, self._page_size = connection, page_size

    def due(self, now: datetime, lookback_days: int = 7) -> list[LapseDue]:
        """One Query per day bucket, reading only customers whose stage is due."""
        found = []
        for day in keys.utc_days(now, lookback_days):
            for m in CustomerModel.lapse_due.query(day, CustomerModel.lapse_at <= keys.utc_iso(now), page_size=self._page_size):
                found.append(LapseDue(m.chain_id, m.customer_id, m.name or "", m.phone, None, m.lapse_stage, m.lapse_at,
                                      m.last_visit, m.home_store, m.last_plate))
        return found

    def advance(self, due: LapseDue, tier: str, next_stage: str | None, next_at: datetime | None,
                message: OutboxRecord | None, task: CallTask | None, now: datetime) -> bool:
        """Claim the stage and do it in one transaction; False when another run did it first."""
        actions = [CustomerModel.lapse_tier.set(tier)]
        if next_stage and next_at:
            at = keys.utc_iso(next_at)
            actions += [
                CustomerModel.lapse_stage.set(next_stage),
                CustomerModel.lapse_at.set(at),
                CustomerModel.lapse_day.set(at[:10]),
            ]
        else:
            actions += [CustomerModel.lapse_stage.remove(), CustomerModel.lapse_at.remove(), CustomerModel.lapse_day.remove()]

        def build(tx: Transaction) -> None:
            tx.update("customer", CustomerModel(due.chain_id, due.customer_id), actions,
                      (CustomerModel.lapse_stage == due.stage) & (CustomerModel.lapse_at == due.at))
            if message is not None:
                tx.put_message(message, now)
            if task is not None:
                tx.put_task(task)

        return not run(self._connection, build)
