"""Pulumi components for a Kong Konnect Dev Portal DCR setup backed by Auth0."""

from .konnect import KonnectAuthStrategy, KonnectDcrProvider

__all__ = ["KonnectAuthStrategy", "KonnectDcrProvider"]
