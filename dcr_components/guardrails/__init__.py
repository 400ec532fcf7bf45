"""Guardrails for DCR environments: the rules of the policy pack in policy/, on a plain view of the stack.

The rules do not import pulumi-policy (the pack's adapter, `dcr_components.guardrails.pack`, does), so they can be
read, tested and reused without it.
"""

from .catalog import RULES, Rule, rule_named
from .values import UNKNOWN, Secret, from_wire
from .view import Finding, Res, Stack

__all__ = ["RULES", "UNKNOWN", "Finding", "Res", "Rule", "Secret", "Stack", "from_wire", "rule_named"]
