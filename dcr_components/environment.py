"""DcrEnvironment: the whole Konnect DCR setup of one environment, Auth0 and Konnect halves wired together."""

from __future__ import annotations

from typing import Any

import pulumi

from . import declared
from .auth0 import AdminApp, ApiAudience, RenameAction
from .config import EnvironmentConfig, read_portal_files, read_specs
from .declared import oidc_config
from .dev_portal import DevPortal, PublishedApi
from .konnect import KonnectAuthStrategy, KonnectDcrProvider, KonnectRegistrationGuard
from .whole_portal import whole_portal

__all__ = ["DcrEnvironment", "oidc_config"]


class DcrEnvironment(pulumi.ComponentResource):
    """Admin app + API audience (+ rename Action) in Auth0; DCR provider + auth strategies in Konnect; with `portal`,
    the Dev Portal and each API published in it with its strategy.

    Objects listed under `existing` (what `codify` writes) are imported (Auth0) or adopted (Konnect) instead of
    created, and kept by destroy. A registration guard, deleted first on destroy, stops any delete that would end
    developers' applications or registrations unless the config allows it."""

    dcr_provider_id: pulumi.Output[str]
    strategy_ids: pulumi.Output[dict[str, str]]
    admin_client_id: pulumi.Output[str]
    admin_client_secret: pulumi.Output[str]
    audience: pulumi.Output[str]
    issuer: pulumi.Output[str]
    rename_action_id: pulumi.Output[str | None]
    """The rename Action's id once it and its credentials-exchange binding exist; None when the Action is off."""
    portal_id: pulumi.Output[str | None]
    portal_url: pulumi.Output[str | None]
    """Base URL of the portal's developer API (Portal API v3); on the sandbox a loopback URL."""
    api_ids: pulumi.Output[dict[str, str]]
    custom_domain: pulumi.Output[dict[str, object] | None]
    """With `portal.customDomain`: the DNS record to create and Konnect's verification state."""
    registration_guard: KonnectRegistrationGuard
    """Deleted first on destroy: stops deletes that would end developers' applications or registrations."""

    def __init__(self, name: str, env: EnvironmentConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        # Every spec and portal file is checked before the first resource is registered: `up` writes nothing on a
        # bad one.
        specs, texts = read_specs(env), read_portal_files(env)
        super().__init__("dcr:index:DcrEnvironment", name, {}, opts)
        admin, api = self._auth0(name, env)
        portal = self._portal(name, env)
        published = self._konnect(name, env, admin, api, portal, specs)
        self.custom_domain = whole_portal(self, name, env, portal, published, texts)
        self.register_outputs(
            {
                "dcr_provider_id": self.dcr_provider_id,
                "strategy_ids": self.strategy_ids,
                "admin_client_id": self.admin_client_id,
                "admin_client_secret": self.admin_client_secret,
                "audience": self.audience,
                "issuer": self.issuer,
                "rename_action_id": self.rename_action_id,
                "portal_id": self.portal_id,
                "portal_url": self.portal_url,
                "api_ids": self.api_ids,
                "custom_domain": self.custom_domain,
            }
        )

    def _auth0(self, name: str, env: EnvironmentConfig) -> tuple[AdminApp, ApiAudience]:
        """The admin app, the API audience and (when enabled) the rename Action."""
        child = pulumi.ResourceOptions(parent=self)
        admin = AdminApp(f"{name}-admin", declared.admin_app_args(env, name), opts=child)
        api = ApiAudience(f"{name}-audience", declared.api_audience_args(env), opts=child)
        self.rename_action_id = pulumi.Output.from_input(None)
        self._auth0_parts: list[pulumi.Resource] = [admin, api]
        if env.rename_action.enabled:
            rename = RenameAction(
                f"{name}-rename",
                declared.rename_action_args(env, name, admin.client_id, admin.client_secret),
                opts=child,
            )
            self._auth0_parts.append(rename)
            self.rename_action_id = pulumi.Output.all(rename.action_id, rename.binding_id).apply(lambda ids: ids[0])
        self.admin_client_id = admin.client_id
        self.admin_client_secret = admin.client_secret
        self.audience = api.identifier
        return admin, api

    def _portal(self, name: str, env: EnvironmentConfig) -> DevPortal | None:
        """The Dev Portal the APIs are published in: made here (`portal.name`, or adopted with `existing.portalId`) or
        an existing one used (`portal.id`)."""
        self.portal_id = self.portal_url = pulumi.Output.from_input(None)
        if env.portal is None:
            return None
        portal = DevPortal(f"{name}-dev-portal", declared.portal_args(env), opts=pulumi.ResourceOptions(parent=self))
        self.portal_id, self.portal_url = portal.portal_id, portal.portal_url
        return portal

    def _konnect(
        self,
        name: str,
        env: EnvironmentConfig,
        admin: AdminApp,
        api: ApiAudience,
        portal: DevPortal | None,
        specs: dict[str, str | None],
    ) -> dict[str, PublishedApi]:
        """The DCR provider, its strategies, and each API published in the portal with its strategy.

        An adopted object's id is known before any run: objects that name it get that id (with a dependency on its
        resource), so that a preview never shows them as replaced while the adopted resource is still to be created.
        """
        provider = KonnectDcrProvider(
            f"{name}-dcr-provider",
            **declared.provider_inputs(env, admin.client_id, admin.client_secret),
            # Konnect must not hand out apps for an audience that does not exist yet; and the portal outlives the
            # provider (Konnect's delete order: publication, API, strategy, DCR provider, portal).
            opts=pulumi.ResourceOptions(parent=self, depends_on=[api, *([portal] if portal else [])]),
        )
        provider_id = env.existing.dcr_provider_id or provider.id
        # Keyed by the strategy's stable key (default: its name): a rename with the key kept is a PATCH.
        strategies = {
            s.name: KonnectAuthStrategy(
                f"{name}-strategy-{s.resource_key}",
                **declared.strategy_inputs(env, s, provider_id),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[provider]),
            )
            for s in env.strategies
        }

        def strategy_id(strategy_name: str) -> pulumi.Input[str]:
            key = next(s.resource_key for s in env.strategies if s.name == strategy_name)
            return env.existing.strategy_ids.get(key) or strategies[strategy_name].id

        published: dict[str, PublishedApi] = {}
        if portal is not None:
            portal_id = portal_known_id = declared.portal_args(env).known_id
            for entry in env.apis:
                strategy = env.strategy_of(entry).name
                published[entry.name] = PublishedApi(
                    f"{name}-api-{entry.resource_key}",
                    declared.published_api_args(
                        env,
                        entry,
                        portal_id=portal_id or portal.portal_id,
                        strategy_id=strategy_id(strategy),
                        spec=specs[entry.name],
                        after=[strategies[strategy], *([portal.portal] if portal_known_id else [])],
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                )
        self.dcr_provider_id = provider.id
        self.strategy_ids = pulumi.Output.all(**{k: v.id for k, v in strategies.items()})
        self.issuer = pulumi.Output.from_input(env.issuer)
        ids = {k: v.api_id for k, v in published.items()}
        self.api_ids = pulumi.Output.all(**ids) if ids else pulumi.Output.from_input({})
        self._guard(name, env, provider, strategies, portal, published)
        return published

    def _guard(
        self,
        name: str,
        env: EnvironmentConfig,
        provider: KonnectDcrProvider,
        strategies: dict[str, KonnectAuthStrategy],
        portal: DevPortal | None,
        published: dict[str, PublishedApi],
    ) -> None:
        """The registration guard: every object a destroy would delete, depending on every resource (deleted first)."""
        allow, existing = declared.loss_allowed(env), env.existing

        def slot(kind: str, object_id: pulumi.Input[str], label: str, adopted: str | None) -> dict[str, Any]:
            kept = adopted is not None and not existing.delete_on_destroy
            return {"kind": kind, "id": object_id, "name": label, "kept": kept, "allow": allow}

        # An adopted or referenced object's id is known before any run: a preview must not mistake the resource
        # that adopts it (still to be created) for a replacement of what the last run recorded.
        portal_id = declared.portal_args(env).known_id if portal is not None else None
        objects: dict[str, Any] = {
            "dcr_provider": slot(
                "dcr_provider", existing.dcr_provider_id or provider.id, env.provider_name, existing.dcr_provider_id
            ),
            **{
                f"strategy:{s.resource_key}": slot(
                    "strategy",
                    existing.strategy_ids.get(s.resource_key) or strategies[s.name].id,
                    s.name,
                    existing.strategy_ids.get(s.resource_key),
                )
                for s in env.strategies
            },
        }
        if portal is not None and env.portal is not None:
            if env.portal.name is not None:
                objects["portal"] = {
                    **slot("portal", portal_id or portal.portal_id, env.portal.name, existing.portal_id),
                    "allow": allow or env.portal.force_destroy,
                }
            for entry in env.apis:
                adopted = existing.api_ids.get(entry.resource_key)
                api_id = adopted or published[entry.name].api_id
                objects[f"api:{entry.resource_key}"] = slot("api", api_id, entry.name, adopted)
                pair = pulumi.Output.all(api_id, portal_id or portal.portal_id).apply(lambda ids: f"{ids[0]}/{ids[1]}")
                # Kept when it was there before the stack (its API and portal both existed, see PublishedApiArgs).
                existed = adopted if env.portal.id or existing.portal_id else None
                objects[f"publication:{entry.resource_key}"] = slot("publication", pair, entry.name, existed)
        everything: list[pulumi.Resource] = [*self._auth0_parts, provider, *strategies.values(), *published.values()]
        self.registration_guard = KonnectRegistrationGuard(
            f"{name}-registration-guard",
            objects=objects,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[*everything, *([portal] if portal else [])]),
        )
