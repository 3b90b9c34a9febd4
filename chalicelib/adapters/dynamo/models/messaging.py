"""The outbox, the shared WeChat tokens, the pushes WeChat sent lately, staff call tasks and the stored daily reports."""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, MapAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection
from pynamodb.models import Model


class OpenTaskIndex(GlobalSecondaryIndex):
    """Sparse: only open tasks carry open_key (= store_key), so the call list is a Query over what is open."""

    class Meta:
        index_name = "open_by_store"
        projection = AllProjection()

    open_key = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class TaskTrackIndex(GlobalSecondaryIndex):
    """Sparse, one entry per task at most, in one of two roles (one index, so that adding it is one
    index creation on the deployed table):
    - open and not yet escalated: track_key "esc#<UTC hour of the deadline>", track_at the deadline (UTC ISO):
      the escalation run Queries the hours from its watermark to now;
    - closed: track_key "done#<chain#store>#<store-local day closed>", track_at the closing time: the list of
      a day's closed tasks.
    An escalated open task has no entry (it is on the open list, marked)."""

    class Meta:
        index_name = "task_track"
        projection = AllProjection()

    track_key = UnicodeAttribute(hash_key=True)
    track_at = UnicodeAttribute(range_key=True)


class CallTaskModel(Model):
    """A staff call task. Key: store_key "chain#store" + task_id (deterministic for the checks' tasks,
    so a check run twice creates a task once; "t_<hex>", safe in a URL path)."""

    class Meta:
        table_name = "tasks"

    store_key = UnicodeAttribute(hash_key=True)
    task_id = UnicodeAttribute(range_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    due_at = UnicodeAttribute()
    created_at = UnicodeAttribute()
    open_key = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute(null=True)
    customer_phone = UnicodeAttribute(null=True)
    booking_id = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    done_at = UnicodeAttribute(null=True)
    done_by = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute(null=True)
    assignee = UnicodeAttribute(null=True)
    claimed_at = UnicodeAttribute(null=True)
    escalate_at = UnicodeAttribute(null=True)
    escalated_at = UnicodeAttribute(null=True)
    contact_preference = UnicodeAttribute(null=True)  # the customer's, text form (domain/contact_preference.py)
    call_from = UnicodeAttribute(null=True)  # when to call: the first moment at or after due that suits them
    track_key = UnicodeAttribute(null=True)
    track_at = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # set when closed (tasks.TASK_RETENTION); an open task has none

    open_by_store = OpenTaskIndex()
    task_track = TaskTrackIndex()


class WeChatTokenModel(Model):
    """The shared WeChat access token of one app. Key: the wechatpy session key ("<appid>_access_token").
    `lease_until` lets exactly one function fetch a new token while the others wait for it."""

    class Meta:
        table_name = "wechat-tokens"

    key = UnicodeAttribute(hash_key=True)
    value = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # epoch seconds
    lease_until = NumberAttribute(null=True)
    lease_owner = UnicodeAttribute(null=True)


class OutboxDueIndex(GlobalSecondaryIndex):
    """Sparse: only messages still to send carry due_day "<UTC day>#<shard>" (keys.outbox_due), so a retry
    run Queries what is due, by day and shard. It holds what the dispatcher needs (the key, the chain for
    the send group, the attempt number), so claiming and sending rewrite a small entry, not the message."""

    class Meta:
        index_name = "due"
        projection = IncludeProjection(["chain_id", "attempts"])

    due_day = UnicodeAttribute(hash_key=True)
    next_attempt_at = UnicodeAttribute(range_key=True)


class OutboxCustomerIndex(GlobalSecondaryIndex):
    """Sparse: a message carries customer_key "chain#customer" until its customer's data is erased, so
    erasure finds every message of one customer with one Query (keys only: erasure reads each message it
    changes, and a message's status changes never touch this index)."""

    class Meta:
        index_name = "by_customer"
        projection = KeysOnlyProjection()

    customer_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class OutboxModel(Model):
    """Every customer message. Key: dedupe_key "<chain>#<booking or customer>#<kind>#<occurrence>": a
    conditional put makes each message exist once, a conditional claim makes it go out once."""

    class Meta:
        table_name = "outbox"

    dedupe_key = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute()
    booking_id = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | sending | sent | retry | failed | dropped
    context = MapAttribute()  # what the message mentions, rendered per channel at send time
    channel = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    provider_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    next_attempt_at = UnicodeAttribute(null=True)
    due_day = UnicodeAttribute(null=True)
    claimed_until = UnicodeAttribute(null=True)
    held_until = UnicodeAttribute(null=True)  # the moment contact hours last put the message off to (UTC ISO)
    sent_at = UnicodeAttribute(null=True)
    customer_key = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # outbox.OUTBOX_RETENTION after it was queued

    due = OutboxDueIndex()
    by_customer = OutboxCustomerIndex()


class DailyReportModel(Model):
    """A store's day, written by the evening run. Key: store_key "chain#store" + day; holds the figures and
    the next day's preparation digest."""

    class Meta:
        table_name = "daily-reports"

    store_key = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    figures = JSONAttribute()
    digest = JSONAttribute()
    created_at = UnicodeAttribute()
    deliveries = MapAttribute(null=True)  # "<kind>:<username>" -> {to, kind, channel, status, at}


class WeChatPushModel(Model):
    """What WeChat's server push needs remembered. Key `nonce#<chain>#<app>#<timestamp>#<nonce>`: a push seen
    lately, put only if absent (or expired), so a replay is refused; DynamoDB deletes it after `expires_at` (the
    table's TTL). Key `follower#<chain>#<official-account openid>`: the customer that follower was linked to,
    so the unfollow event finds them with one GetItem (no expiry)."""

    class Meta:
        table_name = "wechat-push"

    key = UnicodeAttribute(hash_key=True)
    expires_at = TTLAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
