"""Pulumi components for a Kong Konnect Dev Portal DCR setup backed by Auth0.

Everything a program needs is importable from here; modules load on first use, so a program that only
declares Konnect resources never imports pulumi_auth0.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import (
        ApiConfig,
        ApiEntry,
        ApiScope,
        ConfigError,
        EnvironmentConfig,
        PortalConfig,
        RenameActionConfig,
        StrategyConfig,
        load_config,
        parse_config,
    )
    from .dev_portal import DevPortal, DevPortalArgs, PublishedApi, PublishedApiArgs
    from .environment import DcrEnvironment
    from .konnect import (
        KonnectApi,
        KonnectApiPublication,
        KonnectAuthStrategy,
        KonnectDcrProvider,
        KonnectDeployment,
        KonnectPortal,
        KonnectPortalReference,
    )

__all__ = [
    "ApiConfig",
    "ApiEntry",
    "ApiScope",
    "ConfigError",
    "DcrEnvironment",
    "DevPortal",
    "DevPortalArgs",
    "EnvironmentConfig",
    "KonnectApi",
    "KonnectApiPublication",
    "KonnectAuthStrategy",
    "KonnectDcrProvider",
    "KonnectDeployment",
    "KonnectPortal",
    "KonnectPortalReference",
    "PortalConfig",
    "PublishedApi",
    "PublishedApiArgs",
    "RenameActionConfig",
    "StrategyConfig",
    "load_config",
    "parse_config",
]

_HOME = {
    **dict.fromkeys(
        (
            "ApiConfig",
            "ApiEntry",
            "ApiScope",
            "ConfigError",
            "EnvironmentConfig",
            "PortalConfig",
            "RenameActionConfig",
            "StrategyConfig",
            "load_config",
            "parse_config",
        ),
        ".config",
    ),
    "DcrEnvironment": ".environment",
    **dict.fromkeys(("DevPortal", "DevPortalArgs", "PublishedApi", "PublishedApiArgs"), ".dev_portal"),
    **dict.fromkeys(
        (
            "KonnectApi",
            "KonnectApiPublication",
            "KonnectAuthStrategy",
            "KonnectDcrProvider",
            "KonnectDeployment",
            "KonnectPortal",
            "KonnectPortalReference",
        ),
        ".konnect",
    ),
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name], __name__), name)
