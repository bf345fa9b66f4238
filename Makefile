# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test test-quick install install-dev train data browsers services bench report retention shell

$(STAMP): pyproject.toml .python-version
	@command -v pyenv >/dev/null && pyenv install -s $$(cat .python-version) || true
	python -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(STAMP)

install: $(STAMP)

# What the tests and the benchmark add (pytest, Selenium, ruff, ...: pyproject's `dev` extra).
$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(DEV_STAMP)

install-dev: $(DEV_STAMP)

data: install
	$(PY) -m bot.training_data

train: data
	$(PY) scripts/train_if_changed.py

run: train
	bash scripts/run.sh

# Staff, while `make run` is up: a terminal chat on a free port with its own in-memory
# conversations and the same action server (endpoints.shell.yml).
shell: install
	$(RASA) shell --model models/tthc.tar.gz --endpoints endpoints.shell.yml $(ARGS) \
	  --port $$($(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Headless Chromium and its WebDriver from Debian, for the widget's browser tests (as root).
browsers:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# PostgreSQL and Redis from Debian, for the production-profile tests (as root); the tests start
# their own private servers on loopback, the packages' own services are not used.
services:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; }

test: install-dev train browsers services
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) scripts/validate_data.py
	bash scripts/test.sh

# The unit tests alone: seconds, without training, root, databases or browsers.
test-quick: install-dev
	$(PY) -m pytest -m "not e2e"

# The benchmark: prints the report and writes BENCHMARKS.md (about 15 minutes).
bench: install-dev train services
	$(PY) -m bench

# The staff report: most asked procedures, unanswered questions, worst-rated answers (30 days).
report: install
	$(PY) -m bot.feedback --days 30

# Deletes conversations and feedback older than RETENTION_DAYS (180); run it daily.
retention: install
	$(PY) -m bot.retention
