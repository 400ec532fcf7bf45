"""The pulumi-policy adapter: serves RULES as a policy pack (policy/__main__.py calls `serve`).

Needs the `policy` extra (pulumi-policy). Enforcement per stack comes from `--policy-pack-config FILE`, e.g.
`{"dcr-oidc-strategy": "advisory", "production-protection": {"enforcementLevel": "mandatory"}}`.
"""

from __future__ import annotations

from typing import Any

import pulumi_policy
import pulumi_policy.policy as _engine_side

from .catalog import RULES, Rule
from .values import from_wire
from .view import Res, Stack

__all__ = ["PACK_NAME", "policies", "serve", "stack_of", "to_res"]

PACK_NAME = "dcr-guardrails"


def _read_properties(props: dict[str, Any], proxy_secrets: bool = False) -> Any:
    return from_wire(props)


def _as_is(props: Any) -> Any:
    return props


def _read_wire_form() -> None:
    """Keep secret markers and unknowns for the rules (see values.py): pulumi-policy reads properties through these
    two module-level functions, for every resource and provider it hands to a policy."""
    _engine_side.__dict__.update(deserialize_properties=_read_properties, unknown_checking_proxy=_as_is)


def to_res(r: pulumi_policy.PolicyResource) -> Res:
    return Res(
        urn=r.urn,
        type=r.resource_type,
        name=r.name,
        props=dict(r.props),
        protect=bool(r.opts.protect) if r.opts else False,
        provider=dict(r.provider.props) if r.provider is not None else {},
        property_deps={k: [d.urn for d in v] for k, v in r.property_dependencies.items()},
    )


def stack_of(urn: str) -> str:
    """`urn:pulumi:<stack>::<project>::<type>::<name>` → the stack name."""
    return urn.split("::", 1)[0].removeprefix("urn:pulumi:")


def _policy(rule: Rule) -> pulumi_policy.StackValidationPolicy:
    def validate(args: pulumi_policy.StackValidationArgs, report: pulumi_policy.ReportViolation) -> None:
        resources = [to_res(r) for r in args.resources]
        if not resources:
            return
        for finding in rule.check(Stack(resources, stack_of(resources[0].urn)), dict(args.get_config() or {})):
            report(finding.message, finding.urn)

    level = pulumi_policy.EnforcementLevel.MANDATORY if rule.mandatory else pulumi_policy.EnforcementLevel.ADVISORY
    schema = pulumi_policy.PolicyConfigSchema(properties=rule.config) if rule.config else None
    return pulumi_policy.StackValidationPolicy(
        name=rule.name, description=rule.description, validate=validate, enforcement_level=level, config_schema=schema
    )


def policies() -> list[pulumi_policy.StackValidationPolicy]:
    return [_policy(r) for r in RULES]


def serve() -> None:
    """Serve the pack to the engine: pulumi-policy's PolicyPack prints its port and serves until stopped."""
    _read_wire_form()
    pulumi_policy.PolicyPack(name=PACK_NAME, policies=list(policies()))
