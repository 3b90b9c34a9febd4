"""Tenancy: chains and their stores.

Owns the chain, the store and its settings, the store's plan and price list, holidays (statutory and the
loaded schedules), the store calendar and opening-hours clocks, and the onboarding file.
Uses the kernel only (two arrows out, for the onboarding file and default contact hours, are listed in
pyproject.toml).
"""
