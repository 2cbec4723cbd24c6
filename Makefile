# Two commands: `make app` (set up, then start the page) and `make test`.
.PHONY: app test setup setup-test lint

app: setup
	.venv/bin/coach app

test: setup-test
	.venv/bin/python -m pytest -q

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh test

lint: setup-test
	.venv/bin/ruff check coach evals tests app.py
