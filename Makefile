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

.PHONY: run test install spa lint test-python test-postgres test-frontend test-browser migrate demo bench clean

run: install spa ## install, build the SPA, migrate, load the demo region, start the four processes
	$(PY) -m services.run demo
	$(PY) -m services.run all

test: install spa lint test-python test-postgres test-frontend test-browser ## the whole suite

install: $(PIP_STAMP) $(NPM_STAMP)

# WeasyPrint (PDF reports) needs Pango; DejaVu gives the PDFs and charts Cyrillic glyphs.
$(PIP_STAMP): pyproject.toml
	ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }
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
	$(PY) -m pytest -q

test-postgres:
	OPORA_TEST_POSTGRES=$(OPORA_TEST_POSTGRES) $(PY) -m pytest -q

test-frontend:
	cd frontend && npm test

test-browser: $(CHROMIUM)
	OPORA_CHROMIUM=$(CHROMIUM) $(PY) -m tests.stack -- node --test frontend/e2e/

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

migrate: install
	$(PY) -m services.run migrate

bench: install ## figures, never assertions: see bench/
	$(PY) -m bench.gateway
	$(PY) -m bench.identification
	$(PY) -m bench.roadmap
	$(PY) -m bench.reports
	cd frontend && npm run build && cd .. && $(PY) -m bench.bundle

clean:
	rm -rf var frontend/dist
