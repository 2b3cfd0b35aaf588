# Опора — the two commands: `make run` and `make test`. Everything installs into .venv and frontend/node_modules.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NPM_STAMP := frontend/node_modules/.installed-$(shell cksum frontend/package-lock.json | cut -d' ' -f1)
SPA := frontend/dist/index.html
SPA_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.js -type f 2>/dev/null)
# The PostgreSQL leg of the tests: a server where fresh databases can be created and dropped.
OPORA_TEST_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
CHROMIUM ?= /usr/bin/chromium
# pytest-xdist workers of each Python leg: two for a 2-core CI machine. A module stays in one worker
# (`--dist loadfile`), so its stack (a copy of the demo region seeded once per worker) is built once. Modules are
# handed out longest first, in the order tests/conftest.py sorts them (tests/module_seconds.json), not by their
# number of tests (`--no-loadscope-reorder`), so the last ones are short and the workers end together.
# The PostgreSQL leg leaves out the modules marked `no_database` (parsers, renderers, …): they ran on SQLite.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
# The legs of `make test`; tests/legs.py runs them and prints how long each took. Legs joined by `+` run at once:
# every leg waits part of the time (databases, the real processes, the browser), so all five together keep both
# cores busy (a clean clone: 767 s against 886 s in two groups, the same 1,280 CPU-s). Each leg's output is
# printed whole under its own heading; a failing leg fails `make test`.
TEST_LEGS := test-python+test-postgres+lint+test-frontend+test-browser
# Python caches compiled modules (__pycache__) for every process of the suite: each pytest worker would
# otherwise rewrite and compile every test module again, and each real process compile the services. Some
# machines set PYTHONDONTWRITEBYTECODE for everything; it is not passed on to what make runs.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install spa lint test-python test-postgres test-frontend test-browser migrate demo bench clean

run: install spa ## install, build the SPA, migrate, load the demo region, start every process (worker included)
	$(PY) -m services.run demo
	$(PY) -m services.run all

test: install spa ## the whole suite, leg by leg (some at once), with the time of each
	MAKE="$(MAKE)" $(PY) -m tests.legs $(TEST_LEGS)

install: $(PIP_STAMP) $(NPM_STAMP)

# PDF reports are the DOCX converted by LibreOffice (a unoserver run by Debian's python3 with python3-uno);
# Liberation Serif draws Times New Roman with the same metrics, PT Serif is the fallback serif, DejaVu gives
# the charts Cyrillic glyphs. curl and jq run the data-centre exchange of deploy/README.md in its test, nginx
# checks deploy/nginx/opora.conf (`nginx -t`): installed here with the rest, in one `apt-get update`, not by
# the test that needs it in the middle of a leg.
$(PIP_STAMP): pyproject.toml
	command -v soffice >/dev/null && /usr/bin/python3 -c "import uno" 2>/dev/null && \
		fc-list | grep -qi "liberation serif" && fc-list | grep -qi dejavu && command -v curl >/dev/null && \
		command -v jq >/dev/null && test -x /usr/sbin/nginx || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui \
		python3-uno fonts-liberation2 fonts-paratype fonts-dejavu-core curl jq nginx; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	rm -f frontend/node_modules/.installed-* && touch $@

spa: $(SPA)

$(SPA): $(NPM_STAMP) $(SPA_SOURCES)
	cd frontend && npm run build

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy services tests bench

test-python:
	$(PYTEST)

test-postgres:
	OPORA_TEST_POSTGRES=$(OPORA_TEST_POSTGRES) $(PYTEST)

test-frontend:
	cd frontend && npm test

test-browser: $(CHROMIUM)
	OPORA_CHROMIUM=$(CHROMIUM) $(PY) -m tests.stack -- node --test frontend/e2e/

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

migrate: install
	$(PY) -m services.run migrate

BENCH_OPTIONAL = identification_service imports

bench: install ## figures, never assertions: see bench/; ends with one table of goal, measured, ratio
	$(PY) -m bench.gateway
	$(PY) -m bench.identification
	@for name in $(BENCH_OPTIONAL); do \
		if [ -f bench/$$name.py ] && grep -q '__main__' bench/$$name.py; then $(PY) -m bench.$$name || exit 1; fi; \
	done
	$(PY) -m bench.roadmap
	$(PY) -m bench.reports
	$(PY) -m bench.stacks
	cd frontend && npm run build && cd .. && $(PY) -m bench.bundle
	$(PY) -m bench.summary

clean:
	rm -rf var frontend/dist
