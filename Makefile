# Set-up and everyday tasks. Every target installs what it needs into .venv/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CG     := $(BIN)/civicgraph

WHEEL_DIR ?= dist

.PHONY: demo test lint bench link-eval ingest-eval real-eval install install-dev wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

demo: install
	$(CG) build
	$(CG) validate
	$(CG) coverage
	$(CG) query who_opened_event
	$(CG) query regions_by_role
	$(CG) query quotes_all
	$(CG) export --format turtle --out dist/civicgraph.ttl
	$(CG) export --format ntriples --out dist/civicgraph.nt
	$(CG) export --format trig --out dist/civicgraph.trig
	$(CG) export --format jsonld --out dist/civicgraph.jsonld
	cd dist && sha256sum civicgraph.ttl civicgraph.nt civicgraph.trig civicgraph.jsonld > SHA256SUMS
	@echo "Exports and their SHA256SUMS written to dist/"

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# The wheel users install: code, ontology, shapes, queries and the example project.
wheel: $(BIN)/python
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir $(WHEEL_DIR) .

bench: install-dev
	$(BIN)/python benchmarks/run.py

link-eval: install-dev
	$(BIN)/python benchmarks/link_eval.py

ingest-eval: install-dev
	$(BIN)/python benchmarks/ingest_eval.py

# Real news pages: their texts are saved by whoever runs this (benchmarks/real_eval/README.md).
real-eval: install-dev
	$(BIN)/python benchmarks/real_eval.py

clean:
	rm -rf .civicgraph dist
