"""The Konnect emulator's state: one backend object holding every store (DCR providers and strategies; portals, APIs
and publications; developers, applications and registrations) and the rules that span them."""

from __future__ import annotations

from typing import Any

from ..exceptions import Conflict
from .access import API_ROLES, AccessStore
from .catalog import CatalogStore
from .common import Item, default_outbound_verify, now
from .content import ContentStore
from .dcr import CONFIG_KEY, DcrStore
from .developers import DeveloperStore

__all__ = ["API_ROLES", "CONFIG_KEY", "Item", "KonnectBackend", "now"]

KEY_AUTH = {"strategy_type": "key_auth", "display_name": "Key Auth", "configs": {"key-auth": {"key_names": ["apikey"]}}}


class KonnectBackend:
    def __init__(self, token: str, outbound_verify: Any = None) -> None:
        self.token = token
        # TLS verification for calls Konnect makes to an IdP (verify, application registration).
        self.outbound_verify = default_outbound_verify() if outbound_verify is None else outbound_verify
        self.dcr = DcrStore()
        self.catalog = CatalogStore()
        self.developers = DeveloperStore()
        self.content = ContentStore()
        self.access = AccessStore()
        self.portal_key_auth: dict[str, str] = {}  # portal id -> the key-auth strategy Konnect made with it

    def reset(self) -> None:
        self.dcr.reset()
        self.catalog.reset()
        self.developers.reset()
        self.content.reset()
        self.access.reset()
        self.portal_key_auth.clear()

    def inventory(self) -> dict[str, Any]:
        """Everything stored, write-only fields included: for tests only (control plane)."""
        return {
            "dcr_providers": list(self.dcr.providers.values()),
            "application_auth_strategies": list(self.dcr.strategies.values()),
            "portals": list(self.catalog.portals.values()),
            "apis": list(self.catalog.apis.values()),
            "api_versions": {k: list(v) for k, v in self.catalog.versions.items()},
            "publications": list(self.catalog.publications.values()),
            **self.developers.inventory(),
            "pages": list(self.content.pages.values()),
            "snippets": list(self.content.snippets.values()),
            "customizations": dict(self.content.customizations),
            "custom_domains": dict(self.content.domains),
            "assets": {f"{portal}/{kind}": data for (portal, kind), data in self.content.assets.items()},
            "authentication_settings": dict(self.access.settings),
            "identity_providers": list(self.access.idps.values()),  # client secrets included: tests only
            "team_group_mappings": list(self.access.mappings.values()),
            "teams": list(self.access.teams.values()),
            "team_members": {k: sorted(v) for k, v in self.access.members.items()},
            "team_roles": list(self.access.roles.values()),
        }

    # --- strategies: their `active` flag and deletion depend on publications ------------------------------

    def strategy_view(self, item: Item) -> Item:
        return self.dcr.strategy_view(item, in_use=bool(self.catalog.users_of_strategy(item["id"])))

    def list_strategies(self) -> list[Item]:
        return [self.strategy_view(s) for s in self.dcr.strategies.values()]

    def delete_strategy(self, id_: str) -> None:
        self.dcr.delete_strategy(id_, self.catalog.users_of_strategy(id_))

    # --- portals: each comes with a key-auth strategy; one with publications is deleted only when forced ---

    def create_portal(self, body: Item) -> Item:
        portal = self.catalog.create_portal(body)
        strategy = self.dcr.create_strategy({**KEY_AUTH, "name": f"{portal['name']} key auth"})
        self.portal_key_auth[portal["id"]] = strategy["id"]
        if portal["default_api_visibility"] == "private" and "default_application_auth_strategy_id" not in body:
            # "If your portal is marked as Private, this strategy is also set as the default."
            portal["default_application_auth_strategy_id"] = strategy["id"]
        return portal

    def delete_portal(self, id_: str, force: bool) -> list[Item]:
        """Returns the developer applications that went with it (their IdP clients go too)."""
        self.catalog.portal(id_)
        published = [aid for (aid, pid) in self.catalog.publications if pid == id_]
        if published and not force:
            raise Conflict(
                f"The portal has API publications [{', '.join(published)}]: unpublish them or delete with force=true"
            )
        for api_id in published:
            del self.catalog.publications[(api_id, id_)]
        del self.catalog.portals[id_]
        self.content.forget_portal(id_)
        self.access.forget_portal(id_)
        key_auth = self.portal_key_auth.pop(id_, None)
        if key_auth in self.dcr.strategies and not self.catalog.users_of_strategy(key_auth):
            del self.dcr.strategies[key_auth]
        return self.developers.forget_portal(id_)

    # --- APIs: deleting one unpublishes it and drops its registrations -------------------------------------

    def delete_api(self, id_: str) -> None:
        api = self.catalog.api(id_)
        for key in [k for k in self.catalog.publications if k[0] == api["id"]]:
            del self.catalog.publications[key]
        for reg_id in [r for r, reg in self.developers.registrations.items() if reg["api_id"] == api["id"]]:
            del self.developers.registrations[reg_id]
        self.catalog.versions.pop(api["id"], None)
        del self.catalog.apis[api["id"]]

    def put_publication(self, api_id: str, portal_id: str, body: Item) -> Item:
        return self.catalog.put_publication(api_id, portal_id, body, known_strategy=lambda s: s in self.dcr.strategies)

    # --- what a portal offers its developers ---------------------------------------------------------------

    def portal_strategy_ids(self, portal: Item) -> list[str]:
        """The strategies an application of this portal may use: those its publications name."""
        ids = [
            s
            for (_a, pid), p in self.catalog.publications.items()
            if pid == portal["id"]
            for s in p["auth_strategy_ids"] or []
        ]
        return list(dict.fromkeys(ids))

    def portal_strategy_view(self, strategy_id: str) -> Item:
        """A strategy as the Portal API shows it (PortalAuthStrategy)."""
        strategy = self.dcr.strategy(strategy_id)
        name = strategy.get("display_name") or strategy["name"]
        if strategy["strategy_type"] == "key_auth":
            config = strategy["configs"]["key-auth"]
            view = {
                "id": strategy_id,
                "name": name,
                "credential_type": "key_auth",
                "key_names": config.get("key_names") or ["apikey"],
            }
            return {**view, "supports_multiple_credentials": True}
        oidc = strategy["configs"]["openid-connect"]
        dcr = bool(strategy.get("dcr_provider_id"))
        return {
            "id": strategy_id,
            "name": name,
            "credential_type": "client_credentials" if dcr else "self_managed_client_credentials",
            "auth_methods": list(oidc.get("auth_methods") or []),
            "supports_multiple_credentials": False,
        }

    def visible_apis(self, portal: Item, developer_id: str | None) -> list[tuple[Item, Item]]:
        """(API, publication) pairs a developer sees: public ones; private ones once signed in, and with RBAC on only
        where one of the developer's teams holds API Viewer or API Consumer on the API."""
        pairs = [
            (self.catalog.apis[aid], p) for (aid, pid), p in self.catalog.publications.items() if pid == portal["id"]
        ]
        return [(api, pub) for api, pub in pairs if self.may_view(portal, developer_id, api["id"], pub)]

    def may_view(self, portal: Item, developer_id: str | None, api_id: str, publication: Item) -> bool:
        if publication["visibility"] == "public":
            return True
        if developer_id is None:
            return False
        return not portal["rbac_enabled"] or self.access.may(portal["id"], developer_id, api_id)

    def may_register(self, portal: Item, developer_id: str, api_id: str) -> bool:
        """With RBAC on, registering for an API takes the API Consumer role (through a team)."""
        return not portal["rbac_enabled"] or self.access.may(portal["id"], developer_id, api_id, ("API Consumer",))

    def registration_status(self, portal: Item, publication: Item) -> str:
        """Portal-level auto-approval cannot be overridden; the publication's applies when it is off."""
        approve = portal["auto_approve_applications"] or publication["auto_approve_registrations"]
        return "approved" if approve else "pending"
