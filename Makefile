# Sunshine (阳光政务). Two commands on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint check serve bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Start the platform with demo data at http://127.0.0.1:8000 (SQLite, local files, no Redis).
demo: $(STAMP)
	sh scripts/ensure-pdf.sh
	$(BIN)/sunshine demo

## Run every test (SQLite by default; set DATABASE_URL=postgres://… for PostgreSQL).
test: $(STAMP)
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-pdf.sh
	sh scripts/ensure-nginx.sh
	$(BIN)/pytest -n 2 --dist loadfile -q --create-db $(PYTEST_ARGS)

## ruff, the import contracts (import-linter, pyproject.toml [tool.importlinter]) and the missing-migrations check.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	SUNSHINE_DEMO=1 $(BIN)/python manage.py makemigrations --check --dry-run

check: lint test

serve: $(STAMP)
	$(BIN)/sunshine serve

clean:
	rm -rf $(VENV) var
