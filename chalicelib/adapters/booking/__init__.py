"""Booking's provider: the deposit's payment gateway (WeChat Pay, decision 0062)."""
