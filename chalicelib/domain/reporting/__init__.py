"""Reporting: what the chain learns from its bookings.

Owns the daily report and its digest, the CSV export and the invariant auditor's rule.
May use every other subdomain; none uses it (but the first-service-due record, listed in pyproject.toml).
"""
