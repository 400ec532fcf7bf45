"""What an environment declares for each object, from its stack config: one definition for `DcrEnvironment` (which
passes Pulumi outputs where one object names another) and for `codify` (which passes the ids it found, to say what
adopting each object will change before anything runs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from .auth0 import AdminAppArgs, ApiAudienceArgs, RenameActionArgs, Scope
from .config import ApiEntry, EnvironmentConfig, StrategyConfig
from .dev_portal import DevPortalArgs, PublishedApiArgs

__all__ = [
    "admin_app_args",
    "api_audience_args",
    "oidc_config",
    "portal_args",
    "provider_inputs",
    "published_api_args",
    "rename_action_args",
    "strategy_inputs",
]


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


def delete_adopted(env: EnvironmentConfig, object_id: str | None) -> bool:
    """An object that existed before the stack stays when the stack goes, unless `existing.deleteOnDestroy`."""
    return object_id is not None and env.existing.delete_on_destroy


def loss_allowed(env: EnvironmentConfig) -> bool:
    """Whether deletes may end developers' applications and registrations: `allowRegistrationLoss`, or a portal this
    stack made with `forceDestroy` (whatever the strategies and APIs in it held goes with it then)."""
    portal = env.portal
    return env.allow_registration_loss or bool(portal and portal.name and portal.force_destroy)


def admin_app_args(env: EnvironmentConfig, name: str) -> AdminAppArgs:
    existing = env.existing
    description = env.admin_app.description
    return AdminAppArgs(
        management_audience=env.management_audience,
        name=env.admin_app_name or f"Konnect Portal DCR Admin ({name})",
        developer_managed_scopes=env.developer_managed_scopes,
        **({"description": description} if description is not None else {}),
        authentication_method=env.admin_app.authentication_method,
        permissions=env.admin_app.permission_list(env.developer_managed_scopes),
        existing_client_id=existing.admin_client_id,
        existing_grant_id=existing.admin_grant_id,
        keep_existing=not existing.delete_on_destroy,
    )


def api_audience_args(env: EnvironmentConfig) -> ApiAudienceArgs:
    api = env.api
    return ApiAudienceArgs(
        identifier=api.identifier,
        name=api.name,
        scopes=[Scope(name=s.name, description=s.description) for s in api.scopes],
        signing_alg=api.signing_alg,
        token_lifetime=api.token_lifetime,
        allow_offline_access=api.allow_offline_access,
        skip_consent_for_verifiable_first_party_clients=api.skip_consent_for_verifiable_first_party_clients,
        existing_id=env.existing.api_id,
        keep_existing=not env.existing.delete_on_destroy,
    )


def rename_action_args(
    env: EnvironmentConfig, name: str, client_id: pulumi.Input[str], client_secret: pulumi.Input[str]
) -> RenameActionArgs:
    return RenameActionArgs(
        issuer=f"https://{env.auth0_domain}",
        management_audience=env.management_audience,
        admin_client_id=client_id,
        admin_client_secret=client_secret,
        name=env.rename_action.name or f"Konnect DCR app names ({name})",
        runtime=env.rename_action.runtime,
        existing_id=env.existing.rename_action_id,
        keep_existing=not env.existing.delete_on_destroy,
    )


def provider_inputs(
    env: EnvironmentConfig, client_id: pulumi.Input[str], client_secret: pulumi.Input[str]
) -> dict[str, Any]:
    """The DCR provider's inputs: fed the admin app's client id and secret."""
    dcr_config: dict[str, object] = {
        "initial_client_id": client_id,
        "use_developer_managed_scopes": env.developer_managed_scopes,
    }
    if env.initial_client_audience:
        dcr_config["initial_client_audience"] = env.initial_client_audience
    adopt = env.existing.dcr_provider_id
    return {
        "name": env.provider_name,
        "provider_type": "auth0",
        "issuer": env.issuer,
        "dcr_config": dcr_config,
        "initial_client_secret": client_secret,
        "labels": dict(env.labels),
        "adopt_id": adopt,
        "delete_adopted": delete_adopted(env, adopt),
        "allow_registration_loss": loss_allowed(env),
    }


def strategy_inputs(env: EnvironmentConfig, strategy: StrategyConfig, provider_id: pulumi.Input[str]) -> dict[str, Any]:
    adopt = env.existing.strategy_ids.get(strategy.resource_key)
    config = oidc_config(env, strategy.scopes, strategy.credential_claim, strategy.auth_methods)
    return {
        "name": strategy.name,
        "display_name": strategy.display_name,
        "strategy_type": "openid_connect",
        "dcr_provider_id": provider_id,
        "configs": {"openid-connect": config},
        "labels": dict(env.labels),
        "adopt_id": adopt,
        "delete_adopted": delete_adopted(env, adopt),
        "allow_registration_loss": loss_allowed(env),
    }


def portal_args(env: EnvironmentConfig) -> DevPortalArgs:
    """The Dev Portal: made (`portal.name`, adopted with `existing.portalId`) or referenced (`portal.id`)."""
    assert env.portal is not None
    portal, adopt = env.portal, env.existing.portal_id
    return DevPortalArgs(
        name=portal.name,
        existing_id=portal.id,
        adopt_id=adopt,
        display_name=portal.display_name,
        description=portal.description,
        authentication_enabled=portal.authentication_enabled,
        rbac_enabled=portal.rbac_enabled,
        auto_approve_developers=portal.auto_approve_developers,
        auto_approve_applications=portal.auto_approve_applications,
        default_api_visibility=portal.default_api_visibility,
        default_page_visibility=portal.default_page_visibility,
        force_destroy=portal.force_destroy,
        labels=dict(env.labels),
        delete_adopted=delete_adopted(env, adopt),
        allow_registration_loss=env.allow_registration_loss,
    )


def published_api_args(
    env: EnvironmentConfig,
    entry: ApiEntry,
    *,
    portal_id: pulumi.Input[str],
    strategy_id: pulumi.Input[str],
    spec: str | None,
    after: Sequence[pulumi.Resource] = (),
) -> PublishedApiArgs:
    adopt = env.existing.api_ids.get(entry.resource_key)
    portal_existed = bool(env.portal and (env.portal.id or env.existing.portal_id))
    return PublishedApiArgs(
        portal_id=portal_id,
        strategy_id=strategy_id,
        name=entry.name,
        version=entry.version,
        slug=entry.slug,
        description=entry.description,
        spec_content=spec,
        visibility=entry.visibility,
        auto_approve_registrations=entry.auto_approve_registrations,
        labels=dict(env.labels),
        after=after,
        adopt_id=adopt,
        # A publication of an API and a portal that both existed is the team's, if it is there already.
        adopt_publication=adopt is not None and portal_existed,
        delete_adopted=delete_adopted(env, adopt),
        allow_registration_loss=loss_allowed(env),
    )
