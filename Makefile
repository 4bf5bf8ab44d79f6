# phuongso: the two commands of README.md, and a few more.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Tests and the demo need a key; production sets its own SECRET_KEY in the environment.
TEST_ENV := SECRET_KEY=test-only-not-secret
DEMO_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test system-packages lint audit format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/.package-lock.json

# axe-core (npm) is injected into pages by the browser tests; nothing from npm is served.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Debian packages the real parts need: Chromium for browser tests, Pango for PDFs, poppler
# (pdfsig) and SoftHSM2 (a PKCS#11 token) for the signature tests.
# Installed only when missing, and only when we are root (CI and the dev machines are).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v softhsm2-util >/dev/null 2>&1 || missing="$$missing softhsm2"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Cần cài các gói Debian:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

run: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py create_demo_pki
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: system-packages install-test
	$(TEST_ENV) $(BIN)/pytest -q

lint: $(VENV)/.installed-test audit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Fails when a pin in pyproject.toml is a known-vulnerable version (the vendored list
# .ci/advisories.json: pip-audit cannot reach its service from CI). AUDIT_ARGS=--registry also
# prints newer patch releases the package index knows of.
audit: $(VENV)/.installed-test
	$(BIN)/python .ci/check_pins.py $(AUDIT_ARGS)

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var staticfiles
