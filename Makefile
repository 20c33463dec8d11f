# Both targets build their own environment: a fresh machine needs only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The main job: a world, one bank's view of it screened against the world's list and scanned
# for laundering typologies, and the report.
demo: $(STAMP)
	rm -rf demo
	$(BIN)/illicitflow simulate --scenario default --seed 7 --out demo/world --policy src/illicitflow/world/policies/bda_311.yaml
	$(BIN)/illicitflow world view demo/world --observer bank:bank-hk-0 --out demo/bank
	$(BIN)/illicitflow lists load demo/world/sanctions --store demo/bank.duckdb
	$(BIN)/illicitflow world queries demo/bank --out demo/bank/queries.csv
	$(BIN)/illicitflow screen demo/bank/queries.csv --store demo/bank.duckdb --out demo/bank/screening.csv
	$(BIN)/illicitflow transactions import demo/bank --format native --store demo/bank.duckdb
	$(BIN)/illicitflow detect --store demo/bank.duckdb --out demo/bank/alerts.parquet
	$(BIN)/illicitflow report demo/world --out report/index.html
	@echo "report written to report/index.html; the bank's screening hits in demo/bank/screening.csv, its alerts in demo/bank/alerts.parquet"

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

# The screening benchmark runs nomenklatura's logic-v2 beside ours; nomenklatura pins an older
# DuckDB, so it is installed without its dependencies (what it needs is listed here).
bench-deps: $(STAMP)
	$(BIN)/pip install --quiet --no-deps nomenklatura==4.17.4
	$(BIN)/pip install --quiet fingerprints shortuuid scikit-learn lxml

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) demo report .pytest_cache
