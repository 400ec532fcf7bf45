"""Auth0 Management API emulator (HTTPS)."""

from .app import Auth0Sandbox

__all__ = ["Auth0Sandbox"]
