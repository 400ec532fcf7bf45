"""The field sets a real Auth0 tenant answers with (Management API v2 responses), for the emulator's tests."""

from __future__ import annotations

__all__ = ["CLIENT_FIELDS", "GRANT_FIELDS", "SERVER_FIELDS"]

# A new application created with only a name.
CLIENT_FIELDS = frozenset(
    {
        "name",
        "client_id",
        "client_secret",
        "is_first_party",
        "is_token_endpoint_ip_header_trusted",
        "oidc_conformant",
        "jwt_configuration",
        "signing_keys",
        "sso_disabled",
        "cross_origin_authentication",
        "grant_types",
        "custom_login_page_on",
        "refresh_token",
    }
)
# A new API created with only an identifier (`name` comes back only when it was given; `scopes` once set).
SERVER_FIELDS = frozenset(
    {
        "id",
        "identifier",
        "allow_offline_access",
        "skip_consent_for_verifiable_first_party_clients",
        "subject_type_authorization",
        "token_lifetime",
        "token_lifetime_for_web",
        "signing_alg",
    }
)
# A new client grant with no optional field given.
GRANT_FIELDS = frozenset({"id", "client_id", "audience", "scope", "subject_type"})
