# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WXR_CORPUS ?= ../shared/wxr-corpus
export WXR_CORPUS

.PHONY: demo test lint setup clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@# A fresh demo: skeleton files an earlier version wrote there are kept by design.
	rm -rf demo-output
	$(BIN)/wxr info fixtures/ctts-sample.xml
	$(BIN)/wxr convert fixtures/ctts-sample.xml --raw --to jsonl -o demo-output/ctts-sample.raw.jsonl
	$(BIN)/wxr convert fixtures/ctts-sample.xml --to jsonl -o demo-output/ctts-sample.jsonl \
		--report demo-output/report.json
	$(BIN)/wxr convert fixtures/ctts-sample.xml --to markdown --flavor hugo -o demo-output/hugo-site \
		--redirects netlify --force
	@if command -v hugo >/dev/null; then \
		hugo --quiet --source demo-output/hugo-site --destination public && \
		echo "built the Hugo site: open demo-output/hugo-site/public/index.html"; \
	else echo "wrote demo-output/hugo-site (install hugo to build it)"; fi
	@for flavor in eleventy astro; do \
		$(BIN)/wxr convert fixtures/ctts-sample.xml --to markdown --flavor $$flavor \
			-o demo-output/$$flavor-site --redirects netlify --force >/dev/null && \
		$(BIN)/python tests/node_tools.py build $$flavor demo-output/$$flavor-site || exit 1; \
	done
	@echo "wrote demo-output/: the raw model dump, the transformed one, the run report, Hugo, Eleventy and Astro sites"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
