# The two commands: `make run` (set up, demo data, web + Celery worker + beat) and `make test`.
SHELL := /bin/bash
# Debian's own python3 when there is one: it is built with profile-guided and link-time
# optimisation, which a python3 that pyenv or a source build puts first on PATH usually is not
# (the app serves about 20 % more requests per second on it; benchmarks/README.md).
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_PATH := $(shell readlink -f "$$(command -v $(PYTHON))" 2>/dev/null)
STAMP := $(VENV)/.installed-$(shell (cat requirements.lock; echo $(PYTHON_PATH)) 2>/dev/null | md5sum | cut -c1-12)
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test test-fast lint bench faults soak sysdeps browser axe venv messages clean

run: venv sysdeps messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) bin/run

# As `make run`, with Django's debug page for developers.
dev: export DEBUG := 1
dev: run

# In parallel, one worker per core (pytest-xdist): about 11 minutes on 2 cores, 35 in one.
test: venv sysdeps browser axe messages
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# The edit-test loop: in parallel (one worker per core), without the browser and worker tests.
test-fast: venv sysdeps messages
	$(PY) -m pytest -n auto -m "not browser and not celery_worker" $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	bin/check-deploy

bench: venv sysdeps
	bin/bench

# PostgreSQL and Redis stopped and started under the mixed load, on private instances
# (benchmarks/faults.py); bounded to 25 minutes. `make soak` keeps them up for 10 minutes.
FAULTS_ARGS ?=
faults: venv sysdeps
	timeout 1500 $(PY) -m benchmarks.faults $(FAULTS_ARGS)

soak: venv sysdeps
	timeout 1800 $(PY) -m benchmarks.faults --soak 600 $(FAULTS_ARGS)

venv: $(STAMP)

$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Install Python 3.11: apt-get install python3 python3-venv"; exit 1; }
	@# A venv made with another interpreter is made again with this one.
	@test ! -x $(PY) || [ "$$(readlink -f "$$($(PY) -c 'import sys; print(sys._base_executable)')")" = "$(PYTHON_PATH)" ] || rm -rf $(VENV)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Install venv support: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

# Translations (.po -> .mo) with Babel; GNU gettext is not needed.
messages: venv
	$(PY) bin/compile-messages

# WeasyPrint needs pango (with harfbuzz subsetting) and a font; SAML sign-in needs xmlsec1;
# documents need libmagic and ClamAV (the tests start their own clamd). Installed when root
# and missing.
sysdeps:
	@bin/ensure-system-packages weasyprint
	@bin/ensure-system-packages saml
	@bin/ensure-system-packages documents

# Browser tests drive Debian's chromium; installed when root and missing.
browser:
	@bin/ensure-system-packages chromium

# The browser tests check every page with axe-core, from the npm registry (package-lock.json);
# node and npm are Debian's, installed when root and missing.
axe: node_modules/.installed

node_modules/.installed: package-lock.json
	@bin/ensure-system-packages node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) staticfiles node_modules
