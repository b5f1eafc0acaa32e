# The front door: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
APPS := core audit accounts organizations members reviews documents directives studies commitments notifications reports imports paperwork operations

ENV_FILE ?=

.PHONY: install run serve test test-fast lint format messages bench-seed bench-pages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# XStatic-Bootstrap's sdist imports pkg_resources while building.
	$(BIN)/python -m pip install --quiet "setuptools<81" wheel
	$(BIN)/python -m pip install --quiet --no-build-isolation XStatic-Bootstrap==5.3.8.0
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	PORT=$(PORT) $(BIN)/honcho start

# The production way on one machine: gunicorn, a worker and beat, with the settings of
# ENV_FILE (deploy/kiemdiem.env.example) or the environment. Servers use the systemd units (docs/deploy.md).
serve: install
	$(if $(ENV_FILE),set -a && . $(ENV_FILE) && set +a && ,)$(BIN)/python manage.py migrate --noinput \
	  && $(BIN)/python manage.py collectstatic --noinput -v 0 \
	  && exec $(BIN)/honcho -d . -f deploy/Procfile start

# Installs Chromium and the Nu HTML Checker for the browser tests when it can (never fails); without
# them those tests are skipped with a note.
test: install
	scripts/ensure-chromium
	scripts/ensure-vnu
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not browser and not services"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Messages are extracted per app, so each app owns its translations; the
# compiled .mo files are committed and a test checks they match the .po files.
messages: install
	for app in $(APPS); do (mkdir -p $$app/locale && cd $$app && ../$(BIN)/django-admin makemessages -l vi -l en --no-location --settings=config.settings --pythonpath=..); done
	$(BIN)/python manage.py makemessages -l vi -l en --no-location $(foreach app,$(APPS),--ignore=$(app)/*) --ignore=.venv/* --ignore=bench/* --ignore=tests/*
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench-seed: install
	$(BIN)/python bench/seed.py

# Every page's server time per role against the login form (bench/pages.py), e.g.
# make bench-pages BENCH_ARGS="--scale province --reuse --after-bulk"
bench-pages: install
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
