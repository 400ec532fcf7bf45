"""One Konnect Dev Portal DCR environment per stack, declared from `konnect-auth0-dcr:dcr` (stacks/Pulumi.<stack>.yaml)."""

import pulumi

from dcr_components.config import ConfigError, load_config
from dcr_components.environment import DcrEnvironment

try:
    settings = load_config()
except ConfigError as error:
    # Stop before any resource is registered: nothing is created from a half-valid config.
    raise pulumi.RunError(str(error)) from None

env = DcrEnvironment(pulumi.get_stack(), settings)
pulumi.export("dcr_provider_id", env.dcr_provider_id)
pulumi.export("strategy_ids", env.strategy_ids)
pulumi.export("admin_client_id", env.admin_client_id)
# Secret output (encrypted in state, masked in CLI output) for `python -m dcr_components verify`.
pulumi.export("admin_client_secret", env.admin_client_secret)
pulumi.export("audience", env.audience)
pulumi.export("issuer", env.issuer)
