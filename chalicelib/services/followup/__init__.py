"""Use cases of follow-up: the booking checks' steps and the lapse, maintenance and first-service runs."""
