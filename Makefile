# jixiao: `make demo` scores the bundled evaluation, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest notebooks lab bench serve browser screenshots clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The bundled evaluation keeps a malformed published target on purpose, so the scorer reports
# an error row and exits 1; any other exit code fails the demo.
demo: $(STAMP)
	$(BIN)/jixiao score evaluations/chengde-2024 --detail || test $$? -eq 1

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2

notebooks: $(STAMP)
	$(BIN)/pytest tests/test_notebooks.py

# The local web page for department staff (http://127.0.0.1:8000).
serve: $(STAMP)
	$(BIN)/jixiao serve --open

# Debian's Chromium and a CJK font for the browser tests (as root, only what is missing).
browser:
	.ci/install-browser

# Regenerate the README's screenshots with the browser tests.
screenshots: $(STAMP)
	JIXIAO_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/test_web_browser.py

lab: $(STAMP)
	$(BIN)/pip install --quiet jupyterlab
	$(BIN)/jupyter lab notebooks/

# The province-scale figures: JIXIAO_BENCH_ROWS=1000000 for the 1M tables and
# JIXIAO_BENCH_DASK_ROWS=10000000 for the 10M Dask run (both opt-in: the default is 100,000 rows).
bench: $(STAMP)
	$(BIN)/python benchmarks/parse_corpus.py
	$(BIN)/python benchmarks/labelled_forms_report.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
