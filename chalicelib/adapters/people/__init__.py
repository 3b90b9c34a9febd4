"""People's providers: signed tokens and their keys, and password hashing."""
