"""Use cases of the floor: staff actions on bookings, the day plan and board, walk-ins, advisors and call-task escalation."""
