"""Use cases of messaging: sending the outbox over WeChat and SMS, and WeChat's server push."""
