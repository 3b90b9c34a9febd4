"""A chain's WeChat set up through the API: the platform operator for any chain, a chain admin for their own.
Each value is checked for shape, each secret written to the secret store under the chain's path and read back
once to see it is readable, and only then does the chain name the new secrets; no answer carries a secret."""
from __future__ import annotations

from collections.abc import Mapping

from ...domain.errors import NotConfigured, NotFound, ValidationError
from ...domain.people.staff import PLATFORM_CHAIN, Role, StaffAccess
from ...domain.tenancy import wechat_setup as rules
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog


class ChainWeChatSetup:
    def __init__(self, stores: StoreCatalog, vault: rules.SecretVault, chains_path: str) -> None:
        self._stores, self._vault, self._chains_path = stores, vault, chains_path

    def _chain(self, who: StaffAccess, chain_id: str) -> Chain:
        who.ensure_role(Role.OPERATOR, Role.CHAIN_ADMIN)
        if chain_id == PLATFORM_CHAIN or (who.role is Role.CHAIN_ADMIN and who.chain_id != chain_id):
            raise NotFound(f"no chain '{chain_id}'", field="chain_id", code="chain_not_found")
        return self._stores.get_chain(chain_id)

    def describe(self, who: StaffAccess, chain_id: str) -> dict[str, object]:
        return rules.summary(self._chain(who, chain_id))

    def configure(self, who: StaffAccess, chain_id: str, given: Mapping[str, object]) -> dict[str, object]:
        """Set what is given (what is not stays as it was); the setup's summary, without a secret in it."""
        self._chain(who, chain_id)
        return self.write(chain_id, rules.checked(given))

    def changed(self, chain: Chain | None, found: Mapping[str, str]) -> list[str]:
        """Of checked settings, the names of those that differ from the chain's (a secret compared with the
        stored value, which is never shown): the onboarding file sets only these."""
        if chain is None:
            return sorted(found)
        differ = []
        for setting, value in found.items():
            if setting in rules.SECRETS:
                ref = rules.stored_ref(chain, setting)
                try:
                    same = bool(ref) and self._vault.get(str(ref)) == value
                except NotConfigured:
                    same = False
            else:
                same = rules.plain_value(chain, setting) == value
            if not same:
                differ.append(setting)
        return sorted(differ)

    def write(self, chain_id: str, found: Mapping[str, str]) -> dict[str, object]:
        """Write checked settings of a chain (whoever may has been checked by the caller)."""
        chain = self._stores.get_chain(chain_id)
        refs = {setting: self._store(chain_id, setting, value) for setting, value in found.items()
                if setting in rules.SECRETS}
        updated = rules.with_settings(chain, {k: v for k, v in found.items() if k in rules.PLAIN}, refs)
        self._stores.put_chain(updated)
        return rules.summary(updated)

    def opening(self, given: Mapping[str, object], secrets: Mapping[str, object]) -> dict[str, str]:
        """What a new chain is opened with, checked before it exists: its secrets' values are of the right shape
        (they are written once it exists), and a secret it names instead (`mp_secret_ref`, `oa_secret_ref`) is
        one the store can give, under this stage's chains' path."""
        found = rules.checked(secrets) if secrets else {}
        for setting in ("mp_secret_ref", "oa_secret_ref"):
            ref = given.get(setting)
            if ref:
                self._readable_ref(str(ref), setting)
        return found

    def _readable_ref(self, ref: str, setting: str) -> None:
        if not ref.startswith(self._chains_path.rstrip("/") + "/"):
            raise ValidationError(f"{setting} must name a secret under {self._chains_path}/; or give the secret "
                                  f"itself ({setting.removesuffix('_ref')})", field=setting)
        try:
            self._vault.get(ref)
        except NotConfigured:
            raise ValidationError(f"{setting} names no readable secret", field=setting) from None

    def _store(self, chain_id: str, setting: str, value: str) -> str:
        ref = self._vault.put(rules.secret_name(self._chains_path, chain_id, setting), value)
        try:
            readable = self._vault.get(ref) == value
        except NotConfigured:
            readable = False
        if not readable:
            raise NotConfigured(f"{setting} was written but cannot be read back; check the functions' key grant",
                                field=setting, code="chain_not_configured")
        return ref
