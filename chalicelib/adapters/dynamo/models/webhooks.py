"""The webhooks table (decision 0035): a chain's endpoints, the events booking changes wrote, and each event's
delivery to each endpoint, in one table keyed `pk` + `sk`:

- endpoint: `<chain>#endpoints` / `<endpoint id>` (`we_…`): url, events, signing secrets;
- event: `event#<event id>` / `event` (`ev_…`, written in the booking change's own transaction);
- delivery: `<chain>#<endpoint id>` / `d#<event id>`: status, attempts, log; an event id begins with its
  UTC moment, so a Query of the endpoint's partition, backwards, is its delivery log, newest first.

Sparse index `due`: an event not yet fanned out and a delivery pending or due again carry `due_day`
("<UTC day>#<shard>", as the outbox's) and `next_at`; the `webhooks` check Queries it.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model


class WebhookDueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "due"
        projection = IncludeProjection(["kind", "chain_id", "event_id", "endpoint_id"])

    due_day = UnicodeAttribute(hash_key=True)
    next_at = UnicodeAttribute(range_key=True)


class WebhookModel(Model):
    class Meta:
        table_name = "webhooks"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # endpoint | event | delivery
    chain_id = UnicodeAttribute()
    event_id = UnicodeAttribute(null=True)
    endpoint_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    body = UnicodeAttribute()  # the record itself, in the one codec's JSON (domain/codec.py)
    due_day = UnicodeAttribute(null=True)
    next_at = UnicodeAttribute(null=True)

    due = WebhookDueIndex()
