"""The unattended runs: the fan-out of every scheduled check (dispatcher and workers over the work queues)."""
