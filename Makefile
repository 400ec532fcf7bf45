# Stable entry points (README, CI and checks rely on them): setup, up, test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
# Workers for the test suite. A test file stays on one worker (its module fixtures, its order); each worker has its
# own sandboxes and PostgreSQL, so two files never share an emulator's state. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: help setup up down verify try preview codify bench test lint unit e2e
STACK ?= dev

help:
	@echo "make up     set up on first use, start the sandbox, pulumi up the dev stack, print its outputs"
	@echo "make test   the whole suite: lint, types, unit, provider, sandbox-contract and real-engine e2e tests"
	@echo "make unit   the fast tiers only: unit, provider and sandbox tests (no engine runs)"
	@echo "make setup  .venv/ with pinned deps + the Pulumi engine in .tools/bin/ (PULUMI_HOME in .pulumi-home/)"
	@echo "make verify live preflight of a deployed stack (STACK=dev by default; ARGS=\"--round-trip --email …\")"
	@echo "make preview pulumi preview with the DCR guardrails (policy/): STACK=dev by default, ARGS=\"…\" to pulumi"
	@echo "make try    after make up: act out a developer registering an app through the Dev Portal, step by step"
	@echo "make codify STACK=… bring a DCR setup made by hand under a stack (ARGS=\"--write\" writes its config)"
	@echo "make bench  real-engine benchmark on the sandboxes; prints a table"
	@echo "make down   stop the sandbox started by make up"

setup:
	@bash scripts/setup.sh

up: setup
	@bash scripts/up.sh

down:
	@bash scripts/sandbox.sh stop

bench: setup
	$(PY) bench/run.py

verify: setup
	@bash scripts/stack-tool.sh verify $(STACK) $(ARGS)

try: setup
	@bash scripts/stack-tool.sh try $(STACK) $(ARGS)

codify: setup
	@bash scripts/stack-tool.sh codify $(STACK) $(ARGS)

preview: setup
	@bash scripts/preview.sh $(STACK) $(ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	.tools/bin/actionlint ci/github/*.yml

unit: setup
	$(PY) -m pytest -m "not e2e"

e2e: setup
	$(PYTEST) -m e2e

test: lint
	$(PYTEST)
