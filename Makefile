# The README's two commands: `make run` and `make test`. Both install what they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= $(or $(CIA_WORKSPACE),workspace)
PORT ?= 8501
# "This computer" mode serves 127.0.0.1 only. A shared server (accounts created with `cia users add`)
# may serve the office network: `make run ADDRESS=0.0.0.0` or CIA_ADDRESS=0.0.0.0 (see README).
ADDRESS ?= $(or $(CIA_ADDRESS),127.0.0.1)

.PHONY: install run serve demo test lint format docs system-deps bench bench-scale bench-load guide clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv (from PyPI) installs the pinned set in seconds; plain pip is the fallback. Bytecode is
# compiled at install: where PYTHONDONTWRITEBYTECODE is set, every `cia` command and page would
# otherwise compile pandas & co. from source again (~2 s each time).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	@$(BIN)/pip install --disable-pip-version-check -q uv || true
	@if [ -x $(BIN)/uv ]; then \
	  $(BIN)/uv pip install --python $(BIN)/python -q --compile-bytecode -c constraints.txt -e '.[dev]'; \
	else \
	  $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[dev]'; \
	fi
	$(BIN)/python -m compileall -q analysis dashboard pages
	touch $@

install: $(VENV)/.installed

$(WORKSPACE)/state.json: | $(VENV)/.installed
	$(BIN)/cia demo --workspace $(WORKSPACE)

demo: $(WORKSPACE)/state.json

run: install demo
	CIA_WORKSPACE=$(abspath $(WORKSPACE)) $(BIN)/streamlit run dashboard/serve.py --server.port $(PORT) --server.address $(ADDRESS)

# A server for a whole office: nginx (sticky sessions, HTTPS when given a certificate) in front of
# PROCESSES app processes (default: one per core) sharing one workspace and CIA_DATABASE_URL
# (PostgreSQL); see the README's "Running a server for an office". scripts/serve.py --help for more.
PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)
serve: install system-deps demo
	CIA_WORKSPACE=$(abspath $(WORKSPACE)) $(BIN)/python scripts/serve.py --processes $(PROCESSES) --port $(PORT) \
	  --address $(ADDRESS) $(if $(TLS_CERT),--tls-cert $(TLS_CERT) --tls-key $(TLS_KEY),)

system-deps:
	./scripts/install_system_deps.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The README's measure and table sections, from data/measures.toml and data/tables.toml (a test checks them)
docs: install
	$(BIN)/python -m analysis.docs

test: install system-deps lint
	$(BIN)/pytest

# Each measured step runs in a fresh interpreter with its own peak memory; the results go to
# bench-results/*.json (committed) and the README's benchmark figures are remade from them.
bench: install
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.readme

# National-shaped synthetic files: the import beside naive pandas and plain DuckDB, then page times.
# NATIONAL=1 adds the ~12.9 M household year (about 1.4 GB of CSV; several minutes).
bench-scale: install
	$(BIN)/python -m benchmarks.scale $(if $(NATIONAL),--national,)
	$(BIN)/python -m benchmarks.readme

# A training room's load without a browser: Locust users speaking Streamlit's websocket protocol,
# 10/25/50/100 officials at once on 1 and 2 app processes behind nginx, a PostgreSQL plans database;
# writes bench-results/load.json. NATIONAL=1: the 12.9 M household workspace and a 200-user step.
# LOAD_ARGS passes more options (python -m benchmarks.load --help), e.g. LOAD_ARGS="--processes 2".
bench-load: install system-deps
	$(BIN)/python -m benchmarks.load $(if $(NATIONAL),--national,) $(LOAD_ARGS)
	$(BIN)/python -m benchmarks.readme

# The user manual (คู่มือการใช้งาน): the demo in Chromium, a screenshot per declared step, then the A4
# PDFs in Thai and English — all in build/guide/ (not committed); the Manual page shows them.
guide: install system-deps
	$(BIN)/python -m scripts.guide

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
