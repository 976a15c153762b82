# Two commands a newcomer types: `make run` and `make test`. Everything else is for developers.
PY        ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
AW_VENV   := .tools/aw-venv
STAMP     := $(VENV)/.installed
AW_STAMP  := $(AW_VENV)/.installed
FE_STAMP  := frontend/node_modules/.installed
PORT      ?= 8741

.PHONY: run test test-fast soak bench lint aw-server frontend clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev,tray]'
	touch $(STAMP)

# aw-server pins old flask/peewee, so it lives in a venv of its own (DESIGN §3).
$(AW_STAMP):
	test -x $(AW_VENV)/bin/python || $(PY) -m venv $(AW_VENV)
	$(AW_VENV)/bin/pip install --quiet 'aw-server==0.12.0' 'flask==2.2.5' 'peewee==3.19.0'
	touch $(AW_STAMP)

aw-server: $(AW_STAMP)

# The dashboard's toolchain (node 20 + npm are on these machines). Only developers and tests
# need it: the built page is committed under src/taskclf/api/static/.
$(FE_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(FE_STAMP)

frontend: $(FE_STAMP)
	cd frontend && npm run build

run: $(STAMP) $(AW_STAMP)
	TASKCLF_AW_SERVER_BIN=$(AW_VENV)/bin/aw-server $(BIN)/taskclf demo --port $(PORT)

test: $(STAMP) $(AW_STAMP) $(FE_STAMP)
	cd frontend && npm test
	TASKCLF_AW_SERVER_BIN=$(AW_VENV)/bin/aw-server $(BIN)/pytest

# The crash and fuzz tests, run long: hundreds of SIGKILLs and thousands of fuzzed requests.
soak: $(STAMP) $(AW_STAMP)
	TASKCLF_SOAK_KILLS=100 TASKCLF_FUZZ_EXAMPLES=1000 TASKCLF_AW_SERVER_BIN=$(AW_VENV)/bin/aw-server \
	  $(BIN)/pytest -q tests/integration/test_jobs_crash.py tests/integration/test_labels_crash.py \
	  tests/integration/test_registry_crash.py tests/integration/test_api_fuzz.py

test-fast: $(STAMP)
	$(BIN)/pytest -m 'not slow and not aw and not e2e'

bench: $(STAMP) $(AW_STAMP)
	@for f in benchmarks/bench_*.py; do \
	  echo "== $$f"; TASKCLF_AW_SERVER_BIN=$(AW_VENV)/bin/aw-server $(BIN)/python $$f || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .tools build dist frontend/node_modules
