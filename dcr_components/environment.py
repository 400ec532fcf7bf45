"""DcrEnvironment: the whole Konnect DCR setup of one environment, Auth0 and Konnect halves wired together."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from .auth0 import AdminApp, AdminAppArgs, ApiAudience, ApiAudienceArgs, RenameAction, RenameActionArgs, Scope
from .config import EnvironmentConfig
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
    """Admin app + API audience (+ rename Action) in Auth0; DCR provider + auth strategies in Konnect."""

    dcr_provider_id: pulumi.Output[str]
    strategy_ids: pulumi.Output[dict[str, str]]
    admin_client_id: pulumi.Output[str]
    admin_client_secret: pulumi.Output[str]
    audience: pulumi.Output[str]
    issuer: pulumi.Output[str]

    def __init__(self, name: str, env: EnvironmentConfig, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:DcrEnvironment", name, {}, opts)
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
        if env.rename_action.enabled:
            RenameAction(
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
            # Konnect must not hand out apps for an audience that does not exist yet.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[api]),
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
        self.dcr_provider_id = provider.id
        self.strategy_ids = pulumi.Output.all(**{k: v.id for k, v in strategies.items()})
        self.admin_client_id = admin.client_id
        self.admin_client_secret = admin.client_secret
        self.audience = api.identifier
        self.issuer = pulumi.Output.from_input(env.issuer)
        self.register_outputs(
            {
                "dcr_provider_id": self.dcr_provider_id,
                "strategy_ids": self.strategy_ids,
                "admin_client_id": self.admin_client_id,
                "admin_client_secret": self.admin_client_secret,
                "audience": self.audience,
                "issuer": self.issuer,
            }
        )
