"""e2e program: Pulumi's `import_` on a Konnect resource, as a user trying to bring a console-made provider in.

config  konnect:serverUrl, konnect:token (secret)
"""

import pulumi

from dcr_components.konnect import KonnectDcrProvider

KonnectDcrProvider(
    "console-made",
    name="made-in-the-console",
    provider_type="auth0",
    issuer="https://tenant.eu.auth0.com",
    dcr_config={"initial_client_id": "admin-app-id"},
    opts=pulumi.ResourceOptions(import_="0f3c6a8e-1111-2222-3333-444455556666"),
)
