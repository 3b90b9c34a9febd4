"""Booking: the appointment itself and every change to it.

Owns the booking record and its lifecycle, new bookings, the decisions that change a booking (cancel, move,
confirm …) as one BookingChange, slot and labour capacity, price tiers and quotes, parts bookings, the
chain-wide booking policy, and the booking's work-item codec.
Uses tenancy and the kernel (errors, money, validation, service types); the arrows into follow-up, messaging,
floor and people that exist today are listed by name in pyproject.toml.
"""
