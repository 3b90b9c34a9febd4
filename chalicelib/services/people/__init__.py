"""Use cases of people: customer and staff sign-in, staff accounts, contact preferences, phone linking and personal data."""
