# The competency portal: one command runs it, one command tests it.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SERVICES := identity invitations competencies documents notifications
PYPROJECTS := libs/portal_kit/pyproject.toml libs/portal_contracts/pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml) \
	deploy/dev_eid/pyproject.toml
SERVICE_PKGS := $(foreach s,$(SERVICES),services/$(s)/$(s))
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: install run test lint unit integration e2e bench clean

install: $(VENV)/.installed

$(VENV)/.installed: $(PYPROJECTS) requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt \
		-e libs/portal_kit -e libs/portal_contracts $(foreach s,$(SERVICES),-e services/$(s)) \
		-e deploy/dev_eid
	@touch $@

run: install
	$(PY) deploy/run.py

test: install lint unit integration e2e

lint: install
	$(VENV)/bin/ruff check libs services tests deploy
	$(VENV)/bin/mypy --config-file mypy.ini libs/portal_kit/portal_kit libs/portal_contracts/portal_contracts \
		$(foreach s,$(SERVICES),services/$(s)/$(s)/domain services/$(s)/$(s)/service_layer) \
		deploy/dev_eid/dev_eid

unit: install
	$(PYTEST) -q libs/portal_kit/tests/unit libs/portal_contracts/tests/unit $(foreach s,$(SERVICES),services/$(s)/tests/unit)

integration: install
	$(PYTEST) -q libs/portal_kit/tests/integration $(foreach s,$(SERVICES),services/$(s)/tests/integration)

e2e: install
	$(PYTEST) -q tests

bench: install
	$(PY) tests/bench/run.py

clean:
	rm -rf $(VENV) .data
