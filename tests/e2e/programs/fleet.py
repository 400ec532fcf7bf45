"""e2e program: several DcrEnvironments in one stack, from `dcr-e2e:environments` (a list of env configs)."""

import pulumi

from dcr_components.config import parse_config
from dcr_components.environment import DcrEnvironment

for index, raw in enumerate(pulumi.Config().require_object("environments")):
    env = DcrEnvironment(f"env{index}", parse_config(raw))
    pulumi.export(f"env{index}_provider", env.dcr_provider_id)
