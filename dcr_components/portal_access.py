"""Who may do what in a portal, declared with it: developers sign in with the stack's Auth0 tenant (the Auth0 app
and the portal's OIDC identity provider wired together, the secret flowing as a Pulumi secret), the portal's sign-in
settings, its teams with their roles on the APIs, and the IdP groups mapped to each team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi

from .auth0 import SignInApp, SignInAppArgs
from .config_portal import SignInConfig, TeamConfig
from .konnect import (
    KonnectPortalAuthSettings,
    KonnectPortalIdentityProvider,
    KonnectPortalTeam,
    KonnectPortalTeamMapping,
    KonnectPortalTeamRole,
)

__all__ = ["ROLE_NAMES", "PortalAccess", "PortalAccessArgs", "sign_in_urls"]

ROLE_NAMES = {"viewer": "API Viewer", "consumer": "API Consumer"}


def sign_in_urls(portal_url: str, hostname: str | None) -> list[str]:
    """The portal's sign-in redirect URIs: `<host>/login` for its own URL and for its custom domain."""
    urls = [f"{portal_url.rstrip('/')}/login"]
    return urls + ([f"https://{hostname}/login"] if hostname else [])


@dataclass(frozen=True, kw_only=True)
class PortalAccessArgs:
    portal_id: pulumi.Input[str]
    portal_url: pulumi.Input[str]
    issuer: str
    """The Auth0 tenant's issuer (`https://<domain>`): what the portal's identity provider trusts."""
    sign_in: SignInConfig | None = None
    app_name: str = "Konnect Dev Portal sign-in"
    custom_hostname: str | None = None
    teams: list[TeamConfig] = field(default_factory=list)
    api_ids: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    """Each API's id by its key (what `teams[].apis` names)."""
    portal_existed: bool = False


class PortalAccess(pulumi.ComponentResource):
    """`SignInApp` (Auth0) + `KonnectPortalIdentityProvider` + `KonnectPortalAuthSettings`; per team a
    `KonnectPortalTeam`, its `KonnectPortalTeamRole`s and `KonnectPortalTeamMapping`s."""

    sign_in_client_id: pulumi.Output[str | None]

    def __init__(self, name: str, args: PortalAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:PortalAccess", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        idp: KonnectPortalIdentityProvider | None = None
        self.sign_in_client_id = pulumi.Output.from_input(None)
        sign_in = args.sign_in
        if sign_in is not None:
            urls = pulumi.Output.from_input(args.portal_url).apply(lambda url: sign_in_urls(url, args.custom_hostname))
            app = SignInApp(
                f"{name}-sign-in",
                SignInAppArgs(
                    name=sign_in.app_name or args.app_name,
                    callbacks=urls,
                    logout_urls=pulumi.Output.from_input(args.portal_url).apply(lambda url: [url]),
                    groups_claim=sign_in.groups_claim,
                    action_name=f"{sign_in.app_name or args.app_name} groups",
                ),
                opts=child,
            )
            claims = {"groups": sign_in.groups_claim} if sign_in.groups_claim else None
            idp = KonnectPortalIdentityProvider(
                f"{name}-identity-provider",
                issuer_url=args.issuer,
                client_id=app.client_id,
                client_secret=app.client_secret,
                scopes=list(sign_in.scopes),
                claim_mappings=claims,
                portal_id=args.portal_id,
                portal_existed=args.portal_existed,
                opts=child,
            )
            KonnectPortalAuthSettings(
                f"{name}-sign-in-settings",
                portal_id=args.portal_id,
                basic_auth_enabled=sign_in.basic_auth,
                oidc_team_mapping_enabled=bool(sign_in.groups_claim),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[idp]),
            )
            self.sign_in_client_id = app.client_id
        for team in args.teams:
            made = KonnectPortalTeam(
                f"{name}-team-{team.resource_key}",
                portal_id=args.portal_id,
                name=team.name,
                description=team.description,
                can_own_applications=team.can_own_applications,
                portal_existed=args.portal_existed,
                opts=child,
            )
            for api_key, role in sorted(team.apis.items()):
                KonnectPortalTeamRole(
                    f"{name}-team-{team.resource_key}-{api_key}",
                    portal_id=args.portal_id,
                    team_id=made.id,
                    role_name=ROLE_NAMES[role],
                    api_id=args.api_ids[api_key],
                    portal_existed=args.portal_existed,
                    opts=child,
                )
            for group in team.groups:
                assert idp is not None  # groups need signIn.groupsClaim (config_portal.PortalConfig)
                KonnectPortalTeamMapping(
                    f"{name}-team-{team.resource_key}-group-{group}",
                    portal_id=args.portal_id,
                    idp_id=idp.id,
                    team_id=made.id,
                    group=group,
                    portal_existed=args.portal_existed,
                    opts=child,
                )
        self.register_outputs({"sign_in_client_id": self.sign_in_client_id})
