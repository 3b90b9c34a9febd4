"""The SQS queues the workers use: one entry each, so adding a queue is one line here. Each gets its own
dead-letter queue (with a depth alarm), SSE, TLS-only access, its URL in every function's environment as
QUEUE_URL_<NAME>, send rights for every function and receive rights for its consumer; a Chalice
`@app.on_sqs_message(queue="<stage prefix>-<name>")` handler becomes the consumer (infra/functions.py)."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.adapters.sqs import MAX_RECEIVES, physical_name  # the one naming rule, shared with the app


@dataclass(frozen=True)
class QueueSpec:
    name: str  # the queue is "appt-<stage>-<name>", its DLQ "appt-<stage>-<name>-dlq"
    visibility_timeout_s: int = 360  # at least six times the consumer's timeout
    max_receives: int = MAX_RECEIVES  # then the message goes to the dead-letter queue (the local queues' too)
    fifo: bool = False  # a grouped queue (chalicelib/services/runs/fanout.py GROUPED): FIFO, and so is its DLQ

    def physical(self, stack: str) -> str:
        return physical_name(stack, self.name, fifo=self.fifo)

    def dead_letters(self, stack: str) -> str:
        return physical_name(stack, f"{self.name}-dlq", fifo=self.fifo)


def _queues() -> tuple[QueueSpec, ...]:
    """The worker queues chalicelib/jobs.py declares (WORKERS): the app's registry is the one list."""
    from chalicelib.jobs import WORKERS
    from chalicelib.services.runs.fanout import GROUPED

    return tuple(QueueSpec(worker.queue, fifo=worker.queue in GROUPED) for worker in WORKERS.values())


QUEUES: tuple[QueueSpec, ...] = _queues()
