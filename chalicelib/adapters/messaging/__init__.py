"""Messaging's providers: WeChat (mini-program, official account, tokens, server push) and SMS, per chain."""
