"""The domain: pure rules, no AWS, HTTP or WeChat. One package per subdomain; the modules directly here are
the shared kernel every subdomain may use (errors, money, validation, service types, shared ports)."""
