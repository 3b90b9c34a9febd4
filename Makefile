# The two commands of the README. Both set up .venv themselves on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The welcome-board test drives Debian's Chromium (Playwright's own browser download cannot work here),
# with CJK fonts so the screenshot shows the Chinese it renders.
browser:
	@(for p in chromium fonts-noto-cjk; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || exit 1; done) || { \
	  echo "installing Debian chromium and fonts-noto-cjk for the board test"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

run: $(STAMP)
	$(PY) -m devstack.run

# ruff, the import contracts and strict mypy (configured in pyproject.toml). All three run, so one `make lint`
# shows every finding; it fails if any of them does.
lint: $(STAMP)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	$(VENV)/bin/mypy chalicelib/domain chalicelib/services || status=1; \
	exit $$status

# Two workers (CI has two cores); each starts its own embedded DynamoDB and stand-ins.
test: $(STAMP) browser lint
	$(PY) -m pytest -n 2

bench: $(STAMP)
	$(PY) -m bench.booking_race

clean:
	rm -rf $(VENV) .pytest_cache artifacts .ruff_cache .mypy_cache .import_linter_cache
