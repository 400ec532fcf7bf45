"""The DCR policy pack: the rules live in dcr_components.guardrails; this starts them for the engine."""

from dcr_components.guardrails.pack import serve

serve()
