"""Floor: the store's working day.

Owns call tasks and the rules that open and close them, the walk-in queue, advisors and their choice, and
the lobby board's rules.
Uses people, follow-up, messaging, booking, tenancy and the kernel.
"""
