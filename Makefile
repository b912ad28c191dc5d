# The competency portal: one command runs it, one command tests it.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SERVICES := identity invitations competencies documents notifications
WEB := services/web
PYPROJECTS := libs/portal_kit/pyproject.toml libs/portal_contracts/pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml) \
	deploy/dev_eid/pyproject.toml $(WEB)/pyproject.toml
WEB_MO := $(patsubst %.po,%.mo,$(wildcard $(WEB)/web/translations/*/LC_MESSAGES/*.po))
SERVICE_PKGS := $(foreach s,$(SERVICES),services/$(s)/$(s))
PYTEST := $(PY) -m pytest -p no:cacheprovider
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run test lint unit integration e2e browser chromium bench fuzz test-faults quorum clean

install: $(VENV)/.installed $(WEB)/web/static/dist/.built $(WEB_MO)

$(VENV)/.installed: $(PYPROJECTS) requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt \
		-e libs/portal_kit -e libs/portal_contracts $(foreach s,$(SERVICES),-e services/$(s)) \
		-e deploy/dev_eid -e $(WEB)
	@touch $@

# The web front end's static files (Designsystemet CSS, htmx) from the pinned npm packages,
# and its message catalogues compiled; both are built here, not committed.
$(WEB)/node_modules/.package-lock.json: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error

$(WEB)/web/static/dist/.built: $(WEB)/node_modules/.package-lock.json $(WEB)/build-static.mjs $(WEB)/web/static/src/portal.css
	cd $(WEB) && npm run --silent build
	@touch $@

$(WEB)/web/translations/%.mo: $(WEB)/web/translations/%.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

run: install
	$(PY) deploy/run.py

test: install lint unit integration e2e browser

lint: install
	$(VENV)/bin/ruff check libs services tests deploy k8s docs
	$(VENV)/bin/mypy --config-file mypy.ini libs/portal_kit/portal_kit libs/portal_contracts/portal_contracts \
		$(foreach s,$(SERVICES),services/$(s)/$(s)/domain services/$(s)/$(s)/service_layer) \
		deploy/dev_eid/dev_eid $(WEB)/web

unit: install
	$(PYTEST) -q libs/portal_kit/tests/unit libs/portal_contracts/tests/unit $(foreach s,$(SERVICES),services/$(s)/tests/unit) $(WEB)/tests/unit

integration: install
	$(PYTEST) -q libs/portal_kit/tests/integration $(foreach s,$(SERVICES),services/$(s)/tests/integration) $(WEB)/tests/integration

e2e: install
	$(PYTEST) -q tests

# The web front end in Debian's Chromium (Playwright drives it; no browser download),
# against the whole portal started as the end-to-end tests start it.
browser: install chromium
	$(PYTEST) -q $(WEB)/tests/browser

chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Every service's OpenAPI document fuzzed with the tokens of every kind of caller in a world
# of real relationships (make test runs a slice of it: tests/e2e/test_fuzz.py); select with
# FUZZ_ARGS='-k "competencies and tutor"'.
fuzz: install
	PORTAL_FUZZ=all $(PYTEST) -q tests/e2e/test_fuzz.py $(FUZZ_ARGS)

# Faults injected into a portal of its own, on a RabbitMQ node and a PostgreSQL cluster of
# its own (restarted for real, with its databases' backends terminated, its services
# SIGKILLed, its vhost's AMQP connections closed); never the shared servers.
test-faults: install
	$(PYTEST) -q -s --durations=12 tests/faults/fault_agreements.py tests/faults/fault_signoffs.py

bench: install
	$(PY) tests/bench/run.py $(BENCH_ARGS)

# The integration, end-to-end and browser suites (make integration, e2e, browser) once more
# on vhosts whose default queue type is quorum, as production's (not part of make test: it
# doubles their time). Not the broker-outage test: it stops the shared RabbitMQ.
quorum: install chromium
	PORTAL_TEST_QUEUE_TYPE=quorum $(PYTEST) -q -m "not broker_outage" libs/portal_kit/tests/integration \
		$(foreach s,$(SERVICES),services/$(s)/tests/integration) $(WEB)/tests/integration tests
	PORTAL_TEST_QUEUE_TYPE=quorum $(PYTEST) -q $(WEB)/tests/browser

clean:
	rm -rf $(VENV) .data $(WEB)/node_modules $(WEB)/web/static/dist $(WEB_MO)
