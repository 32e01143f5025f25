# The two commands a new user needs:  `make demo`  and  `make test`.
# Both create .venv with pinned dependencies when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DBT := $(BIN)/dbt

DEMO_PERSONS ?= 20000
DEMO_SEED ?= 42
DEMO_DIR ?= data/demo
DEMO_DB ?= data/demo.duckdb
TEST_PERSONS ?= 1500
TEST_SEED ?= 7
TEST_DIR ?= data/test
TEST_DB ?= data/test.duckdb

.PHONY: venv demo test lint pytest dbt-test demo-data test-data clean

venv: $(STAMP)

$(STAMP): requirements.txt python/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e python
	@touch $(STAMP)

demo-data: $(STAMP)
	$(BIN)/c360 generate --persons $(DEMO_PERSONS) --seed $(DEMO_SEED) --out $(DEMO_DIR)

demo: demo-data
	rm -f $(DEMO_DB)
	C360_DATA_DIR=$(DEMO_DIR) C360_DB_PATH=$(DEMO_DB) $(DBT) build
	$(BIN)/c360 summary --db $(DEMO_DB)

test-data: $(STAMP)
	$(BIN)/c360 generate --persons $(TEST_PERSONS) --seed $(TEST_SEED) --out $(TEST_DIR)

lint: $(STAMP)
	C360_DATA_DIR=$(TEST_DIR) C360_DB_PATH=$(TEST_DB) $(BIN)/sqlfluff lint models macros tests analyses

pytest: $(STAMP)
	$(BIN)/python -m pytest -q python/tests

dbt-test: test-data
	rm -f $(TEST_DB)
	C360_DATA_DIR=$(TEST_DIR) C360_DB_PATH=$(TEST_DB) $(DBT) build
	$(BIN)/c360 ltv-check --db $(TEST_DB) --truth $(TEST_DIR) --max-aggregate-error 0.2

test: lint pytest dbt-test

clean:
	rm -rf target logs data $(VENV)
