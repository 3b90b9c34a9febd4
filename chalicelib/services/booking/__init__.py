"""Use cases of booking: a customer's bookings, availability and prices, moves, and the read → decide →
commit → announce loop every change goes through."""
