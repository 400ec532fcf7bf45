"""Konnect DCR providers, application auth strategies, Dev Portals, APIs and API publications as Pulumi dynamic
resources."""

from .api import ApiProps, KonnectApi, KonnectApiProvider
from .api_publication import ApiPublicationProps, KonnectApiPublication, KonnectApiPublicationProvider
from .auth_strategy import AuthStrategyProps, KonnectAuthStrategy, KonnectAuthStrategyProvider
from .client import REGIONS, KonnectClient, KonnectSettings
from .dcr_provider import DcrProviderProps, KonnectDcrProvider, KonnectDcrProviderProvider
from .deployment import KonnectDeployment
from .errors import (
    BadRequestError,
    ConflictError,
    KonnectAPIError,
    KonnectConfigError,
    KonnectConnectionError,
    KonnectError,
    NotFoundError,
    OwnershipError,
    RegistrationLossError,
    UnauthorizedError,
)
from .portal import KonnectPortal, KonnectPortalProvider, KonnectPortalReference, PortalProps, portal_url
from .portal_assets import KonnectPortalImage
from .portal_content import KonnectPortalPage, KonnectPortalSnippet
from .portal_domain import KonnectPortalCustomDomain
from .portal_settings import KonnectPortalAuthSettings, KonnectPortalCustomization
from .portal_sign_in import KonnectPortalIdentityProvider, KonnectPortalTeamMapping
from .portal_teams import KonnectPortalTeam, KonnectPortalTeamRole
from .registration_guard import KonnectRegistrationGuard

__all__ = [
    "REGIONS",
    "ApiProps",
    "ApiPublicationProps",
    "AuthStrategyProps",
    "BadRequestError",
    "ConflictError",
    "DcrProviderProps",
    "KonnectAPIError",
    "KonnectApi",
    "KonnectApiProvider",
    "KonnectApiPublication",
    "KonnectApiPublicationProvider",
    "KonnectAuthStrategy",
    "KonnectAuthStrategyProvider",
    "KonnectClient",
    "KonnectConfigError",
    "KonnectConnectionError",
    "KonnectDcrProvider",
    "KonnectDcrProviderProvider",
    "KonnectDeployment",
    "KonnectError",
    "KonnectPortal",
    "KonnectPortalAuthSettings",
    "KonnectPortalCustomDomain",
    "KonnectPortalCustomization",
    "KonnectPortalIdentityProvider",
    "KonnectPortalImage",
    "KonnectPortalPage",
    "KonnectPortalProvider",
    "KonnectPortalReference",
    "KonnectPortalSnippet",
    "KonnectPortalTeam",
    "KonnectPortalTeamMapping",
    "KonnectPortalTeamRole",
    "KonnectRegistrationGuard",
    "KonnectSettings",
    "NotFoundError",
    "OwnershipError",
    "PortalProps",
    "RegistrationLossError",
    "UnauthorizedError",
    "portal_url",
]
