# Monitor Sociaal Domein — the two commands: `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MONITOR_WAREHOUSE ?= data/processed/monitor.duckdb
PORT ?= 8501
# The address the dashboard listens on: only this computer by default. `make run HOST=0.0.0.0` shares it on the
# network (e.g. a presentation laptop that others open in their browser). `=`, not `?=`: some shells export HOST
# as the machine's name, and that must not open the dashboard to the network.
HOST = 127.0.0.1

# The demo warehouse is rebuilt when any of its inputs is newer than it.
DEMO_INPUTS := $(shell find data/raw/demo config warehouse monitor pipelines -type f \
                 \( -name '*.json' -o -name '*.toml' -o -name '*.sql' -o -name '*.py' -o -name '*.xlsx' -o -name '*.csv' \) 2>/dev/null)

.PHONY: run test test-later axe bench warehouse demo-data status clean

run: $(MONITOR_WAREHOUSE)
	$(BIN)/streamlit run app/streamlit_app.py --server.address $(HOST) --server.port $(PORT) --server.headless true

# In parallel on every core (pytest-xdist, set in pyproject.toml); `$(BIN)/python -m pytest -n 0` runs in one process.
test: $(INSTALLED)
	$(BIN)/python -m pytest

# The same suite with the machine's clock set to mid-2027 (Debian package faketime): no test may depend on the date.
test-later: $(INSTALLED)
	faketime '2027-06-01 12:00:00' $(BIN)/python -m pytest

# Accessibility: axe-core over every page and slide type of a fresh demo warehouse; lists each serious or critical
# violation with its page, element and colours (the browser tests require none).
axe: $(INSTALLED)
	$(BIN)/python -m tools.axe_scan

# Speed: every page against its floor on the demo and a large gemeente, and a wijk change in the browser.
bench: $(INSTALLED)
	$(BIN)/python -m benchmarks.page_speed
	$(BIN)/python -m benchmarks.browser_speed

warehouse: $(MONITOR_WAREHOUSE)

$(MONITOR_WAREHOUSE): $(INSTALLED) $(DEMO_INPUTS)
	$(BIN)/python -m pipelines demo --keep-real --warehouse $@

# Regenerate the committed demo files (deterministic: no diff unless the generator changed).
demo-data: $(INSTALLED)
	$(BIN)/python -m tools.demo

status: $(INSTALLED)
	$(BIN)/python -m pipelines status --warehouse $(MONITOR_WAREHOUSE)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) data/processed/*.duckdb data/processed/.*.bouw-* .pytest_cache
