"""Campaigns (docs/product-rules.md#campaigns): a chain admin defines one, previews how many customers it
reaches, schedules it; at its time the fanned-out `campaigns` run enqueues one item per customer of the
audience and each worker queues that customer's message (marketing: consent, opt-out and contact hours are
the messaging rules'); the staff read the store's "cars due this month".

The audience comes from the indexes the invitations keep, per store of the campaign: the cars whose
maintenance or first service falls due during it (VehicleStore.cars_due), the customers whose lapse stage
comes during it (LapseStore.due over its dates). Nothing reads a whole table."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from ...domain.errors import Conflict, NotFound
from ...domain.followup import campaigns
from ...domain.followup.campaigns import Campaign, Recipient
from ...domain.followup.ports import CampaignStore, LapseStore, VehicleStore
from ...domain.messaging.ports import OutboxStore
from ...domain.people.ports import CustomerStore
from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import Announcer

OUTCOMES = ("queued", "no_consent", "already", "gone")


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class CampaignService:
    def __init__(self, stores: StoreCatalog, campaigns_: CampaignStore, vehicles: VehicleStore, lapses: LapseStore,
                 customers: CustomerStore, outbox: OutboxStore, notifier: Announcer | None, clock: Clock) -> None:
        self._stores, self._campaigns, self._vehicles, self._lapses = stores, campaigns_, vehicles, lapses
        self._customers, self._outbox, self._notifier, self._clock = customers, outbox, notifier, clock

    # --- the chain admin's ---------------------------------------------------------------------------------
    def define(self, who: StaffAccess, body: dict[str, Any]) -> Campaign:
        who.ensure_role(Role.CHAIN_ADMIN)
        stores = {s.store_id for s in self._stores.of_chain(who.chain_id)}
        campaign = campaigns.define(who.chain_id, body, stores, self._today(who.chain_id))
        if not self._campaigns.create(campaign):
            raise Conflict("the chain has a campaign of that id", field="campaign_id", code="campaign_exists")
        return campaign

    def _campaign(self, chain_id: str, campaign_id: str) -> Campaign:
        """A campaign of the chain; an invitation kind's coupon item is none (never previewed or scheduled)."""
        found = self._campaigns.get(chain_id, campaign_id)
        if found.status == campaigns.INVITATION:
            raise NotFound("no such campaign", field="campaign_id", code="campaign_not_found")
        return found

    def of_chain(self, who: StaffAccess) -> list[Campaign]:
        who.ensure_role(Role.CHAIN_ADMIN)  # an invitation kind's coupon is kept there too: not a campaign
        return [c for c in self._campaigns.of_chain(who.chain_id) if c.status != campaigns.INVITATION]

    def preview(self, who: StaffAccess, campaign_id: str) -> dict[str, Any]:
        """How many customers the campaign reaches, per store, and how many of them agreed to marketing."""
        who.ensure_role(Role.CHAIN_ADMIN)
        campaign = self._campaign(who.chain_id, campaign_id)
        audience = self.audience(campaign)
        agreed = [r for r in audience if self._agreed(campaign.chain_id, r.customer_id)]
        by_store = {s: sum(1 for r in audience if r.store_id == s) for s in campaign.store_ids}
        return {"campaign_id": campaign_id, "audience": len(audience), "with_consent": len(agreed), "by_store": by_store}

    def schedule(self, who: StaffAccess, campaign_id: str, send_at: datetime) -> Campaign:
        who.ensure_role(Role.CHAIN_ADMIN)
        campaign = self._campaign(who.chain_id, campaign_id)
        tz = self._stores.get(who.chain_id, campaign.store_ids[0]).tz
        scheduled = campaigns.schedule(campaign, send_at, self._clock.now().astimezone(tz))
        self._campaigns.save(scheduled)
        return scheduled

    # --- the staff's list ----------------------------------------------------------------------------------
    def due_cars(self, who: StaffAccess, store_id: str, day: date | None = None) -> dict[str, Any]:
        """The store's cars whose maintenance or first service falls due in the month of `day` (this month)."""
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        first, last = month_of(day or self._clock.now().astimezone(store.tz).date())
        rows = []
        for kind in ("maintenance", "first_service"):
            for car in self._vehicles.cars_due(who.chain_id, store_id, kind, first, last):
                customer = self._customer(who.chain_id, car.customer_id)
                rows.append({"plate": car.plate, "kind": kind, "due": car.due.isoformat() if car.due else None,
                             "customer": {"name": customer.name if customer else None,
                                          "phone": customer.phone if customer else None}})
        rows.sort(key=lambda r: (r["due"] or "", r["plate"]))
        return {"store_id": store_id, "from": first.isoformat(), "to": last.isoformat(), "cars": rows}

    # --- the audience --------------------------------------------------------------------------------------
    def audience(self, campaign: Campaign) -> list[Recipient]:
        """Each customer once (their first car found), store by store."""
        found: dict[str, Recipient] = {}
        for store_id in campaign.store_ids:
            for recipient in self._of_store(campaign, store_id):
                found.setdefault(recipient.customer_id, recipient)
        return list(found.values())

    def _of_store(self, campaign: Campaign, store_id: str) -> list[Recipient]:
        if campaign.audience == "lapsed":
            store = self._stores.get(campaign.chain_id, store_id)
            end = datetime.combine(campaign.ends, time(23, 59), tzinfo=store.tz)
            return [Recipient(d.customer_id, store_id, d.last_plate or "", d.name)
                    for d in self._lapses.due(end, lookback_days=(campaign.ends - campaign.starts).days + 1)
                    if d.chain_id == campaign.chain_id and d.home_store == store_id]
        kind = "maintenance" if campaign.audience == "due_this_month" else "first_service"
        return self._vehicles.cars_due(campaign.chain_id, store_id, kind, campaign.starts, campaign.ends)

    def _customer(self, chain_id: str, customer_id: str) -> Any:
        try:
            return self._customers.get(chain_id, customer_id)
        except NotFound:
            return None

    def _agreed(self, chain_id: str, customer_id: str) -> bool:
        customer = self._customer(chain_id, customer_id)
        return customer is not None and customer.may_invite()

    def _today(self, chain_id: str) -> date:
        stores = self._stores.of_chain(chain_id)
        return self._clock.now().astimezone(stores[0].tz).date() if stores else self._clock.now().date()

    # --- the fanned-out run --------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        """Every scheduled campaign whose time has come, in one go."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for page in self.due_items():
            for item in page:
                outcome = self.work(item)
                counts[outcome] = counts.get(outcome, 0) + 1
            self.enqueued(page)
        return counts

    def due_items(self) -> Iterator[list[dict[str, str]]]:
        """Per campaign whose send time has come: one item per customer of its audience."""
        for campaign in self._campaigns.scheduled(self._clock.now()):
            audience = self.audience(campaign)
            if not audience:
                self._campaigns.save(replace(campaign, status="sent"))
                continue
            yield [{"chain_id": campaign.chain_id, "campaign_id": campaign.campaign_id, "customer_id": r.customer_id,
                    "store_id": r.store_id, "plate": r.plate, "name": r.name,
                    **({"last": "1"} if r is audience[-1] else {})} for r in audience]

    def enqueued(self, items: list[dict[str, str]]) -> None:
        """A campaign whose last customer is on the queue has gone out: the next tick does not take it again."""
        for item in items:
            if item.get("last"):
                campaign = self._campaigns.get(item["chain_id"], item["campaign_id"])
                self._campaigns.save(replace(campaign, status="sent"))

    def work(self, item: dict[str, str]) -> str:
        """Queue one customer's message (once), if they agreed to marketing."""
        try:
            campaign = self._campaigns.get(item["chain_id"], item["campaign_id"])
            store: Store = self._stores.get(item["chain_id"], item["store_id"])
        except NotFound:
            return "gone"
        customer = self._customer(campaign.chain_id, item["customer_id"])
        if customer is None or not customer.may_invite():
            return "no_consent"
        recipient = Recipient(item["customer_id"], store.store_id, item.get("plate", ""),
                              customer.name or item.get("name", ""))
        message = campaigns.message(campaign, recipient, store)
        if not self._outbox.enqueue(message, self._clock.now()):
            return "already"
        if self._notifier is not None:
            self._notifier.deliver_quietly(message.dedupe_key)
        return "queued"
