# The two commands of the README. Both set up .venv themselves on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-prep lint bench browser clean package synth deploy lock client-test client-types release
STAGE ?= dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

RUN_STAMP := $(VENV)/.run-installed

# `make run` installs only what the local run needs (requirements-run.lock: the app, Chalice, boto3, moto's
# DynamoDB/SSM/SQS server), hash-checked, without compiling every module ahead (Python writes the .pyc of what
# the run imports): about 15 s and 130 MB on a warm package cache. The test and deploy tools (pytest, CDK,
# Playwright, mypy, …) come from requirements-dev.lock with the first `make test`, `make lint` or `make synth`.
$(RUN_STAMP): requirements-run.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-compile --no-deps --require-hashes -r requirements-run.lock
	touch $(RUN_STAMP)

$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# The welcome-board test drives Debian's Chromium (Playwright's own browser download cannot work here),
# with CJK fonts so the screenshot shows the Chinese it renders.
browser:
	@(for p in chromium fonts-noto-cjk; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || exit 1; done) || { \
	  echo "installing Debian chromium and fonts-noto-cjk for the board test"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

run: $(RUN_STAMP)
	$(PY) -m devstack.run

# ruff, the import contracts and strict mypy (configured in pyproject.toml). All three run, so one `make lint`
# shows every finding; it fails if any of them does.
lint: $(STAMP)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	$(VENV)/bin/mypy chalicelib/domain chalicelib/services || status=1; \
	exit $$status

# Two workers (CI has two cores); each starts its own embedded DynamoDB and stand-ins. The mini-program's
# tests run first, so pytest's closing line is the last one. `package` first: the infra tests synthesize the
# stacks around dist/appt.zip; loadgroup keeps the template tests on one worker (synthesized once). What comes
# before pytest runs two at a time (npm ci beside the pip install, the package beside the mini-program's tests).
test:
	$(MAKE) -j2 test-prep
	$(PY) -m pytest -n 2 --dist loadgroup

test-prep: $(STAMP) browser lint package client-test

# The one build of the deployable artifact: dist/appt.zip (app, chalicelib, the locked dependencies for
# Lambda, without boto3/botocore). Every stage's stack deploys this very file.
package: $(STAMP)
	$(PY) -m infra.package

# One CloudFormation template per stage into infra/cdk.out/, offline: no AWS account or credentials.
synth: package
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} $(PY) -m infra.app

# A release is a tag: `make release` tags HEAD (a clean tree) v<YYYY.MM.DD>.<n> with its package's sha256.
release: package
	$(PY) -m infra.release tag

# The CDK CLI, pinned by infra/package-lock.json (npm ci), never fetched unpinned at deploy time.
CDK_STAMP := infra/node_modules/.package-lock.json

$(CDK_STAMP): infra/package-lock.json
	cd infra && npm ci --no-audit --no-fund --loglevel=error
	touch $(CDK_STAMP)

# The package's Python 3.13 bytecode is compiled by Pyodide, pinned in the same lock (decision 0088).
package: $(CDK_STAMP)

# A real account (docs/deploy.md): credentials for the stage's partition, CDK bootstrapped, then
# `make deploy STAGE=prod-cn VERSION=v2026.12.07.1`: that tag's package (rebuilt in a worktree of its own and
# checked against the sha256 the tag recorded), its stacks, the stage's stack deployed, its data migrations.
# Rolling back is deploying the previous tag. API_DOMAIN= API_CERTIFICATE_ARN= set the custom domain's stack
# parameters (kept by CloudFormation for later deploys).
VERSION ?=
deploy: $(STAMP) $(CDK_STAMP)
	$(PY) -m infra.release deploy --stage $(STAGE) --version $(VERSION) \
	  $(if $(API_DOMAIN),--api-domain $(API_DOMAIN)) $(if $(API_CERTIFICATE_ARN),--api-certificate $(API_CERTIFICATE_ARN))

# Refresh the locks after editing a requirements file (hashes for every file of each pinned version): the Lambda
# bundle's (requirements.lock), the test and deploy tools' (requirements-dev.lock) and the local run's
# (requirements-run.lock; pip-compile keeps the versions a lock already pins, and tests/unit/test_locks.py checks
# that the three agree).
lock: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --generate-hashes --no-strip-extras --no-emit-index-url --no-emit-find-links \
	  $(foreach p,boto3 botocore s3transfer jmespath python-dateutil urllib3 six,--unsafe-package $(p)) \
	  --output-file requirements.lock requirements.txt
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements-dev.lock requirements-dev.txt
	$(VENV)/bin/pip-compile --quiet --generate-hashes --no-strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements-run.lock requirements-run.txt

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

# After an API change: regenerate the mini-program's request/response types from GET /openapi.json's document.
client-types: $(STAMP) $(NPM_STAMP)
	cd miniprogram && node scripts/openapi-types.js --write

bench: $(STAMP)
	$(PY) -m bench.booking_race

clean:
	rm -rf $(VENV) dist infra/cdk.out infra/node_modules miniprogram/node_modules .pytest_cache artifacts .ruff_cache .mypy_cache .import_linter_cache
