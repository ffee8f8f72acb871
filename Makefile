# Home Practice: `make run` starts the clinic app, `make test` runs every test, `make test-fast`
# the tests that need neither a page (tests/pages/, AppTest) nor a browser (tests/e2e/).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# 127.0.0.1: only this machine. HOST=0.0.0.0 listens on the clinic network (see README: put
# a TLS proxy in front, and add the clinic's host name to server.allowedHosts).
HOST ?= 127.0.0.1
HOME_PRACTICE_DEMO ?= 1

.PHONY: run test test-fast test-pages test-repeat lint chromium bench bench-sheets bench-import

# axe-core, the accessibility checker the browser tests put into each page (tests/e2e/axe/package.json
# pins it, package-lock.json holds its checksum): installed here, never fetched by a test.
AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	npm ci --prefix tests/e2e/axe --no-audit --no-fund --loglevel=error
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs only when a requirements file changed.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
ifeq ($(HOME_PRACTICE_DEMO),0)
	$(BIN)/python -c "from lib import db; db.connect().close()"
else
	$(BIN)/python -m lib.demo --if-missing
endif
	$(BIN)/streamlit run lib/web.py --server.port $(PORT) --server.address $(HOST)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package (browser tests need it)"; fi; }
	@command -v caddy >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq caddy >/dev/null; \
	  else echo "caddy is missing: install Debian's caddy package (the proxy test needs it)"; fi; }
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq nginx-light >/dev/null; \
	  else echo "nginx is missing: install Debian's nginx-light package (the proxy test needs it)"; fi; }
	@command -v systemd-analyze >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq systemd >/dev/null; \
	  else echo "systemd-analyze is missing: install Debian's systemd package (tests/test_deploy.py needs it)"; fi; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev chromium $(AXE) lint
	$(BIN)/python -m pytest

# After every change: no page, no browser, on both cores (pytest-xdist; each worker builds its own
# template database in its own temp folder). Prints its time: 182 s here for 1,558 tests (327 s in one process).
test-fast: $(VENV)/.installed-dev lint
	@start=$$(date +%s); $(BIN)/python -m pytest -q -n 2 --ignore=tests/pages --ignore=tests/e2e; status=$$?; \
	  echo "make test-fast: $$(( $$(date +%s) - start )) s"; exit $$status

# The pages through AppTest (tests/pages/).
test-pages: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q tests/pages

# Chosen tests COUNT times (browser tests before a stop: a flaky one shows here, not in CI), e.g.
# make test-repeat TESTS=tests/e2e/test_task_photo.py COUNT=10. Each round is its own pytest run
# (its own server and copy of the demo clinic), so no round meets the writes of the one before.
COUNT ?= 10
test-repeat: $(VENV)/.installed-dev chromium $(AXE)
	@test -n "$(TESTS)" || { echo "Name the tests: make test-repeat TESTS=tests/e2e/test_x.py COUNT=10"; exit 1; }
	@passed=0; for round in $$(seq $(COUNT)); do \
	  if $(BIN)/python -m pytest -q -p no:cacheprovider $(TESTS) >/tmp/test-repeat-$$$$.log 2>&1; \
	  then passed=$$((passed + 1)); echo "round $$round: passed"; \
	  else echo "round $$round: FAILED"; tail -n 30 /tmp/test-repeat-$$$$.log; fi; done; \
	  rm -f /tmp/test-repeat-$$$$.log; echo "make test-repeat: $$passed of $(COUNT) rounds passed"; \
	  test $$passed -eq $(COUNT)

# Whole pages through AppTest at clinic sizes S and M (BENCH_SIZES=S,M,L for L), warm and cold,
# against a trivial page; then the cold start of `streamlit run` to the first caseload and the
# app's peak RSS (headless Chromium). Prints the table, writes BENCH_JSON
# (benchmarks/latest.json), asserts nothing.
bench: $(VENV)/.installed-dev chromium
	$(BIN)/python -m tests.bench_pages
	$(BIN)/python -m tests.bench_start

# Reading photographed sheets: the app's own marked sheets, marked and "photographed" at three
# distortion levels (tests/bench_sheets.py); prints boxes right, share asked, confident wrong, time.
bench-sheets: $(VENV)/.installed-dev
	HOME_PRACTICE_TODAY=2026-11-25 $(BIN)/python -m tests.bench_sheets --detail

# Imports: generated files of 20,000 families (with caregivers, links, tasks), then 2,000 families
# with 200,000 ticks, each previewed three times in a fresh process (tests/bench_import.py);
# prints the time of the preview and the peak RSS, the best and the median. Asserts nothing.
bench-import: $(VENV)/.installed-dev
	$(BIN)/python -m tests.bench_import --families 20000
	$(BIN)/python -m tests.bench_import --families 2000 --ticks 200000

# Backups: a verified copy in data/backups/ (7 daily, 4 weekly kept), made by the running app
# when it holds the file. `make restore BACKUP=data/backups/home_practice-....duckdb` (app stopped).
.PHONY: backup restore
backup: $(VENV)/.installed
	PORT=$(PORT) $(BIN)/python -m lib.backup create

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Give the backup: make restore BACKUP=data/backups/<file>.duckdb"; exit 1; }
	$(BIN)/python -m lib.backup restore "$(BACKUP)"

# Many users at once: the real server on the M clinic (2,000 families x 3 years, built once under
# /tmp/home_practice_load), driven by Locust through POST /login and Streamlit's WebSocket
# (tests/load/). Per size: p50/p95/p99 per action, errors, runs/s, server CPU and peak RSS, and
# whether every acknowledged tick is in the database; writes benchmarks/load.json.
# `make load LOAD_PROFILE=stress LOAD_USERS=25 LOAD_TIME=60`
.PHONY: load
LOAD_CLINIC ?= M
LOAD_USERS ?= 10,25,50,100
LOAD_PROFILE ?= realistic
LOAD_TIME ?= 180
load: $(VENV)/.installed-dev
	$(BIN)/python -m tests.load.run --clinic $(LOAD_CLINIC) --users $(LOAD_USERS) \
	  --profile $(LOAD_PROFILE) --time $(LOAD_TIME)
