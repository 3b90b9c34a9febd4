"""Messaging: what customers and staff are told, and how it reaches them.

Owns the message kinds and their fields, the wording catalogue (every kind and refusal per language), the
outbox record, WeChat's keyword rules and server push, SMS replies, delivery results and staff messages.
Uses booking, tenancy and the kernel.
"""
