# spo-bundle: `make demo` and `make test` are all a new machine needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
SAMPLE ?= samples/full-with-interim/case.json

.DEFAULT_GOAL := help
.PHONY: help install demo test lint format samples bundles bench clean

help: ## list the targets
	@echo "spo-bundle make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18

install: $(STAMP) $(SYSTEM_STAMP) ## venv with spo and the dev tools; Debian packages when missing

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "spo-bundle needs Python 3.11 or newer ($(PYTHON) is older)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(SYSTEM_STAMP): scripts/system-packages.sh | $(STAMP)
	@bash scripts/system-packages.sh
	@touch $@

demo: install ## assemble the sample case into out/ and print where the bundle is
	$(BIN)/spo assemble $(SAMPLE) -o out --force
	@echo
	@echo "The bundle is out/bundle.pdf; the checklist is out/checklist.json."
	@echo "E-filing package: $(BIN)/spo export out -o out/"

test: install ## run the test suite
	$(BIN)/python -m pytest

lint: install ## ruff, mypy --strict, and the templates against the schema
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/spo templates lint

format: install ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

samples: install ## regenerate the sample exhibits and validate every sample
	$(BIN)/python samples/make_exhibits.py
	@for c in samples/*/case.json; do $(BIN)/spo validate "$$c" >/dev/null && echo "valid: $$c" || { $(BIN)/spo validate "$$c"; exit 1; }; done

bundles: install ## assemble every sample into out/bundles/<URN>/, two at a time
	$(BIN)/spo assemble samples/*/case.json -o out/bundles --jobs 2 --force

bench: install ## measure against the plain tools (soffice, qpdf, pdftotext); prints a table
	@# As an installed package runs: with its bytecode compiled (pip does this on install; an
	@# editable install under PYTHONDONTWRITEBYTECODE=1 would recompile every module on every run).
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python bench/run.py

clean: ## remove the venv, caches and outputs
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
