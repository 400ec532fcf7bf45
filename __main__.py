"""One Konnect Dev Portal DCR environment per stack, declared from `konnect-auth0-dcr:dcr` (stacks/Pulumi.<stack>.yaml)."""

import pulumi

from dcr_components import DcrEnvironment, load_config

# A ConfigError (a pulumi.RunError) stops the program before any resource is registered, naming every bad key.
settings = load_config()

env = DcrEnvironment(pulumi.get_stack(), settings)
pulumi.export("dcr_provider_id", env.dcr_provider_id)
pulumi.export("strategy_ids", env.strategy_ids)
pulumi.export("admin_client_id", env.admin_client_id)
# Secret output (encrypted in state, masked in CLI output) for `python -m dcr_components verify`.
pulumi.export("admin_client_secret", env.admin_client_secret)
pulumi.export("audience", env.audience)
pulumi.export("issuer", env.issuer)
# Where developers register applications: the portal and its developer API, and the APIs published in it.
pulumi.export("portal_id", env.portal_id)
pulumi.export("portal_url", env.portal_url)
pulumi.export("api_ids", env.api_ids)
# With portal.customDomain: the DNS record to create for it and Konnect's verification state (null without one).
pulumi.export("custom_domain", env.custom_domain)
