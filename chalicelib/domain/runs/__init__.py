"""Runs: the unattended checks' work items, as their queues carry them, and what a failed item becomes.

Owns the typed work items (a booking's due step, a fanned job's item, a message to send), their wire shape
and version, and the rule that tells a failure worth retrying from one to park.
May use every subdomain (a booking step carries the booking)."""
