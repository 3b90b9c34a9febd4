# The two commands of the README. Both set up .venv themselves on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser clean client-test
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

# The mini-program (miniprogram/): `npm ci` from the committed lock file whenever node_modules is missing or
# older than the lock, then the type check, jest (components, pages, and the end-to-end test that starts
# `devstack.run` on a free port; MP_API_BASE=http://... reuses a running one), the wcc/wcsc compile checks and
# miniprogram-ci's offline compile. Its last line is "N passed, N failed".
NPM_STAMP := miniprogram/node_modules/.package-lock.json

$(NPM_STAMP): miniprogram/package-lock.json
	cd miniprogram && npm ci --no-audit --no-fund --loglevel=error --prefer-offline
	touch $(NPM_STAMP)

client-test: $(STAMP) $(NPM_STAMP)
	cd miniprogram && node scripts/client-test.js

# Two workers (CI has two cores); each starts its own embedded DynamoDB and stand-ins. The mini-program's
# tests run first, so pytest's closing line is the last one.
test: $(STAMP) browser lint client-test
	$(PY) -m pytest -n 2

bench: $(STAMP)
	$(PY) -m bench.booking_race

clean:
	rm -rf $(VENV) miniprogram/node_modules .pytest_cache artifacts .ruff_cache .mypy_cache .import_linter_cache
