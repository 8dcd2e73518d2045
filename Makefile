# dlcourse: `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# A CPU build of torch, installed first and pinned: an unpinned torch pulls a multi-GB CUDA build.
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)

.PHONY: setup lab run notebooks test test-unit test-notebooks test-headless test-browser \
        chromium lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the course

lab: $(STAMP)  ## open the course in JupyterLab (root, as in a container, needs --allow-root)
	$(BIN)/jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

run: $(STAMP)  ## execute every chapter headlessly into build/run (with a report)
	$(BIN)/dlcourse run --out build/run

notebooks: $(STAMP)  ## re-execute the committed notebooks in place (the only way outputs are made)
	$(BIN)/dlcourse run --in-place --out build/notebooks

test: $(STAMP) chromium  ## every test layer: unit, notebooks (nbval), headless run, browser
	$(MAKE) --no-print-directory test-unit test-notebooks test-headless test-browser

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit tests/test_notebook_hygiene.py tests/test_packaging.py

test-notebooks: $(STAMP)
	$(BIN)/pytest --nbval $(NOTEBOOKS) --nbval-sanitize-with tests/notebooks/sanitize.cfg \
	    --nbval-cell-timeout=900

test-headless: $(STAMP)
	$(BIN)/pytest tests/headless

test-browser: $(STAMP) chromium
	$(BIN)/pytest tests/browser

chromium:  ## the browser test drives Debian's Chromium; install it when missing (needs root)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

lint: $(STAMP)
	$(BIN)/ruff check dlcourse tests benchmarks data

clean:
	rm -rf build .pytest_cache
