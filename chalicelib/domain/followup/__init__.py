"""Follow-up: what the clock does to a booking or a customer.

Owns the agenda (a booking's next check step: reminders, lateness, follow-up), the due steps, contact hours,
lapse stages, maintenance due and first-service invitations.
Uses messaging, booking, tenancy and the kernel.
"""
