"""Use cases of reporting: the daily report, its delivery to managers, report reads and the invariant auditor."""
