"""The WorkQueue port on SQS (locally the embedded server's SQS). Queue names are "<table prefix>-<name>",
as the deployed queues are named; receives short-poll (the local server serialises requests, and a long
poll would hold it). A grouped queue is a FIFO queue ("<table prefix>-<name>.fifo"): each item's "group"
is its MessageGroupId, so SQS never has two items of one group in flight at once."""
from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from typing import Any

from ..domain.ports import Received

BATCH = 10  # SQS's own limit per SendMessageBatch / ReceiveMessage / DeleteMessageBatch


class SqsQueue:
    def __init__(self, client: Any, prefix: str, *, create: bool = False, visibility_seconds: int = 60,
                 grouped: frozenset[str] = frozenset()) -> None:
        """`client`: a boto3 SQS client, or a function making one on first use (API functions never do)."""
        self._client_or_factory, self._prefix, self._create = client, prefix, create
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
        with self._lock:
            if queue not in self._urls:
                name = physical_name(self._prefix, queue, fifo=queue in self._grouped)
                if self._create:  # the local stack and tests; deployed queues come from the infrastructure
                    attributes = {"VisibilityTimeout": str(self._visibility)}
                    if queue in self._grouped:
                        attributes["FifoQueue"] = "true"
                    self._urls[queue] = self._client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
                else:
                    self._urls[queue] = self._client.get_queue_url(QueueName=name)["QueueUrl"]
            return self._urls[queue]

    def send(self, queue: str, bodies: Sequence[dict[str, str]]) -> None:
        url = self.url(queue)
        for first in range(0, len(bodies), BATCH):
            entries = [self._entry(queue, n, body) for n, body in enumerate(bodies[first:first + BATCH])]
            result = self._client.send_message_batch(QueueUrl=url, Entries=entries)
            if result.get("Failed"):
                raise RuntimeError(f"SQS refused {len(result['Failed'])} of {len(entries)} items: {result['Failed'][0]}")

    def _entry(self, queue: str, n: int, body: dict[str, str]) -> dict[str, str]:
        text = json.dumps(body, sort_keys=True)
        entry = {"Id": str(n), "MessageBody": text}
        if queue in self._grouped:  # the same item sent twice within five minutes is taken once
            entry["MessageGroupId"] = body["group"]
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


def physical_name(prefix: str, queue: str, *, fifo: bool) -> str:
    """The deployed queue's name: "<table prefix>-<queue>", with ".fifo" for a grouped (FIFO) queue."""
    return f"{prefix}-{queue}{'.fifo' if fifo else ''}"
