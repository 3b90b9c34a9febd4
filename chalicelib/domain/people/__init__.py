"""People: who is who.

Owns customers, the principal a token names, staff accounts and roles, phone linking, erasure (PIPL) and
sign-in throttling.
Uses follow-up, messaging, booking, tenancy and the kernel.
"""
