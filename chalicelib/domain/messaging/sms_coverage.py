"""Which customer messages a chain's SMS cannot carry: a template key with neither an approved template of its own
(`chain.sms_templates`, chain-wide or a store's) nor the kind's generic template id (`sms.template.<kind>`) is
refused by the SMS provider, so a customer only SMS reaches never hears it. Onboarding warns of each one, so that
a chain onboarded before a message kind existed learns it must add that kind's template."""
from __future__ import annotations

from ..tenancy.chain import Chain
from ..tenancy.store_phone import sms_on
from .message_kinds import RULES, kind_of


def template_keys() -> tuple[str, ...]:
    """Every key a customer message is sent under (the required-content rules are kept per key): each kind, and
    each reminder moment acknowledged or not."""
    return tuple(sorted(RULES))


def uncarried(chain: Chain) -> tuple[str, ...]:
    """The template keys the chain's SMS cannot send; none when the chain sends no SMS at all."""
    if not sms_on(chain.sms):
        return ()
    registered = chain.sms_templates

    def carried(key: str) -> bool:
        return bool(chain.sms.get(f"template.{kind_of(key)}")) or key in registered \
            or any(name.startswith(f"{key}@") for name in registered)

    return tuple(key for key in template_keys() if not carried(key))


def sms_warnings(chain: Chain) -> list[str]:
    missing = uncarried(chain)
    if not missing:
        return []
    return [f"chain.sms_templates: no SMS template for {', '.join(missing)}: a customer only SMS reaches will not "
            "hear these (add each approved template, or sms.template.<kind>)"]
