"""A chain's WeCom app through the API and the onboarding file: the platform operator for any chain, a chain
admin for their own. The secret is written to the secret store under the chain's path and read back once to
see it is readable; only then does the chain name it. No answer carries the secret."""
from __future__ import annotations

from collections.abc import Mapping

from ...domain.errors import NotConfigured, NotFound
from ...domain.people.staff import PLATFORM_CHAIN, Role, StaffAccess
from ...domain.tenancy import wecom_setup as rules
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.wechat_setup import SecretVault, secret_name


class ChainWeComSetup:
    def __init__(self, stores: StoreCatalog, vault: SecretVault, chains_path: str) -> None:
        self._stores, self._vault, self._chains_path = stores, vault, chains_path

    def _chain(self, who: StaffAccess, chain_id: str) -> Chain:
        who.ensure_role(Role.OPERATOR, Role.CHAIN_ADMIN)
        if chain_id == PLATFORM_CHAIN or (who.role is Role.CHAIN_ADMIN and who.chain_id != chain_id):
            raise NotFound(f"no chain '{chain_id}'", field="chain_id", code="chain_not_found")
        return self._stores.get_chain(chain_id)

    def describe(self, who: StaffAccess, chain_id: str) -> dict[str, object]:
        return rules.summary(self._chain(who, chain_id))

    def configure(self, who: StaffAccess, chain_id: str, given: Mapping[str, object]) -> dict[str, object]:
        """Set what is given (the rest stays); the summary, without the secret."""
        self._chain(who, chain_id)
        return self.write(chain_id, rules.checked(given))

    def changed(self, chain: Chain | None, found: Mapping[str, str]) -> dict[str, str]:
        """Of checked settings, those that differ from the chain's (the secret compared with the stored value)."""
        if chain is None:
            return dict(found)
        differ = {}
        for name, value in found.items():
            if name == rules.SECRET:
                ref = chain.wecom.get("secret_ref")
                try:
                    same = bool(ref) and self._vault.get(str(ref)) == value
                except NotConfigured:
                    same = False
            else:
                same = chain.wecom.get(name) == value
            if not same:
                differ[name] = value
        return differ

    def write(self, chain_id: str, found: Mapping[str, str]) -> dict[str, object]:
        """Write checked settings (whoever may has been checked by the caller)."""
        chain = self._stores.get_chain(chain_id)
        rules.complete(chain, found)
        ref = self._store(chain_id, found[rules.SECRET]) if rules.SECRET in found else None
        updated = rules.with_settings(chain, found, ref)
        self._stores.put_chain(updated)
        return rules.summary(updated)

    def _store(self, chain_id: str, value: str) -> str:
        ref = self._vault.put(secret_name(self._chains_path, chain_id, rules.SETTING), value)
        try:
            readable = self._vault.get(ref) == value
        except NotConfigured:
            readable = False
        if not readable:
            raise NotConfigured("the WeCom secret was written but cannot be read back; check the functions' key grant",
                                field=rules.SECRET, code="chain_not_configured")
        return ref
