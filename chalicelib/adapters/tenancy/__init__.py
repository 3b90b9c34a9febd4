"""Tenancy's provider: the store catalogue with the holiday schedules in force."""
