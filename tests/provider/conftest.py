"""Fixtures of the provider tier: the dynamic providers, configured against the Konnect emulator on a real socket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from dcr_components.konnect import KonnectAuthStrategyProvider, KonnectDcrProviderProvider
from dcr_components.konnect._base import KonnectResourceProvider
from tests.support.sandbox import KONNECT_TOKEN, RunningSandbox

P = TypeVar("P", bound=KonnectResourceProvider)


def settings(konnect: RunningSandbox) -> ConfigureRequest:
    return ConfigureRequest(
        Config({"konnect:serverUrl": konnect.url, "konnect:token": KONNECT_TOKEN}, "konnect-auth0-dcr")
    )


@pytest.fixture
def dcr(konnect: RunningSandbox) -> KonnectDcrProviderProvider:
    """The DCR provider's dynamic provider, configured as the engine would (configure() with stack config)."""
    provider = KonnectDcrProviderProvider()
    provider.configure(settings(konnect))
    return provider


@pytest.fixture
def strategies(konnect: RunningSandbox) -> KonnectAuthStrategyProvider:
    provider = KonnectAuthStrategyProvider()
    provider.configure(settings(konnect))
    return provider


@pytest.fixture
def configured(konnect: RunningSandbox) -> Callable[[type[P]], P]:
    """Any Konnect dynamic provider, configured like `dcr` and `strategies`."""

    def make(kind: type[P]) -> P:
        provider = kind()
        provider.configure(settings(konnect))
        return provider

    return make


@pytest.fixture
def portal(konnect: RunningSandbox) -> dict[str, Any]:
    """A portal made out of band, for the resources of a portal's own objects."""
    return dict(konnect.api("POST", "/v3/portals", {"name": "whole"}).json())
