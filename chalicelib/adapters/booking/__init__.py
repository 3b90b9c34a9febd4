"""Booking\x27s provider: the deposit\x27s payment gateway (WeChat Pay, decision 0062)."""
