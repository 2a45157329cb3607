# Route Atlas: `make run` starts the app, `make test` runs lint (ruff, mypy) and every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint format data bench mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(VENV)/.app-installed $@

run: $(VENV)/.app-installed
	$(BIN)/python scripts/serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest

# Rebuild the derived boundary files in data/ from ../shared/geodata.
data: $(VENV)/.app-installed
	$(BIN)/python scripts/build_boundaries.py

bench: $(VENV)/.test-installed
	$(BIN)/python -m benchmarks

# Mutation testing of the disclosure, access and escaping modules (slow; not part of `make test`).
# Configured in pyproject.toml ([tool.mutmut]); the score is kept in tests/README.md.
mutate: $(VENV)/.test-installed
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
