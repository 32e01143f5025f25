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
TEST_INC_DIR ?= data/test_increment
TEST_INC_WORK ?= data/test_incremental

.PHONY: venv demo test lint pytest dbt-test test-incremental demo-data test-data clean

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
	$(BIN)/c360 generate --persons $(TEST_PERSONS) --seed $(TEST_SEED) --out $(TEST_DIR) --increment-out $(TEST_INC_DIR)

lint: $(STAMP)
	C360_DATA_DIR=$(TEST_DIR) C360_DB_PATH=$(TEST_DB) $(BIN)/sqlfluff lint models macros tests analyses

pytest: $(STAMP)
	$(BIN)/python -m pytest -q python/tests

dbt-test: test-data
	rm -f $(TEST_DB)
	C360_DATA_DIR=$(TEST_DIR) C360_DB_PATH=$(TEST_DB) $(DBT) build
	$(BIN)/c360 ltv-check --db $(TEST_DB) --truth $(TEST_DIR) --max-aggregate-error 0.2

# day 1, then day 2 incrementally, must equal a fresh build of day 2 (docs/incremental.md)
test-incremental: test-data
	$(BIN)/c360 incremental-check --base $(TEST_DIR) --increment $(TEST_INC_DIR) --work $(TEST_INC_WORK) \
		--json $(TEST_INC_WORK)/report.json

test: lint pytest dbt-test test-incremental

clean:
	rm -rf target logs data $(VENV)

# ---- Apache Spark (docs/spark.md) -------------------------------------------------------------
# `make test-spark`: the whole project built and tested on a local Spark (dbt-spark, method
# `session`) over the test data, then scripts/spark_parity.py compares it with the DuckDB build
# of the same files (similarity functions, date parsing, F1 of `c360 evaluate`, every mart).
# The DuckDB build is $(TEST_DB) from `make test` when it is newer than the project files,
# else it is built here first.
SPARK_STAMP := $(VENV)/.installed-spark
SPARK_DIR ?= data/spark
SPARK_LOG4J := $(SPARK_DIR)/log4j2.properties
SPARK_ENV = C360_TARGET=spark C360_SPARK_DIR=$(SPARK_DIR) C360_DATA_DIR=$(CURDIR)/$(TEST_DIR) \
	C360_SPARK_JAVA_OPTIONS=-Dlog4j2.configurationFile=$(CURDIR)/$(SPARK_LOG4J) SPARK_LOCAL_IP=127.0.0.1
# not on Spark: the LTV fit is a Python model, which dbt-spark runs only on Databricks
SPARK_EXCLUDE ?= int_ltv__fitted_parameters+
SPARK_NOT_BUILT ?= ltv_parameters customer_ltv customer_segments
SPARK_PROJECT_FILES := dbt_project.yml profiles.yml $(shell find models macros seeds tests analyses -type f 2>/dev/null)

.PHONY: spark-venv test-spark

spark-venv: $(SPARK_STAMP)

$(SPARK_STAMP): requirements-spark.txt $(STAMP)
	@command -v java >/dev/null 2>&1 || { echo "Spark needs a Java runtime (17 or 21), e.g. apt-get install openjdk-17-jre-headless" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	@touch $(SPARK_STAMP)

$(TEST_DB): $(SPARK_PROJECT_FILES) | $(STAMP)
	$(MAKE) test-data
	rm -f $(TEST_DB)
	C360_DATA_DIR=$(TEST_DIR) C360_DB_PATH=$(TEST_DB) $(DBT) build --exclude "resource_type:test" "resource_type:unit_test"

test-spark: $(SPARK_STAMP) $(TEST_DB)
	$(MAKE) test-data
	rm -rf $(SPARK_DIR) && mkdir -p $(SPARK_DIR)
	printf '%s\n' 'rootLogger.level = error' 'rootLogger.appenderRef.console.ref = console' \
		'appender.console.type = Console' 'appender.console.name = console' 'appender.console.target = SYSTEM_ERR' \
		'appender.console.layout.type = PatternLayout' 'appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n' \
		'logger.codegen.name = org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator' 'logger.codegen.level = off' \
		'logger.hms.name = org.apache.hadoop.hive.metastore.RetryingHMSHandler' 'logger.hms.level = off' \
		> $(SPARK_LOG4J)
	@start=$$(date +%s); $(SPARK_ENV) $(DBT) build --exclude "$(SPARK_EXCLUDE)"; rc=$$?; \
		echo "test-spark: dbt build on Spark: $$(( $$(date +%s) - start )) s"; exit $$rc
	@start=$$(date +%s); $(SPARK_ENV) $(BIN)/python scripts/spark_parity.py --duckdb $(TEST_DB) --data $(TEST_DIR) \
		--export $(SPARK_DIR)/spark_build.duckdb --out $(SPARK_DIR)/parity.json --not-on-spark $(SPARK_NOT_BUILT); rc=$$?; \
		echo "test-spark: parity check: $$(( $$(date +%s) - start )) s"; exit $$rc
