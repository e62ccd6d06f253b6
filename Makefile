# ML & DL Guide: one entry point for readers and contributors.
#   make serve   set up once, then serve with live reload on http://127.0.0.1:8000
#   make build   set up once, then a strict build into site/
#   make test    set up once, then a strict build, the linters and the whole test suite
# Set-up runs only when its inputs change (stamp files), so a second run starts in seconds.

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
SITE   := site
VENDOR := docs/assets/vendor
MATHJAX := node_modules/mathjax/es5

PY_STAMP     := $(VENV)/.installed
JS_STAMP     := node_modules/.installed
VENDOR_STAMP := $(VENDOR)/.installed

.PHONY: help setup serve build test lint examples figures offline bench lock clean

help:
	@echo "make serve | build | test | offline | bench | lint | examples | figures | lock | clean"

setup: $(PY_STAMP) $(VENDOR_STAMP)

# Python: a virtual environment with exactly the hashed versions of requirements.lock.
$(PY_STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

# JavaScript: the libraries the site serves itself, at the versions of package-lock.json.
$(JS_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Copy the files the pages load into docs/ (git-ignored), so that MkDocs serves them.
$(VENDOR_STAMP): $(JS_STAMP)
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/mathjax/output/chtml/fonts $(VENDOR)/mathjax/input/tex $(VENDOR)/mermaid
	cp $(MATHJAX)/tex-chtml.js $(VENDOR)/mathjax/
	cp -r $(MATHJAX)/a11y $(MATHJAX)/sre $(MATHJAX)/ui $(VENDOR)/mathjax/
	cp -r $(MATHJAX)/input/tex/extensions $(VENDOR)/mathjax/input/tex/
	cp -r $(MATHJAX)/output/chtml/fonts/woff-v2 $(VENDOR)/mathjax/output/chtml/fonts/
	cp node_modules/mermaid/dist/mermaid.min.js $(VENDOR)/mermaid/
	mkdir -p $(VENDOR)/iframe-worker
	cp node_modules/iframe-worker/shim/index.js $(VENDOR)/iframe-worker/shim.js
	touch $@

# A copy of the site that works when opened from disk (file://), search included.
offline: setup
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(SITE)-offline

# Performance figures per page (bytes, requests, JS, time to fully rendered) and the build time.
bench: build
	$(BIN)/python tests/bench.py --site $(SITE)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/codespell docs includes README.md CONTRIBUTING.md

test: build offline lint
	SITE_DIR=$(SITE) OFFLINE_SITE_DIR=$(SITE)-offline $(BIN)/python -m pytest

# Re-run every example script and refresh the outputs that the articles include.
examples: $(PY_STAMP)
	@for f in includes/examples/*/*.py; do \
	  echo "$$f"; $(BIN)/python "$$f" > "$${f%.py}.out" || exit 1; \
	done

# Draw every figure again: includes/figures/NN-section/NAME.py -> docs/assets/figures/NN-section/NAME.svg
figures: $(PY_STAMP)
	@for f in includes/figures/*/*.py; do \
	  out="docs/assets/figures/$${f#includes/figures/}"; out="$${out%.py}.svg"; \
	  echo "$$f -> $$out"; PYTHONPATH=includes/figures $(BIN)/python "$$f" "$$out" || exit 1; \
	done

# Re-resolve the Python lock file from pyproject.toml (needs network access to the package index).
lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/python -m pip install --quiet uv
	.lock-venv/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	  --no-header --quiet -o requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(SITE) $(SITE)-offline $(VENV) node_modules $(VENDOR) .pytest_cache test-results
