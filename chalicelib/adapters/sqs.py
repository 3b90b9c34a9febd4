"""The WorkQueue port on SQS (locally the embedded server's SQS). Queue names are "<table prefix>-<name>",
as the deployed queues are named; receives short-poll (the local server serialises requests, and a long
poll would hold it). A grouped queue is a FIFO queue ("<table prefix>-<name>.fifo"): each item's "group"
is its MessageGroupId, so SQS never has two items of one group in flight at once.

Parked items live in each queue's dead-letter queue ("<name>-dlq"), wrapped with their error; SQS moves an
item there itself after MAX_RECEIVES receives, unwrapped. Locally both are created here, with the deployed
redrive policy."""
from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from typing import Any

from ..domain.ports import Parked, Received, ReceivedParked

BATCH = 10  # SQS's own limit per SendMessageBatch / ReceiveMessage / DeleteMessageBatch
MAX_RECEIVES = 5  # receives before SQS moves an item to the dead-letter queue (the deployed queues' too)
DLQ = "-dlq"
ERROR_TEXT = 2_000  # characters of a parked item's error kept (an SQS message holds 256 KB)


class SqsQueue:
    def __init__(self, client: Any, prefix: str, *, create: bool = False, visibility_seconds: int = 60,
                 grouped: frozenset[str] = frozenset(), namespace: str = "") -> None:
        """`client`: a boto3 SQS client, or a function making one on first use (API functions never do).
        `namespace`: a prefix of every queue's name (a time-travel run's queues of its own)."""
        self._client_or_factory, self._prefix, self._create = client, prefix, create
        self._namespace = namespace
        self._grouped = grouped
        self._visibility = visibility_seconds
        self._urls: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def _client(self) -> Any:
        if callable(self._client_or_factory) and not hasattr(self._client_or_factory, "send_message_batch"):
            self._client_or_factory = self._client_or_factory()
        return self._client_or_factory

    def url(self, queue: str) -> str:
        """The queue's URL; "<queue>-dlq" is its dead-letter queue, where parked items go."""
        with self._lock:
            if queue not in self._urls:
                base = queue.removesuffix(DLQ)
                fifo = base in self._grouped
                name = physical_name(self._prefix, self._namespace + queue, fifo=fifo)
                if self._create:  # the local stack and tests; deployed queues come from the infrastructure
                    self._urls[queue] = self._make(name, fifo, None if queue.endswith(DLQ) else base + DLQ)
                else:
                    self._urls[queue] = self._client.get_queue_url(QueueName=name)["QueueUrl"]
            return self._urls[queue]

    def _make(self, name: str, fifo: bool, dead_letters: str | None) -> str:
        attributes = {"VisibilityTimeout": str(self._visibility)}
        if fifo:
            attributes["FifoQueue"] = "true"
        if dead_letters is not None:
            dlq = physical_name(self._prefix, self._namespace + dead_letters, fifo=fifo)
            dlq_url = self._client.create_queue(QueueName=dlq, Attributes={k: v for k, v in attributes.items()
                                                                           if k == "FifoQueue"})["QueueUrl"]
            self._urls.setdefault(dead_letters, dlq_url)
            arn = self._client.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": str(MAX_RECEIVES)})
        return str(self._client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"])

    def send(self, queue: str, bodies: Sequence[dict[str, str]], delays: Sequence[int] | None = None) -> None:
        url = self.url(queue)
        for first in range(0, len(bodies), BATCH):
            entries = [self._entry(queue, n, body) for n, body in enumerate(bodies[first:first + BATCH])]
            for entry, delay in zip(entries, (delays or [])[first:first + BATCH], strict=False):
                if delay and queue.removesuffix(DLQ) not in self._grouped:  # SQS FIFO queues take no per-item delay
                    entry["DelaySeconds"] = delay
            result = self._client.send_message_batch(QueueUrl=url, Entries=entries)
            if result.get("Failed"):
                raise RuntimeError(f"SQS refused {len(result['Failed'])} of {len(entries)} items: {result['Failed'][0]}")

    def _entry(self, queue: str, n: int, body: dict[str, str]) -> dict[str, Any]:
        text = json.dumps(body, sort_keys=True)
        entry: dict[str, Any] = {"Id": str(n), "MessageBody": text}
        if queue.removesuffix(DLQ) in self._grouped:  # the same item sent twice within five minutes is taken once
            entry["MessageGroupId"] = body.get("group") or "parked"
            entry["MessageDeduplicationId"] = hashlib.sha256(text.encode()).hexdigest()
        return entry

    def receive(self, queue: str, limit: int) -> list[Received]:
        result = self._client.receive_message(QueueUrl=self.url(queue), MaxNumberOfMessages=min(limit, BATCH),
                                              WaitTimeSeconds=0)
        return [Received(m["ReceiptHandle"], json.loads(m["Body"])) for m in result.get("Messages", [])]

    def delete(self, queue: str, receipts: Sequence[str]) -> None:
        url = self.url(queue)
        for first in range(0, len(receipts), BATCH):
            entries = [{"Id": str(n), "ReceiptHandle": r} for n, r in enumerate(receipts[first:first + BATCH])]
            self._client.delete_message_batch(QueueUrl=url, Entries=entries)


    def park(self, queue: str, items: Sequence[Parked]) -> None:
        self.send(queue + DLQ, [{"parked": json.dumps(p.body, sort_keys=True), "error": p.error[:ERROR_TEXT],
                                 "kind": p.kind, "check": p.check, "group": p.body.get("group", "")} for p in items])

    def parked(self, queue: str, limit: int) -> list[ReceivedParked]:
        found: list[ReceivedParked] = []
        while len(found) < limit:
            batch = self.receive(queue + DLQ, limit - len(found))
            if not batch:
                break
            found += [ReceivedParked(r.receipt, unwrap(r.body)) for r in batch]
        return found

    def unpark(self, queue: str, receipts: Sequence[str]) -> None:
        self.delete(queue + DLQ, receipts)

    def isolated(self, namespace: str) -> SqsQueue:
        return SqsQueue(self._client_or_factory, self._prefix, create=self._create, visibility_seconds=self._visibility,
                        grouped=self._grouped, namespace=self._namespace + namespace)


def unwrap(body: dict[str, str]) -> Parked:
    """A dead-letter queue's item: one a worker parked with its error, or one SQS moved after MAX_RECEIVES."""
    if "parked" in body:
        return Parked(json.loads(body["parked"]), body.get("error", ""), body.get("kind", ""), body.get("check", ""))
    return Parked(body, f"received {MAX_RECEIVES} times without success", "transient", body.get("check", ""))


def physical_name(prefix: str, queue: str, *, fifo: bool) -> str:
    """The deployed queue's name: "<table prefix>-<queue>", with ".fifo" for a grouped (FIFO) queue."""
    return f"{prefix}-{queue}{'.fifo' if fifo else ''}"
