"""Konnect DCR providers and application auth strategies as Pulumi dynamic resources."""

from .auth_strategy import AuthStrategyProps, KonnectAuthStrategy, KonnectAuthStrategyProvider
from .client import REGIONS, KonnectClient, KonnectSettings
from .dcr_provider import DcrProviderProps, KonnectDcrProvider, KonnectDcrProviderProvider
from .errors import (
    BadRequestError,
    ConflictError,
    KonnectAPIError,
    KonnectConfigError,
    KonnectConnectionError,
    KonnectError,
    NotFoundError,
    OwnershipError,
    UnauthorizedError,
)
from .ownership import KonnectDeployment

__all__ = [
    "REGIONS",
    "AuthStrategyProps",
    "BadRequestError",
    "ConflictError",
    "DcrProviderProps",
    "KonnectAPIError",
    "KonnectAuthStrategy",
    "KonnectAuthStrategyProvider",
    "KonnectClient",
    "KonnectConfigError",
    "KonnectConnectionError",
    "KonnectDcrProvider",
    "KonnectDcrProviderProvider",
    "KonnectDeployment",
    "KonnectError",
    "KonnectSettings",
    "NotFoundError",
    "OwnershipError",
    "UnauthorizedError",
]
