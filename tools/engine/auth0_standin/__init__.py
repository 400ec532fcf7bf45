"""Offline stand-in for pulumi-resource-auth0 (see __main__.py)."""
