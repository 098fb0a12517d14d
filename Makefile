# The README's commands. Everything runs inside .venv, created from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material 9.7+ prints a banner about MkDocs 2; we pin mkdocs<2 and silence it here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint bench check packet clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/auditbook build

serve: $(STAMP)
	$(BIN)/mkdocs serve

check: $(STAMP)
	$(BIN)/auditbook check

test: $(STAMP) lint
	./tools/system-deps
	$(BIN)/pytest

# Style, types, and the import contracts that keep the layers pointing one way.
lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf site .auditbook-cache
