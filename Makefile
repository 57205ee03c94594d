# Two commands from a fresh clone: `make run` and `make test`. Everything else is set up here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup setup-dev migrate lint unit pages e2e bench load load-protocol clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

migrate: setup
	$(PY) manage.py init

run: migrate
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Two workers: the browser tests in one (one after the other), unit and page tests in the other.
test: lint
	$(PY) -m pytest -n 2 --dist loadgroup tests

unit: setup-dev
	$(PY) -m pytest tests/unit
pages: setup-dev
	$(PY) -m pytest tests/pages
e2e: setup-dev
	$(PY) -m pytest tests/e2e

# Timings at scale (not part of `make test`): the indicator dashboard on a VSWG-scale dataset,
# partner search and import. `make bench SCALE=0.1` for a quick run.
# SCALES: the dashboard also at these scales (10 only when asked: SCALES=0.1,1,10). Then the
# roll-ups' long property run (random write sequences, every figure against the facts).
SCALE ?= 1
SCALES ?= 0.1,1
bench: setup-dev
	SCALE=$(SCALE) SCALES=$(SCALES) $(PY) -m bench.run
	ROLLUP_SEQUENCES=25 ROLLUP_STEPS=200 $(PY) -m pytest -q -p no:randomly tests/unit/test_rollups.py -k every_figure

# Many browser sessions against one app process (loopback only, bounded): `make load`,
# `make load SESSIONS=5 SECONDS_LOAD=30` for a quick run; LOAD_PIN=0: server and browsers
# share all cores. Not part of `make test`.
load: setup-dev
	$(PY) -m bench.reruns
	SESSIONS=$(SESSIONS) SECONDS_LOAD=$(SECONDS_LOAD) $(PY) -m bench.load

# Many sessions at the WebSocket protocol, no browsers (loopback only, bounded): a recorded
# Chromium session per Kümmerer replayed by asyncio clients on PostgreSQL; 50 sessions against
# one process, 100 against two behind nginx (skipped without nginx). LOAD_RUNS=5x1 for a quick
# run, LOAD_DB=sqlite for a file database. Not part of `make test`.
load-protocol: setup-dev
	LOAD_RUNS=$(LOAD_RUNS) SECONDS_LOAD=$(SECONDS_LOAD) $(PY) -m bench.protoload

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
