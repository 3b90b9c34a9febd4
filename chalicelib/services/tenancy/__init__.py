"""Use cases of tenancy: onboarding chains and stores, and loading holiday schedules."""
