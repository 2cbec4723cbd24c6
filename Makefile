# Two commands: `make app` (set up, then start the page) and `make test`.
.PHONY: app test quick setup setup-test lint

app: setup
	.venv/bin/coach app

test: setup-test
	.venv/bin/python -m pytest -q

# everyday work: everything but the real Chroma server, model, local server and browser (about a minute)
quick: setup-test
	.venv/bin/python -m pytest -q -m "not real"

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh test

lint: setup-test
	.venv/bin/ruff check coach evals tests app.py
