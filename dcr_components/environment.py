"""DcrEnvironment: the whole Konnect DCR setup of one environment, Auth0 and Konnect halves wired together."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from .auth0 import AdminApp, AdminAppArgs, ApiAudience, ApiAudienceArgs, RenameAction, RenameActionArgs, Scope
from .config import EnvironmentConfig, read_specs
from .dev_portal import DevPortal, DevPortalArgs, PublishedApi, PublishedApiArgs
from .konnect import KonnectAuthStrategy, KonnectDcrProvider

__all__ = ["DcrEnvironment", "oidc_config"]


def oidc_config(
    env: EnvironmentConfig, scopes: Sequence[str], claim: Sequence[str], methods: Sequence[str]
) -> dict[str, object]:
    """`configs.openid-connect` of a DCR-backed strategy: the API audience travels as a token POST argument."""
    return {
        "issuer": env.issuer,
        "credential_claim": list(claim),
        "scopes": ["openid", *[s for s in scopes if s != "openid"]],
        "auth_methods": list(methods),
        "token_post_args_names": ["audience"],
        "token_post_args_values": [env.api.identifier],
    }


class DcrEnvironment(pulumi.ComponentResource):
    """Admin app + API audience (+ rename Action) in Auth0; DCR provider + auth strategies in Konnect; with `portal`,
    the Dev Portal and each API published in it with its strategy."""

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

    def __init__(self, name: str, env: EnvironmentConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        # Every spec file is checked before the first resource is registered: `up` writes nothing on a bad one.
        specs = read_specs(env)
        super().__init__("dcr:index:DcrEnvironment", name, {}, opts)
        admin, api = self._auth0(name, env)
        portal = self._portal(name, env)
        self._konnect(name, env, admin, api, portal, specs)
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
            }
        )

    def _auth0(self, name: str, env: EnvironmentConfig) -> tuple[AdminApp, ApiAudience]:
        """The admin app, the API audience and (when enabled) the rename Action."""
        child = pulumi.ResourceOptions(parent=self)
        admin = AdminApp(
            f"{name}-admin",
            AdminAppArgs(
                management_audience=env.management_audience,
                name=env.admin_app_name or f"Konnect Portal DCR Admin ({name})",
                developer_managed_scopes=env.developer_managed_scopes,
            ),
            opts=child,
        )
        api = ApiAudience(
            f"{name}-audience",
            ApiAudienceArgs(
                identifier=env.api.identifier,
                name=env.api.name,
                scopes=[Scope(name=s.name, description=s.description) for s in env.api.scopes],
            ),
            opts=child,
        )
        self.rename_action_id = pulumi.Output.from_input(None)
        if env.rename_action.enabled:
            rename = RenameAction(
                f"{name}-rename",
                RenameActionArgs(
                    issuer=f"https://{env.auth0_domain}",
                    management_audience=env.management_audience,
                    admin_client_id=admin.client_id,
                    admin_client_secret=admin.client_secret,
                    name=env.rename_action.name or f"Konnect DCR app names ({name})",
                    runtime=env.rename_action.runtime,
                ),
                opts=child,
            )
            self.rename_action_id = pulumi.Output.all(rename.action_id, rename.binding_id).apply(lambda ids: ids[0])
        self.admin_client_id = admin.client_id
        self.admin_client_secret = admin.client_secret
        self.audience = api.identifier
        return admin, api

    def _portal(self, name: str, env: EnvironmentConfig) -> DevPortal | None:
        """The Dev Portal the APIs are published in: made here (`portal.name`) or an existing one (`portal.id`)."""
        self.portal_id = self.portal_url = pulumi.Output.from_input(None)
        if env.portal is None:
            return None
        portal = DevPortal(
            f"{name}-dev-portal",
            DevPortalArgs(
                name=env.portal.name,
                existing_id=env.portal.id,
                display_name=env.portal.display_name,
                description=env.portal.description,
                authentication_enabled=env.portal.authentication_enabled,
                auto_approve_developers=env.portal.auto_approve_developers,
                auto_approve_applications=env.portal.auto_approve_applications,
                default_api_visibility=env.portal.default_api_visibility,
                default_page_visibility=env.portal.default_page_visibility,
                force_destroy=env.portal.force_destroy,
                labels=dict(env.labels),
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
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
    ) -> None:
        """The DCR provider, its strategies, and each API published in the portal with its strategy."""
        child = pulumi.ResourceOptions(parent=self)
        dcr_config: dict[str, object] = {
            "initial_client_id": admin.client_id,
            "use_developer_managed_scopes": env.developer_managed_scopes,
        }
        if env.initial_client_audience:
            dcr_config["initial_client_audience"] = env.initial_client_audience
        provider = KonnectDcrProvider(
            f"{name}-dcr-provider",
            name=env.provider_name,
            provider_type="auth0",
            issuer=env.issuer,
            dcr_config=dcr_config,
            initial_client_secret=admin.client_secret,
            labels=env.labels,
            # Konnect must not hand out apps for an audience that does not exist yet; and the portal outlives the
            # provider (Konnect's delete order: publication, API, strategy, DCR provider, portal).
            opts=pulumi.ResourceOptions(parent=self, depends_on=[api, *([portal] if portal else [])]),
        )
        # Keyed by the strategy's stable key (default: its name): a rename with the key kept is a PATCH.
        strategies = {
            s.name: KonnectAuthStrategy(
                f"{name}-strategy-{s.resource_key}",
                name=s.name,
                display_name=s.display_name,
                strategy_type="openid_connect",
                dcr_provider_id=provider.id,
                configs={"openid-connect": oidc_config(env, s.scopes, s.credential_claim, s.auth_methods)},
                labels=env.labels,
                opts=child,
            )
            for s in env.strategies
        }
        published = {
            entry.name: PublishedApi(
                f"{name}-api-{entry.resource_key}",
                PublishedApiArgs(
                    portal_id=portal.portal_id,
                    strategy_id=strategies[env.strategy_of(entry).name].id,
                    name=entry.name,
                    version=entry.version,
                    slug=entry.slug,
                    description=entry.description,
                    spec_content=specs[entry.name],
                    visibility=entry.visibility,
                    auto_approve_registrations=entry.auto_approve_registrations,
                    labels=dict(env.labels),
                    after=[strategies[env.strategy_of(entry).name]],
                ),
                opts=child,
            )
            for entry in env.apis
            if portal is not None
        }
        self.dcr_provider_id = provider.id
        self.strategy_ids = pulumi.Output.all(**{k: v.id for k, v in strategies.items()})
        self.issuer = pulumi.Output.from_input(env.issuer)
        ids = {k: v.api_id for k, v in published.items()}
        self.api_ids = pulumi.Output.all(**ids) if ids else pulumi.Output.from_input({})
