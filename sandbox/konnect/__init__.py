"""Konnect API emulator."""

from .app import KonnectSandbox

__all__ = ["KonnectSandbox"]
